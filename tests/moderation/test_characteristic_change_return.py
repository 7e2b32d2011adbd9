"""A change of a submitted case's characteristics that makes an unanswered question apply (or an
answered one stop applying) returns the assessment with a comment naming the question; it stops
counting until resubmitted, and the lead's dashboard lists it."""

from django.urls import reverse

from cases.models import Assessment, Judgement
from cases.services.assessments import submit_assessment
from cases.services.sample import case_values, update_case
from reports.scoring.service import compute_scores
from tests import factories

from .conftest import submitted_assessment


def change(case, actor, **values):
    return update_case(case=case, values={**case_values(case), **values}, actor=actor)


def test_a_question_that_now_applies_returns_the_assessment_naming_it(submitted, lead, questions):
    change(submitted.case, lead, sentence_type="licence")
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.RETURNED
    assert submitted.returned_for_characteristics and submitted.submitted_at is None
    assert submitted.return_comment == (
        "Question A.2.01 now applies because the case is now on licence: answer it and submit again."
    )
    assert submitted.history.first().history_change_reason == "returned: case characteristics changed"
    assert not Judgement.objects.counted().filter(assessment=submitted).exists()  # stops counting


def test_an_answered_question_that_stops_applying_returns_it_too(inspection, inspector, lead):
    assessment = submitted_assessment(inspection, inspector, "H1", rosh="high")
    change(assessment.case, lead, rosh="medium")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert assessment.return_comment.startswith(
        "Question A.1.03 no longer applies because the case's RoSH level is now medium: its answer no longer counts."
    )


def test_a_change_that_changes_no_question_leaves_the_assessment_submitted(submitted, lead):
    change(submitted.case, lead, gender="female", unit="Elsewhere")
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED and not submitted.returned_for_characteristics


def test_resubmitting_counts_again_and_clears_the_flag(submitted, lead, inspector, questions):
    inspection = submitted.case.inspection
    change(submitted.case, lead, sentence_type="custody")
    assert not any(q.score.denominator for q in compute_scores(inspection=inspection).questions)
    submitted.case.refresh_from_db()
    factories.JudgementFactory(assessment=submitted, question=questions["A.2.01"], answer="yes")
    submit_assessment(assessment=submitted, actor=inspector)
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED and not submitted.returned_for_characteristics
    assert submitted.return_comment == ""
    scores = {q.code: q.score.denominator for q in compute_scores(inspection=inspection).questions}
    assert scores["A.2.01"] == 1


def test_the_dashboard_and_the_case_page_show_the_return(client_as, submitted, lead, inspector):
    client = client_as(lead)
    client.post(
        reverse("cases:case_edit", args=["northshire-2026", "NS001"]),
        {**case_values(submitted.case), "sentence_type": "licence"},
    )
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.RETURNED
    page = client.get(reverse("cases:dashboard", args=["northshire-2026"])).content.decode()
    assert "Returned because the case changed" in page
    assert "Question A.2.01 now applies because the case is now on licence" in page
    page = client_as(inspector).get(reverse("cases:case_detail", args=["northshire-2026", "NS001"])).content.decode()
    assert "Returned because the case changed" in page and "answer it and submit again" in page
