"""``prepare_demo`` (``make run``'s set-up): the first start migrates, loads the criteria set and
seeds the demo; a second start, nothing having changed, does nothing but one cheap query and
prints the demo users' passwords again."""

import io

import pytest
from django.core.management import call_command

from cases.management.demo_data import demo_password
from cases.models import Inspection, Judgement
from criteria.models import CriteriaSet

pytestmark = pytest.mark.django_db


def run(stamp) -> str:
    out = io.StringIO()
    call_command("prepare_demo", stamp=str(stamp), stdout=out)
    return out.getvalue()


def test_a_second_start_sets_nothing_up_again(tmp_path, django_assert_num_queries):
    stamp = tmp_path / "stamp"
    first = run(stamp)
    assert "Created inspection 'demoshire-2026'" in first
    assert stamp.exists() and CriteriaSet.objects.filter(slug="roh-2007").exists()
    judgements = Judgement.history.count()

    with django_assert_num_queries(1):  # whether the demo inspection is in the database
        second = run(stamp)
    assert "The demo is set up already" in second
    assert f"{'demo-lead':<16} {demo_password('demo-lead')}" in second
    assert Judgement.history.count() == judgements


def test_a_changed_input_sets_it_up_again(tmp_path):
    stamp = tmp_path / "stamp"
    stamp.write_text("a stamp of other migrations\n")
    assert "Created inspection 'demoshire-2026'" in run(stamp)
    assert Inspection.objects.filter(slug="demoshire-2026").exists()
    assert stamp.read_text() != "a stamp of other migrations\n"
