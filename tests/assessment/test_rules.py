"""The assessment rules, each in one place on the models: which questions apply to a case
(``Case.applicable_questions``), when an assessment is complete (``Assessment.missing_questions``)
and who may change it (``Assessment.edit_refusal``)."""

import pytest

from cases.models import Assessment, Inspection, Judgement
from criteria.models import AnswerOption
from tests import factories


def codes(questions) -> list[str]:
    return [q.code for q in questions]


def test_the_questions_that_apply_are_those_whose_rule_the_case_matches_in_the_order_given(case, questions):
    ordered = [questions[code] for code in ("A.2.01", "A.1.02", "A.1.03", "A.1.01")]

    assert codes(case.applicable_questions(ordered)) == ["A.1.02", "A.1.01"]
    assert case.applies(questions["A.1.01"]) and not case.applies(questions["A.2.01"])
    high_custody = factories.CaseFactory(
        inspection=case.inspection, case_ref="NS002", sentence_type="custody", rosh="high"
    )
    assert codes(high_custody.applicable_questions(ordered)) == ["A.2.01", "A.1.02", "A.1.03", "A.1.01"]


def test_an_assessment_misses_each_applicable_question_without_an_answer_in_set_order(assessment, questions):
    late = AnswerOption.objects.get(scale=questions["A.1.01"].scale, value="late")
    factories.JudgementFactory(assessment=assessment, question=questions["A.1.01"], option=None, rationale="Draft")
    assert codes(assessment.missing_questions()) == ["A.1.01", "A.1.02"]  # a rationale alone is no answer

    Judgement.objects.filter(question=questions["A.1.01"]).update(option=late)
    assert codes(assessment.missing_questions()) == ["A.1.02"]

    Judgement.objects.filter(question=questions["A.1.01"]).update(applicable=False)
    assert codes(assessment.missing_questions()) == ["A.1.01", "A.1.02"]  # flagged not applicable: no answer


def test_completeness_can_be_judged_from_questions_and_answers_already_read(
    assessment, questions, django_assert_num_queries
):
    ordered = sorted(questions.values(), key=lambda q: q.order)
    assessment = Assessment.objects.select_related("case").get(pk=assessment.pk)

    with django_assert_num_queries(0):
        missing = assessment.missing_questions(questions=ordered, answered={questions["A.1.02"].pk})

    assert codes(missing) == ["A.1.01"]


@pytest.mark.parametrize(
    ("who", "status", "refusal"),
    [
        ("inspector", "in_progress", ""),
        ("inspector", "returned", ""),
        ("inspector", "submitted", "You have submitted this assessment."),
        ("lead", "in_progress", ""),
        ("lead", "submitted", "This assessment has been submitted: to change an answer, moderate it"),
        ("assessor", "in_progress", "Only the case's assessor and the lead inspector can change this assessment."),
    ],
)
def test_the_assessor_and_the_lead_edit_until_it_is_submitted_then_only_moderation_changes_it(
    assessment, inspector, lead, assessor, who, status, refusal
):
    user = {"inspector": inspector, "lead": lead, "assessor": assessor}[who]
    assessment.status = status

    assert assessment.edit_refusal(user).startswith(refusal) and bool(assessment.edit_refusal(user)) == bool(refusal)
    assert assessment.edit_refusal(user, is_lead=who == "lead") == assessment.edit_refusal(user)
    assert assessment.is_editor(user) == (who != "assessor")


@pytest.mark.parametrize("status", [Inspection.Status.REPORTING, Inspection.Status.CLOSED])
def test_nobody_edits_once_the_inspection_is_reporting(assessment, inspector, lead, status):
    assessment.case.inspection.status = status

    for user in (inspector, lead):
        assert assessment.edit_refusal(user).startswith("Judgements cannot be changed while the inspection is ")
