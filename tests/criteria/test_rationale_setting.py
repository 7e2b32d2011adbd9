"""The optional criteria-set key ``rationale_required_below_line``: read, validated, stored, written
back only when true, and a change to it is a change of the set."""

import pytest

from criteria import loader
from criteria.exporter import to_yaml
from criteria.models import CriteriaSet
from criteria.services import load_criteria_set
from inspection.errors import FileRejectedError
from tests.conftest import SHIPPED_SET
from tests.criteria.helpers import SOURCE, TINY, edit, line_of

pytestmark = pytest.mark.django_db

REQUIRED = edit(TINY, "version: First edition\n", "version: First edition\nrationale_required_below_line: true\n")


def test_a_set_without_the_key_does_not_require_a_rationale():
    assert loader.read(TINY, SOURCE)["rationale_required_below_line"] is False
    assert load_criteria_set(text=TINY, source=SOURCE).criteria_set.rationale_required_below_line is False


def test_the_key_is_loaded_and_stored():
    assert loader.read(REQUIRED, SOURCE)["rationale_required_below_line"] is True
    assert load_criteria_set(text=REQUIRED, source=SOURCE).criteria_set.rationale_required_below_line is True


def test_the_shipped_risk_of_harm_set_requires_a_rationale_below_the_line():
    criteria_set = load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name)
    assert criteria_set.criteria_set.rationale_required_below_line is True


@pytest.mark.parametrize("value", ["'yes'", "1", "sometimes"])
def test_anything_but_true_or_false_is_refused_with_its_line(value):
    text = edit(REQUIRED, "rationale_required_below_line: true", f"rationale_required_below_line: {value}")
    with pytest.raises(FileRejectedError) as caught:
        loader.read(text, SOURCE)
    shown = value.strip("'")
    assert caught.value.errors == [
        f"tiny.yaml, line {line_of(text, 'rationale_required_below_line')}, rationale_required_below_line: "
        f"'{shown}' must be true or false"
    ]


def test_the_export_writes_the_key_only_when_true_and_round_trips():
    required = load_criteria_set(text=REQUIRED, source=SOURCE).criteria_set
    exported = to_yaml(required)
    assert "version: First edition\nrationale_required_below_line: true\n" in exported

    CriteriaSet.objects.all().delete()
    reloaded = load_criteria_set(text=exported, source="exported.yaml")
    assert reloaded.criteria_set.rationale_required_below_line is True
    assert to_yaml(reloaded.criteria_set) == exported
    assert load_criteria_set(text=exported, source="exported.yaml").outcome == "unchanged"

    CriteriaSet.objects.all().delete()
    assert "rationale_required_below_line" not in to_yaml(load_criteria_set(text=TINY, source=SOURCE).criteria_set)


def test_turning_the_key_on_is_a_change_of_the_set():
    load_criteria_set(text=TINY, source=SOURCE)

    result = load_criteria_set(text=REQUIRED, source=SOURCE)

    assert (result.changed, result.outcome) == (True, "replacement")
    assert CriteriaSet.objects.get().rationale_required_below_line is True
