"""Fixtures for the case-assessment tests.

The small criteria set (tests/data/small-criteria.yaml) has criterion A.1 with questions A.1.01
(timeliness scale), A.1.02 (grouped) and A.1.03 (high/very high RoSH only), criterion A.2 with
A.2.01 (custody or licence only) and B.1 without questions. ``case`` is a medium-RoSH community
order, so A.1.01 and A.1.02 apply to it and nothing else does.
"""

import pytest

from cases.models import Judgement
from criteria.models import Question
from tests import factories


@pytest.fixture
def case(inspection):
    return factories.CaseFactory(
        inspection=inspection, case_ref="NS001", sentence_type="community_order", rosh="medium"
    )


@pytest.fixture
def assessment(case, inspector):
    return factories.AssessmentFactory(case=case, assessor=inspector)


@pytest.fixture
def questions(small_set) -> dict[str, Question]:
    return {q.code: q for q in Question.objects.filter(criteria_set=small_set)}


def criterion_url(case, code="A.1") -> str:
    return f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/criteria/{code}/"


def case_url(case) -> str:
    return f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/"


def page_post(
    questions, answers: dict[str, dict | str], versions: dict[str, int] | None = None, action: str = "return"
) -> dict[str, str]:
    """POST data for a criterion page (fields named by question code): answers maps a code to an
    option value or a dict of option/rationale/notable_practice/notable_example; versions default
    to the current ones."""
    data = {"action": action}
    for code, values in answers.items():
        if isinstance(values, str):
            values = {"option": values}
        question = questions[code]
        if versions is not None and code in versions:
            version = versions[code]
        else:
            judgement = Judgement.objects.filter(question=question).order_by("-pk").first()
            version = judgement.version if judgement else 0
        data.update(
            {
                f"{code}-answer": values.get("option", ""),
                f"{code}-rationale": values.get("rationale", ""),
                f"{code}-notable": values.get("notable_practice", ""),
                f"{code}-example": values.get("notable_example", ""),
                f"{code}-version": str(version),
            }
        )
    return data
