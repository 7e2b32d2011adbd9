"""A change of a submitted case's characteristics that makes an unanswered question apply (or an
answered one stop applying) returns the assessment with a comment naming the question; it stops
counting until resubmitted, and the lead's dashboard lists it."""

import re

import pytest
from django.urls import reverse

from cases.models import Assessment, Judgement
from cases.services.applicability import return_comment
from cases.services.assessments import submit_assessment
from cases.services.sample import case_values, update_case
from criteria import vocabulary
from criteria.models import Question
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
        "The case's details changed (sentence type: now licence), so question A.2.01 "
        "\u2018A release plan was made in good time\u2019 now applies and has no answer. Answer it and submit again."
    )
    assert submitted.history.first().history_change_reason == "returned: case characteristics changed"
    assert not Judgement.objects.counted().filter(assessment=submitted).exists()  # stops counting


def test_an_answered_question_that_stops_applying_returns_it_too(inspection, inspector, lead):
    assessment = submitted_assessment(inspection, inspector, "H1", rosh="high")
    change(assessment.case, lead, rosh="medium")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert assessment.return_comment == (
        "The case's details changed (RoSH level: now medium), so question A.1.03 \u2018The risk management plan was "
        "sufficient\u2019 no longer applies and its answer no longer counts. Check your other answers and submit again."
    )


def test_questions_that_start_and_stop_applying_are_named_in_one_comment(inspection, inspector, lead):
    assessment = submitted_assessment(inspection, inspector, "H1", rosh="high")
    change(assessment.case, lead, sentence_type="licence", rosh="medium")
    assessment.refresh_from_db()
    assert assessment.return_comment == (
        "The case's details changed (sentence type: now licence; RoSH level: now medium), so question A.2.01 "
        "\u2018A release plan was made in good time\u2019 now applies and has no answer. Question A.1.03 "
        "\u2018The risk management plan was sufficient\u2019 no longer applies and its answer no longer counts. "
        "Answer it and submit again."
    )


def test_several_questions_are_counted_and_listed_a_line_each(submitted, lead):
    change(submitted.case, lead, sentence_type="licence", rosh="high")
    submitted.refresh_from_db()
    assert submitted.return_comment == (
        "The case's details changed (sentence type: now licence; RoSH level: now high), so 2 questions now apply "
        "and have no answers:\n"
        "A.1.03 \u2018The risk management plan was sufficient\u2019\n"
        "A.2.01 \u2018A release plan was made in good time\u2019\n"
        "\n"
        "Answer them and submit again."
    )


def comments_for(field: str, value: str, other: str) -> list[str]:
    """The comments for a question whose rule is ``field`` = ``value`` when the case's ``field``
    changes from ``other`` to ``value`` (it now applies) and back (it stops applying)."""
    question = Question(code="9.9.01", text="A question.", applies_when={field: [value]})
    one, two = {field: other}, {field: value}
    return [
        return_comment(applies=[question], stopped=[], before=one, after=two),
        return_comment(applies=[], stopped=[question], before=two, after=one),
    ]


RULE_VALUES = [
    (field, value, other)
    for field, values in vocabulary.CHARACTERISTICS.items()
    if values
    for value in values
    for other in ("", next(v for v in values if v != value))
]


@pytest.mark.parametrize(("field", "value", "other"), RULE_VALUES)
def test_no_comment_names_a_characteristic_or_value_by_its_code(field, value, other):
    for comment, shown in zip(comments_for(field, value, other), (value, other), strict=True):
        # The characteristic and its new value as people say them ...
        words = f"{vocabulary.characteristic_name(field)}: now {vocabulary.characteristic_value(field, shown)}"
        assert f"({words})" in comment
        # ... never a field name or code ("child_safeguarding", "very_high", "rosh"), nor a
        # column label mid-sentence ("the case's Child safeguarding").
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", comment)
        assert not re.search(r"\b(rosh|ppo|mappa)\b", comment)
        label = vocabulary.LABELS[field]
        assert label not in comment or label.lower() == label or label in words


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
    assert "so question A.2.01 \u2018A release plan was made in good time\u2019 now applies" in page
    page = client_as(inspector).get(reverse("cases:case_detail", args=["northshire-2026", "NS001"])).content.decode()
    assert "Returned because the case changed" in page and "Answer it and submit again." in page
