"""A few rules of ARCHITECTURE.md's "Where each rule lives" are pinned to their home by a search of
the source: the words that state the rule appear in the home's module and nowhere else in
``inspection``, ``cases``, ``criteria`` and ``reports`` (migrations left out). Elsewhere the code
asks the home (``Assessment.counting()``, ``Judgement.answering()``, ``cases.roles``,
``reports.scoring.rounding``)."""

import re

import pytest

from .test_code_shape import ROOT, modules

ROLE = r"(?:Membership\.Role\.|Role\.)?(?:LEAD|INSPECTOR|LOCAL_ASSESSOR|QUALITY_ASSURANCE)\b"

HOMES = [
    # rounding half up, and Decimal rounding of any kind, only in the rounding module
    ("ROUND_HALF_UP", r"ROUND_HALF_UP", {"reports/scoring/rounding.py"}),
    ("quantize", r"\.quantize\(", {"reports/scoring/rounding.py"}),
    # which assessments count: the statuses are named only where counting() reads them
    ("counted statuses", r"COUNTED_STATUSES|PREVIEW_STATUSES", {"cases/models/assessments.py"}),
    # "answered": an option chosen while the question applies
    ("answered filter", r"option__isnull|option_id__isnull", {"cases/models/assessments.py"}),
    # a list of roles written out (who moderates, who assesses…) instead of a set from cases.roles
    ("role lists", rf"[({{\[]\s*{ROLE}\s*,\s*{ROLE}", {"cases/roles.py"}),
]


def found_in(pattern: str) -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in modules().values()
        if re.search(pattern, path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize(("rule", "pattern", "home"), HOMES, ids=[rule for rule, _, _ in HOMES])
def test_a_rule_is_stated_in_its_home_only(rule, pattern, home):
    assert found_in(pattern) == home


def test_the_role_list_pattern_finds_a_list_written_out():
    for text in ("roles={LEAD, QUALITY_ASSURANCE}", "(Membership.Role.LEAD, Membership.Role.QUALITY_ASSURANCE)"):
        assert re.search(HOMES[-1][1], text)
    assert not re.search(HOMES[-1][1], '(Membership.Role.LEAD, "Lead inspector", "Lead inspectors")')
