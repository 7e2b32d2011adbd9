"""Double-marked cases on the small criteria set (A.1.01 timeliness and A.1.02 yes/no apply to a
medium-RoSH community order)."""

import pytest

from tests.scoring.helpers import judge, make_case


def double_mark(inspection, ref, first: dict, second: dict, *, primary, marker, status="submitted", **characteristics):
    """A case with a primary assessment by ``primary`` and a second by ``marker``."""
    case = make_case(inspection, ref, **characteristics)
    judge(case, first, assessor=primary)
    judge(case, second, primary=False, assessor=marker, status=status)
    return case


@pytest.fixture
def marked(inspection, lead, inspector, assessor):
    """C1–C4 double-marked and submitted (ian primary; asha second on C1–C2, lena on C3–C4); C6
    double-marked with the second still in progress, C7 single-marked: neither counts."""
    pairs = {
        "C1": ({"A.1.01": "on_time", "A.1.02": "yes"}, {"A.1.01": "on_time", "A.1.02": "yes"}, assessor),
        "C2": ({"A.1.01": "on_time", "A.1.02": "yes"}, {"A.1.01": "late", "A.1.02": "no"}, assessor),
        "C3": ({"A.1.01": "no", "A.1.02": "no"}, {"A.1.01": "late", "A.1.02": "no"}, lead),
        "C4": ({"A.1.01": "on_time", "A.1.02": "yes"}, {"A.1.01": "on_time", "A.1.02": "yes"}, lead),
    }
    cases = {
        ref: double_mark(inspection, ref, first, second, primary=inspector, marker=marker)
        for ref, (first, second, marker) in pairs.items()
    }
    cases["C6"] = double_mark(
        inspection,
        "C6",
        {"A.1.01": "no"},
        {"A.1.01": "on_time"},
        primary=inspector,
        marker=assessor,
        status="in_progress",
    )
    cases["C7"] = make_case(inspection, "C7")
    judge(cases["C7"], {"A.1.01": "no", "A.1.02": "no"}, assessor=inspector)
    return cases


@pytest.fixture
def questions(small_set) -> dict:
    from criteria.models import Question

    return {q.code: q for q in Question.objects.filter(criteria_set=small_set)}
