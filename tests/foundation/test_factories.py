"""The test factories build consistent objects: a judgement's question belongs to its case's criteria set."""

from cases.models import Judgement
from criteria.models import AnswerOption
from tests import factories


def test_a_judgement_built_from_nothing_answers_a_question_of_its_inspections_criteria_set(db):
    judgement = factories.JudgementFactory(assessment__status="submitted")
    inspection = judgement.assessment.case.inspection
    assert judgement.question.criteria_set == inspection.criteria_set
    assert judgement.question.general_criterion.section.criteria_set == inspection.criteria_set
    assert judgement.question.scale.criteria_set == inspection.criteria_set
    assert [(o.value, o.scoring) for o in judgement.question.scale.options.all()] == [
        ("yes", AnswerOption.Scoring.ABOVE),
        ("no", AnswerOption.Scoring.BELOW),
        ("na", AnswerOption.Scoring.EXCLUDED),
    ]
    assert judgement.option.value == "yes" and judgement.applicable
    assert Judgement.objects.counted().get() == judgement


def test_a_judgement_names_its_option_and_follows_the_case_for_applicability(inspection, small_set):
    case = factories.CaseFactory(inspection=inspection, rosh="medium")
    assessment = factories.AssessmentFactory(case=case)
    late = factories.JudgementFactory(
        assessment=assessment, question=small_set.questions.get(code="A.1.01"), answer="late"
    )
    high_only = factories.JudgementFactory(assessment=assessment, question=small_set.questions.get(code="A.1.03"))
    blank = factories.JudgementFactory(
        assessment=assessment, question=small_set.questions.get(code="A.1.02"), option=None
    )
    assert (late.option.value, late.applicable) == ("late", True)
    assert (high_only.option.value, high_only.applicable) == ("yes", False)  # A.1.03: high RoSH only
    assert blank.option is None
