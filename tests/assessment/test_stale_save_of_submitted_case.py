"""A criterion page saved from a stale tab after its assessment was submitted elsewhere: nothing is
saved, and instead of a bare 403 the person sees "This case has been submitted" with what they
typed beside the saved answers, and the way back to the case."""

import re

import pytest

from cases.models import Assessment, Inspection, Judgement

from .conftest import case_url, criterion_url, page_post


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def submitted_elsewhere(client, inspector, assessment, questions):
    """The inspector answered A.1.01 'Yes, on time', opened the page again, then submitted in another tab."""
    client.force_login(inspector)
    client.post(criterion_url(assessment.case), page_post(questions, {"A.1.01": {"option": "on_time"}}))
    client.get(criterion_url(assessment.case))
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    return client


def test_a_stale_save_shows_what_was_typed_beside_the_saved_answer(
    submitted_elsewhere, case, questions, django_assert_num_queries
):
    typed = page_post(questions, {"A.1.01": {"option": "late", "rationale": "Screening 12 days late."}})

    # session, user, authenticator; inspection with the user's role; case; assessment; the judgements
    # (the criterion's questions and options kept since the page was opened: ``criteria.kept``); the
    # navigation's permission check (user or group permission, one query): 8, all reads.
    with django_assert_num_queries(8):
        response = submitted_elsewhere.post(criterion_url(case), typed)

    assert response.status_code == 409
    page = text(response)
    assert "This case has been submitted" in page
    assert "Your answers on this page have not been saved." in page
    assert "Question A.1.01 The assessment was completed on time." in page
    assert "What you typed Answer Yes, but late Rationale Screening 12 days late." in page
    assert "The saved answer Answer Yes, on time Rationale None" in page
    assert "1 of your answers is different from the saved one." in page
    assert f'href="{case_url(case)}"' in response.content.decode()
    assert Judgement.objects.get().option.value == "on_time"  # nothing saved


def test_a_question_left_blank_is_not_listed(submitted_elsewhere, case, questions):
    response = submitted_elsewhere.post(criterion_url(case), page_post(questions, {"A.1.01": {"option": "late"}}))

    assert "Question A.1.02" not in text(response)


def test_the_lead_saving_after_submission_is_told_to_moderate(client, lead, case, assessment, questions):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(lead)

    response = client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))

    assert response.status_code == 409
    assert "to change an answer, moderate it" in text(response)


def test_saving_once_the_inspection_is_reporting_shows_what_was_typed(client, inspector, case, assessment, questions):
    Inspection.objects.filter(pk=case.inspection_id).update(status=Inspection.Status.REPORTING)
    client.force_login(inspector)

    response = client.post(
        criterion_url(case), page_post(questions, {"A.1.01": {"option": "no", "rationale": "Late."}})
    )

    assert response.status_code == 403
    assert "Your answers could not be saved" in text(response)
    assert "What you typed Answer No Rationale Late." in text(response)
    assert not Judgement.objects.exists()


def test_someone_who_never_could_edit_still_gets_a_plain_refusal(client, assessor, case, assessment, questions):
    client.force_login(assessor)

    response = client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))

    assert response.status_code == 403
    assert "What you typed" not in response.content.decode()


def test_answers_kept_over_a_sign_out_are_shown_when_the_case_was_submitted_meanwhile(
    client, inspector, case, assessment, questions
):
    client.post(criterion_url(case), page_post(questions, {"A.1.01": {"option": "late", "rationale": "Kept."}}))
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(inspector)

    response = client.get(criterion_url(case))

    assert response.status_code == 200
    assert "This case has been submitted" in text(response)
    assert "What you typed Answer Yes, but late Rationale Kept." in text(response)
    assert "This case has been submitted" not in text(client.get(criterion_url(case)))  # shown once
