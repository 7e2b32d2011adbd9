"""Answers saved after the session ended are kept: the person signs in again (password and second
factor) and finds what they typed back in the criterion page, unsaved, under a banner. Only the
form's answer fields are kept, only for someone who may edit the assessment, and only once."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cases import kept_answers
from cases.models import Judgement
from tests.second_factor import authenticator, code_for

from .conftest import criterion_url, page_post

PASSWORD = "correct horse battery staple"
BANNER = "You were signed out. We kept what you typed: check it and save."


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def checked(response, name: str) -> str | None:
    """The value of the checked radio named ``name``, if any."""
    found = re.search(rf'name="{re.escape(name)}" type="radio" value="([^"]*)" checked', response.content.decode())
    return found.group(1) if found else None


def typed(questions):
    return page_post(questions, {"A.1.01": {"option": "late", "rationale": "Screening done 12 days after sentence."}})


@pytest.fixture
def signed_out(client, inspector, assessment):
    """The inspector's session has ended on the server while their criterion page was open."""
    client.force_login(inspector)
    client.get(criterion_url(assessment.case))
    Session.objects.all().delete()
    return client


def sign_in(client, user, next_url: str):
    """Sign in as a person does: the password form, then the authenticator's code."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, "the password was not accepted"
    response = client.post(
        reverse("two_factor"), {"code": code_for(authenticator(user)), "next": next_url}, follow=False
    )
    assert response.status_code == 302
    return response["Location"]


def test_answers_saved_after_sign_out_are_restored_unsaved_after_signing_in_again(
    signed_out, inspector, case, questions
):
    authenticator(inspector)  # set up on an earlier sign-in
    url = criterion_url(case)

    response = signed_out.post(url, {**typed(questions), "csrfmiddlewaretoken": "a-token"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    sign_in_page = signed_out.get(response["Location"])
    assert "You were signed out, so your answers have not been saved yet." in text(sign_in_page)
    assert Judgement.objects.count() == 0

    assert sign_in(signed_out, inspector, url) == url
    page = signed_out.get(url)

    assert BANNER in text(page)
    assert checked(page, "A.1.01-answer") == "late"
    assert "Screening done 12 days after sentence.</textarea>" in page.content.decode()
    assert Judgement.objects.count() == 0  # never saved by itself
    again = signed_out.get(url)
    assert BANNER not in text(again) and checked(again, "A.1.01-answer") is None  # used once


def test_only_the_forms_answer_fields_are_kept(signed_out, case, questions):
    signed_out.post(
        criterion_url(case), {**typed(questions), "csrfmiddlewaretoken": "a-token", "action": "continue", "x": "y"}
    )

    kept = signed_out.session[kept_answers.SESSION_KEY][criterion_url(case)]
    assert kept["reason"] == "signed_out"
    assert set(kept["data"]) == {f"A.1.01-{part}" for part in ("answer", "rationale", "notable", "example", "version")}


def test_saving_the_restored_answers_saves_them(signed_out, inspector, case, questions):
    signed_out.post(criterion_url(case), typed(questions))
    signed_out.force_login(inspector)
    signed_out.get(criterion_url(case))

    signed_out.post(criterion_url(case), typed(questions))

    assert Judgement.objects.get().option.value == "late"


def test_someone_else_signing_in_does_not_get_the_kept_answers(signed_out, assessor, lead, case, questions):
    signed_out.post(criterion_url(case), typed(questions))
    signed_out.force_login(assessor)  # on the team, may view the case but not edit it

    page = signed_out.get(criterion_url(case))

    assert page.status_code == 200
    assert BANNER not in text(page) and "Screening done" not in page.content.decode()
    signed_out.force_login(lead)  # they were dropped, not left for the next person
    assert "Screening done" not in signed_out.get(criterion_url(case)).content.decode()


def test_kept_answers_expire_after_a_day(signed_out, inspector, case, questions):
    signed_out.post(criterion_url(case), typed(questions))
    session = signed_out.session
    kept = session[kept_answers.SESSION_KEY]
    kept[criterion_url(case)]["kept_at"] = (timezone.now() - timedelta(hours=25)).isoformat()
    session[kept_answers.SESSION_KEY] = kept
    session.save()
    signed_out.force_login(inspector)

    page = signed_out.get(criterion_url(case))

    assert BANNER not in text(page) and checked(page, "A.1.01-answer") is None


def test_a_signed_out_post_to_another_page_keeps_nothing(signed_out, case, questions):
    response = signed_out.post(f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/interview/", {"done": "yes"})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert kept_answers.SESSION_KEY not in signed_out.session
