"""Export -> load into an empty database -> export again gives the same text; loading again changes nothing."""

import pytest

from criteria.exporter import to_yaml
from criteria.models import CriteriaSet
from criteria.services import load_criteria_set
from tests.conftest import SHIPPED_SET, SMALL_SET
from tests.criteria.helpers import SOURCE, TINY, edit, snapshot

pytestmark = pytest.mark.django_db

SETS = pytest.mark.parametrize("path", [SHIPPED_SET, SMALL_SET], ids=["shipped-roh-2007", "small"])


@SETS
def test_export_load_into_an_empty_database_and_export_again_gives_identical_text(path):
    exported = to_yaml(load_criteria_set(text=path.read_text(encoding="utf-8"), source=path.name).criteria_set)
    CriteriaSet.objects.all().delete()
    assert snapshot()["Question"] == []

    reloaded = load_criteria_set(text=exported, source="exported.yaml")

    assert reloaded.created
    assert to_yaml(reloaded.criteria_set) == exported


@SETS
def test_loading_an_exported_file_over_its_own_set_is_a_no_op(path):
    criteria_set = load_criteria_set(text=path.read_text(encoding="utf-8"), source=path.name).criteria_set
    before = snapshot()

    result = load_criteria_set(text=to_yaml(criteria_set), source="exported.yaml")

    assert (result.created, result.changed, result.outcome) == (False, False, "unchanged")
    assert snapshot() == before


@SETS
def test_loading_the_same_file_again_changes_nothing(path):
    text = path.read_text(encoding="utf-8")
    first = load_criteria_set(text=text, source=path.name).criteria_set
    before, history, exported = snapshot(), first.history.count(), to_yaml(first)

    again = load_criteria_set(text=text, source=path.name)

    assert (again.created, again.changed, again.outcome) == (False, False, "unchanged")
    assert again.criteria_set.pk == first.pk
    assert snapshot() == before  # no new rows, same ids
    assert again.criteria_set.history.count() == history
    assert to_yaml(again.criteria_set) == exported


def test_the_export_keeps_codes_and_answer_values_as_text():
    criteria_set = load_criteria_set(text=TINY, source=SOURCE).criteria_set
    text = to_yaml(criteria_set)
    assert "value: 'yes'" in text  # not the YAML 1.1 boolean
    reloaded_option_values = list(criteria_set.answer_scales.get(code="yes_no").options.values_list("value", flat=True))
    assert reloaded_option_values == ["yes", "no", "na"]


def test_links_and_rules_written_in_any_order_load_as_the_same_set():
    """The database keeps links unordered, so the canonical form orders them as the set does."""
    load_criteria_set(text=TINY, source=SOURCE)
    before = snapshot()
    shuffled = edit(
        TINY,
        "            headlines: [SAFE]\n            specific: [A.2.b]",
        "            headlines: [SAFE, COMP]\n            specific: [A.2.b, A.2.a]",
    )
    first = load_criteria_set(text=shuffled, source=SOURCE)
    assert first.outcome == "replacement"
    exported = to_yaml(first.criteria_set)
    assert "      - SAFE\n      - COMP\n      specific:\n      - A.2.a\n      - A.2.b\n" in exported

    reordered = edit(
        shuffled,
        "headlines: [SAFE, COMP]\n            specific: [A.2.b, A.2.a]",
        "headlines: [COMP, SAFE]\n            specific: [A.2.a, A.2.b]",
    )
    again = load_criteria_set(text=reordered, source=SOURCE)

    assert again.outcome == "unchanged"
    assert snapshot() != before  # the first reload did replace the tiny set
    assert to_yaml(again.criteria_set) == exported


def test_rule_fields_are_exported_in_vocabulary_order_whatever_the_file_order():
    text = edit(
        TINY,
        "applies_when: {sentence_type: [custody, licence]}",
        "applies_when: {rosh: [high, very_high], sentence_type: [licence]}",
    )
    reversed_text = edit(
        TINY,
        "applies_when: {sentence_type: [custody, licence]}",
        "applies_when: {sentence_type: [licence], rosh: [high, very_high]}",
    )
    first = to_yaml(load_criteria_set(text=text, source=SOURCE).criteria_set)

    result = load_criteria_set(text=reversed_text, source=SOURCE)

    assert result.outcome == "unchanged"
    assert "applies_when:\n        sentence_type:\n        - licence\n        rosh:\n" in first
