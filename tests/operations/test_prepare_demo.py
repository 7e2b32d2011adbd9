"""``prepare_demo`` (``make run``'s set-up): the first start migrates, loads the criteria set and
seeds the demo; a second start, nothing having changed, does nothing but one cheap query and
prints the demo users' passwords again; a changed input sets it all up again."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from cases.management.demo_data import demo_password
from cases.models import Inspection, Judgement
from criteria.models import CriteriaSet
from tests.conftest import stub_weasyprint

pytestmark = pytest.mark.django_db


def run(stamp) -> str:
    out = io.StringIO()
    call_command("prepare_demo", stamp=str(stamp), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_start(django_db_setup, django_db_blocker, tmp_path_factory):
    """The first start, on an empty database, once for the module (seeding takes seconds): its stamp
    and output. Rolled back at the end; its reports' PDFs stubbed, as in any test not marked ``pdf``."""
    stamp = tmp_path_factory.mktemp("demo") / "stamp"
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        stub_weasyprint(patch)
        assert not Inspection.objects.exists()
        yield stamp, run(stamp)
        transaction.set_rollback(True)


def test_a_first_start_sets_it_all_up(first_start):
    stamp, first = first_start
    assert "Created inspection 'demoshire-2026'" in first
    assert stamp.exists() and CriteriaSet.objects.filter(slug="roh-2007").exists()
    assert Inspection.objects.filter(slug="demoshire-2026").exists()


def test_a_second_start_sets_nothing_up_again(first_start, django_assert_num_queries):
    stamp, _ = first_start
    judgements = Judgement.history.count()

    with django_assert_num_queries(1):  # whether the demo inspection is in the database
        second = run(stamp)
    assert "The demo is set up already" in second
    assert f"{'demo-lead':<16} {demo_password('demo-lead')}" in second
    assert Judgement.history.count() == judgements


def test_a_changed_input_sets_it_up_again(first_start):
    stamp, _ = first_start
    digest = stamp.read_text()
    stamp.write_text("a stamp of other migrations\n")

    again = run(stamp)
    assert "The demo is set up already" not in again
    assert "Unchanged: " in again  # load_criteria ran again…
    assert "Inspection 'demoshire-2026' already exists: left as it is." in again  # …and seed_demo
    assert stamp.read_text() == digest
