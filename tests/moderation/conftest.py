"""Fixtures for the moderation tests (issue 9). Personas come from tests/conftest.py; ``qa`` is
Quinn, quality assurance on Northshire. ``submitted`` is Ian's submitted assessment of NS001 (a
medium-RoSH community order: A.1.01 and A.1.02 apply), answered "Yes, on time" and "Yes"."""

import pytest

from cases.models import Assessment, Inspection
from criteria.models import Question
from tests import factories


@pytest.fixture
def qa(inspection):
    return factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")


@pytest.fixture
def questions(small_set) -> dict[str, Question]:
    return {q.code: q for q in Question.objects.filter(criteria_set=small_set)}


def submitted_assessment(inspection, assessor, case_ref="NS001", unit=None, **case_values):
    """A submitted primary assessment answering every question that applies to its case with the
    scale's first option."""
    values = {"sentence_type": "community_order", "rosh": "medium", **case_values}
    case = factories.CaseFactory(inspection=inspection, case_ref=case_ref, **({"unit": unit} if unit else {}), **values)
    assessment = factories.AssessmentFactory(case=case, assessor=assessor, status=Assessment.Status.SUBMITTED)
    for question in case.applicable_questions(Question.objects.filter(criteria_set=inspection.criteria_set)):
        factories.JudgementFactory(assessment=assessment, question=question, rationale=f"Why {question.code}")
    return assessment


@pytest.fixture
def submitted(inspection, inspector, lead):
    inspection.status = Inspection.Status.MODERATION
    inspection.save()
    return submitted_assessment(inspection, inspector)
