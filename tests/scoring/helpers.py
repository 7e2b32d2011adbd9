"""Test helpers: build cases, assessments and judgements directly (set-up, not the code under test)."""

from cases.models import Assessment, Case, Judgement, Unit
from criteria.models import AnswerOption, Question
from tests import factories


def make_case(inspection, ref: str, unit: str = "North cluster", **characteristics) -> Case:
    characteristics.setdefault("sentence_type", "community_order")
    characteristics.setdefault("rosh", "medium")
    unit_obj, _ = Unit.objects.get_or_create(inspection=inspection, name=unit)
    return factories.CaseFactory(inspection=inspection, unit=unit_obj, case_ref=ref, **characteristics)


def judge(
    case: Case, answers: dict[str, str | None], *, status: str = "submitted", primary: bool = True, assessor=None
) -> Assessment:
    """Record ``answers`` (question code → option value, None for unanswered) on the case's assessment.

    ``applicable`` is set from the question's ``applies_when``, as the services keep it (a judgement
    recorded before the case's characteristics changed is kept but flagged not applicable).
    """
    assessment = Assessment.objects.filter(case=case, is_primary=primary).first()
    if assessment is None or not primary:
        assessment = Assessment.objects.create(case=case, is_primary=primary, status=status, assessor=assessor)
    else:
        assessment.status = status
        assessment.save()
    questions = {q.code: q for q in Question.objects.filter(criteria_set=case.inspection.criteria_set)}
    for code, value in answers.items():
        question = questions[code]
        option = None if value is None else AnswerOption.objects.get(scale=question.scale, value=value)
        Judgement.objects.update_or_create(
            assessment=assessment,
            question=question,
            defaults={"option": option, "applicable": case.applies(question)},
        )
    return assessment
