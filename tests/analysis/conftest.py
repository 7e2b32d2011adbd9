"""A hand-built pooled data set over two programmes and three criteria sets.

Question RISK1 is A.1 of set A (analysis code RISK1), B.9 of set B (analysis code RISK1) and the
code RISK1 itself in set C (no analysis code). Counted by hand (submitted primary answers, yes or no):

    omi2 (set A: a1, a2): A1 yes male low, A2 no female high, A3 yes male medium,
                          A4 yes gender unknown low, A5 no male high          → 3 of 5
    qi (set B: b1; set C: c1): B1 yes female medium, B2 no male low, C1 yes male high → 2 of 3
    all                                                                        → 5 of 8

Not counted: an answer in progress (a1), a second marker's yes on A2, an excluded answer and an
answer no longer applicable (b1), an answer to another question (a2), a returned assessment (c1),
and a case of an inspection in no programme.
"""

from dataclasses import dataclass

import pytest

from cases.models import Judgement, Programme
from tests import factories
from tests.scoring.helpers import judge, make_case

QUESTION = "RISK1"


@dataclass
class Pooled:
    omi2: Programme
    qi: Programme
    empty: Programme


def _set_with(code: str, analysis_code: str = ""):
    question = factories.QuestionFactory(code=code, analysis_code=analysis_code, text="The RoSH level was correct.")
    factories.QuestionFactory(code=code + "x", criteria_set=question.criteria_set)  # another question
    return question.criteria_set


@pytest.fixture
def pooled(db) -> Pooled:
    set_a, set_b, set_c = _set_with("A.1", QUESTION), _set_with("B.9", QUESTION), _set_with(QUESTION)
    omi2 = factories.ProgrammeFactory(slug="omi2", name="OMI2")
    qi = factories.ProgrammeFactory(slug="qi", name="Quality & Impact")
    empty = factories.ProgrammeFactory(slug="pilot", name="Pilot")
    a1, a2 = (factories.InspectionFactory(criteria_set=set_a, programme=omi2) for _ in range(2))
    b1 = factories.InspectionFactory(criteria_set=set_b, programme=qi)
    c1 = factories.InspectionFactory(criteria_set=set_c, programme=qi)
    x1 = factories.InspectionFactory(criteria_set=set_a)
    counted = [
        (a1, "A1", "A.1", "yes", {"gender": "male", "rosh": "low"}),
        (a1, "A2", "A.1", "no", {"gender": "female", "rosh": "high"}),
        (a1, "A3", "A.1", "yes", {"gender": "male", "rosh": "medium"}),
        (a2, "A4", "A.1", "yes", {"gender": "", "rosh": "low"}),
        (a2, "A5", "A.1", "no", {"gender": "male", "rosh": "high"}),
        (b1, "B1", "B.9", "yes", {"gender": "female", "rosh": "medium"}),
        (b1, "B2", "B.9", "no", {"gender": "male", "rosh": "low"}),
        (c1, "C1", QUESTION, "yes", {"gender": "male", "rosh": "high"}),
    ]
    cases = {}
    for inspection, ref, code, answer, characteristics in counted:
        cases[ref] = make_case(inspection, ref, **characteristics)
        judge(cases[ref], {code: answer})
    judge(make_case(a1, "A9", gender="male"), {"A.1": "yes"}, status="in_progress")
    judge(cases["A2"], {"A.1": "yes"}, primary=False, assessor=factories.UserFactory())
    judge(make_case(b1, "B8", gender="male"), {"B.9": "na"})
    judge(make_case(b1, "B9", gender="male"), {"B.9": "yes"})
    Judgement.objects.filter(assessment__case__case_ref="B9").update(applicable=False)
    judge(cases["A5"], {"A.1x": "yes"})
    judge(make_case(c1, "C9", gender="female"), {QUESTION: "yes"}, status="returned")
    judge(make_case(x1, "X1", gender="male"), {"A.1": "yes"})
    return Pooled(omi2, qi, empty)


@pytest.fixture
def world(db):
    """One question (RISK1) and three programmes with an inspection each, for cases added in bulk."""
    question = factories.QuestionFactory(code="A.1", analysis_code=QUESTION, text="The RoSH level was correct.")
    programmes = {slug: factories.ProgrammeFactory(slug=slug, name=slug.upper()) for slug in ("omi2", "qi", "pilot")}
    inspections = {
        slug: factories.InspectionFactory(criteria_set=question.criteria_set, programme=programme)
        for slug, programme in programmes.items()
    }
    return question, programmes, inspections


def gender_cells(a, b, c, d):
    return {(("gender", "male"),): (a, b), (("gender", "female"),): (c, d)}
