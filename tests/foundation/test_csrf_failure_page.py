"""A post refused for its CSRF token: a GOV.UK page saying what happened and what to do; on a
criterion page, the answers are kept and put back into the page for the person to check and save."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases import kept_answers
from cases.models import Judgement
from criteria.models import Question
from tests import factories
from tests.assessment.conftest import criterion_url, page_post

BANNER = "This page had expired. We kept what you typed: check it and save."


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def case(inspection, inspector):
    case = factories.CaseFactory(
        inspection=inspection, case_ref="NS001", sentence_type="community_order", rosh="medium"
    )
    factories.AssessmentFactory(case=case, assessor=inspector)
    return case


@pytest.fixture
def questions(small_set):
    return {q.code: q for q in Question.objects.filter(criteria_set=small_set)}


def typed(questions):
    return page_post(questions, {"A.1.01": {"option": "late", "rationale": "Screening done 12 days after sentence."}})


def test_a_refused_sign_in_gets_a_gov_uk_page_saying_what_to_do(strict, db):
    response = strict.post(reverse("login"), {"username": "ian", "password": "whatever"})

    assert response.status_code == 403
    page = text(response)
    assert "Sorry, this page had expired" in page
    assert "We could not save what you sent" in page
    assert "start signing in again" in page
    assert "govuk-heading-l" in response.content.decode() and "CSRF" not in page


def test_a_refused_post_by_someone_signed_in_offers_the_way_back(strict, inspector):
    strict.force_login(inspector)

    response = strict.post(reverse("recovery_codes_new"), headers={"referer": "http://testserver/accounts/"}, data={})

    assert response.status_code == 403
    assert "Sorry, this page had expired" in text(response)
    assert 'href="/accounts/">Go back to the page</a>' in response.content.decode()
    assert "Go to My cases" in text(response)


def test_a_criterion_page_posted_with_an_expired_token_keeps_the_answers_and_puts_them_back(
    strict, inspector, case, questions
):
    strict.force_login(inspector)
    url = criterion_url(case)

    response = strict.post(
        url, {**typed(questions), "csrfmiddlewaretoken": "expired"}, headers={"origin": "http://testserver"}
    )

    assert response.status_code == 302 and response["Location"] == url
    page = strict.get(url)
    assert BANNER in text(page)
    assert 'name="A.1.01-answer" type="radio" value="late" checked' in page.content.decode()
    assert "Screening done 12 days after sentence.</textarea>" in page.content.decode()
    assert Judgement.objects.count() == 0  # never saved by itself: a forged post saves nothing


def test_a_signed_out_criterion_post_with_an_expired_token_goes_to_sign_in_with_the_answers_kept(
    strict, case, questions
):
    url = criterion_url(case)

    response = strict.post(url, typed(questions), follow=True)

    assert response.redirect_chain[-1][0] == f"/accounts/login/?next={url}"
    assert "You were signed out, so your answers have not been saved yet." in text(response)
    assert strict.session[kept_answers.SESSION_KEY][url]["reason"] == "expired"


def test_a_post_from_another_site_is_not_kept(strict, inspector, case, questions):
    strict.force_login(inspector)

    response = strict.post(criterion_url(case), typed(questions), headers={"origin": "https://elsewhere.example"})

    assert response.status_code == 403 and "Sorry, this page had expired" in text(response)
    assert kept_answers.SESSION_KEY not in strict.session
