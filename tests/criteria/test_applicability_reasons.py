"""Why a question does not apply is written for people (``vocabulary.not_applicable_reason``): whom
the question is asked about and what the case records instead, never a field name or a code. Checked
for every rule of the shipped RoH 2007 set against every case the rule's fields can describe."""

import itertools
import re

import pytest

from criteria import loader, vocabulary
from tests.conftest import SHIPPED_SET


def shipped_rules() -> list[dict[str, list[str]]]:
    data = loader.read(SHIPPED_SET.read_text(encoding="utf-8"), SHIPPED_SET.name)
    rules = {}
    for section in data["sections"]:
        for criterion in section["criteria"]:
            for question in criterion["questions"]:
                if question["applies_when"]:
                    rules[repr(question["applies_when"])] = question["applies_when"]
    return list(rules.values())


RULES = shipped_rules()
# Raw vocabulary: field names (sentence_type, rosh …), codes (very_high, community_order) and rule syntax.
RAW = re.compile(r"_|\b(rosh|ppo|mappa)\b|\b(is|of|are) (yes|no)\b|[{}\[\]\"]|'(?!s )")


def every_case(rule: dict[str, list[str]]):
    """Every combination of the rule's fields' values, blank ("not recorded") included."""
    fields = list(rule)
    for values in itertools.product(*(["", *vocabulary.CHARACTERISTICS[f]] for f in fields)):
        yield dict(zip(fields, values, strict=True))


def test_the_shipped_set_has_the_rules_this_test_covers():
    assert len(RULES) == 18
    assert {field for rule in RULES for field in rule} == {
        "sentence_type",
        "rosh",
        "mappa_level",
        "mappa_category",
        "ppo",
        "approved_premises",
        "victim_contact",
        "child_safeguarding",
    }


@pytest.mark.parametrize("rule", RULES, ids=[repr(r) for r in RULES])
def test_every_reason_for_every_shipped_rule_is_a_sentence_without_field_names_or_codes(rule):
    reasons = 0
    for case in every_case(rule):
        reason = vocabulary.not_applicable_reason(rule, case)
        if vocabulary.applies(rule, case):
            assert reason == ""
            continue
        reasons += 1
        assert reason.startswith("Applies to ") and reason.endswith(".") and reason.count(";") == 1, reason
        assert not RAW.search(reason.replace("RoSH", "").replace("MAPPA", "").replace("PPO", "")), reason
        assert "  " not in reason and " ." not in reason and ",," not in reason, reason
        said = reason.split("; ", 1)[1]
        for field, value in case.items():
            if value in rule[field]:
                continue  # only what stops the question applying is said
            if not value:
                assert "not recorded" in said or "does not record" in said, reason
            elif field in ("sentence_type", "rosh", "mappa_category"):
                assert vocabulary.value_words(value) in said, reason
    assert reasons > 0


@pytest.mark.parametrize("rule", RULES, ids=[repr(r) for r in RULES])
def test_every_shipped_rule_is_described_without_field_names_or_codes(rule):
    description = vocabulary.describe_rule(rule)
    sentence = vocabulary.rule_sentence(rule)
    for text in (description, sentence):
        assert text and not RAW.search(text.replace("RoSH", "").replace("MAPPA", "").replace("PPO", "")), text


@pytest.mark.parametrize(
    ("rule", "case", "reason"),
    [
        (
            {"mappa_category": ["1", "2", "3"]},
            {"mappa_level": "2", "mappa_category": ""},
            "Applies to cases in MAPPA category 1, 2 or 3; this case's MAPPA category is not recorded.",
        ),
        (
            {"rosh": ["high", "very_high"]},
            {"rosh": "medium"},
            "Applies to cases with a RoSH level of high or very high; this case's RoSH level is medium.",
        ),
        (
            {"sentence_type": ["custody"], "rosh": ["medium", "high", "very_high"]},
            {"sentence_type": "licence", "rosh": "low"},
            "Applies to custody cases with a RoSH level of medium, high or very high; this case is a licence case"
            " and its RoSH level is low.",
        ),
        (
            {"sentence_type": ["community_order", "suspended_sentence_order", "licence"], "ppo": ["yes"]},
            {"sentence_type": "licence", "ppo": "no"},
            "Applies to community order, suspended sentence order or licence cases where the offender is a"
            " prolific or other priority offender (PPO); the offender is not a PPO.",
        ),
        (
            {"mappa_level": ["1", "2", "3"]},
            {"mappa_level": "0"},
            "Applies to cases managed at MAPPA level 1, 2 or 3; this case is not managed under MAPPA (level 0).",
        ),
        (
            {"child_safeguarding": ["yes"]},
            {},
            "Applies to cases with child safeguarding concerns; this case does not record whether there are"
            " child safeguarding concerns.",
        ),
    ],
)
def test_the_reason_says_whom_the_question_is_for_and_what_this_case_records(rule, case, reason):
    assert vocabulary.not_applicable_reason(rule, case) == reason


def test_a_question_without_a_rule_always_applies_and_has_no_reason():
    assert vocabulary.not_applicable_reason({}, {"rosh": "low"}) == ""
    assert vocabulary.not_applicable_reason(None, {}) == ""


@pytest.mark.parametrize(
    ("case", "flagged"),
    [
        ({"mappa_level": "2", "mappa_category": ""}, "MAPPA level 2 but no MAPPA category recorded"),
        ({"mappa_level": "3"}, "MAPPA level 3 but no MAPPA category recorded"),
        ({"mappa_level": "", "mappa_category": "1"}, "MAPPA category 1 but no MAPPA level recorded"),
        ({"mappa_level": "0", "mappa_category": "2"}, "MAPPA category 2 but MAPPA level 0 (not MAPPA)"),
        ({"mappa_level": "2", "mappa_category": "1"}, None),
        ({"mappa_level": "0", "mappa_category": ""}, None),
        ({"mappa_level": "", "mappa_category": ""}, None),
    ],
)
def test_mappa_data_that_leaves_applicability_undecided_is_flagged_for_people(case, flagged):
    problems = vocabulary.incomplete_data(case)
    if flagged is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(flagged)
        assert not RAW.search(problems[0].replace("MAPPA", "")), problems[0]
