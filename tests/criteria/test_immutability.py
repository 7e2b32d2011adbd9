"""A criteria set an inspection uses cannot be changed or deleted; one not in use can be replaced."""

import pytest

from criteria.exporter import to_yaml
from criteria.models import CriteriaSet
from criteria.services import delete_criteria_set, load_criteria_set, set_status
from inspection.errors import FileRejectedError, LockedError, ServiceError
from tests import factories
from tests.conftest import SMALL_SET
from tests.criteria.helpers import snapshot

pytestmark = pytest.mark.django_db

SMALL = SMALL_SET.read_text(encoding="utf-8")
CHANGED_SMALL = SMALL.replace("text: The assessment was completed on time.", "text: The assessment was on time.")


def test_a_changed_file_with_the_slug_of_a_set_in_use_is_rejected_with_a_clear_message(inspection):
    before, exported = snapshot(), to_yaml(inspection.criteria_set)

    with pytest.raises(FileRejectedError) as caught:
        load_criteria_set(text=CHANGED_SMALL, source="small-criteria.yaml")

    assert caught.value.errors == [
        "small-criteria.yaml, slug: criteria set 'small-2026' is used by an inspection, so it cannot be changed; "
        "give the new version a new slug, for example 'small-2026-v2'"
    ]
    assert snapshot() == before
    assert to_yaml(CriteriaSet.objects.get(slug="small-2026")) == exported


def test_the_unchanged_file_of_a_set_in_use_loads_as_a_no_op(inspection):
    before = snapshot()
    result = load_criteria_set(text=SMALL, source="small-criteria.yaml")
    assert result.outcome == "unchanged"
    assert snapshot() == before


def test_a_new_version_with_a_new_slug_loads_beside_the_set_in_use(inspection):
    result = load_criteria_set(text=CHANGED_SMALL.replace("slug: small-2026", "slug: small-2026-v2"), source="v2.yaml")
    assert result.outcome == "new"
    assert sorted(CriteriaSet.objects.values_list("slug", flat=True)) == ["small-2026", "small-2026-v2"]
    assert inspection.criteria_set.questions.get(code="A.1.01").text == "The assessment was completed on time."


def test_a_set_not_in_use_is_replaced_and_keeps_its_status(small_set):
    set_status(criteria_set=small_set, status=CriteriaSet.Status.RETIRED)

    result = load_criteria_set(text=CHANGED_SMALL, source="small-criteria.yaml")

    assert (result.created, result.changed, result.outcome) == (False, True, "replacement")
    replaced = CriteriaSet.objects.get(slug="small-2026")
    assert replaced.questions.get(code="A.1.01").text == "The assessment was on time."
    assert replaced.status == CriteriaSet.Status.RETIRED
    assert CriteriaSet.objects.count() == 1


def test_a_set_in_use_cannot_be_deleted(inspection):
    before = snapshot()
    with pytest.raises(LockedError) as caught:
        delete_criteria_set(criteria_set=inspection.criteria_set)
    assert caught.value.messages == ["criteria set 'small-2026' is used by an inspection and cannot be deleted"]
    assert snapshot() == before


def test_a_set_not_in_use_can_be_deleted_with_all_its_content(small_set):
    delete_criteria_set(criteria_set=small_set)
    assert all(pks == [] for pks in snapshot().values())


def test_a_set_used_by_a_closed_inspection_is_still_in_use(small_set):
    factories.InspectionFactory(criteria_set=small_set, status="closed")
    with pytest.raises(FileRejectedError):
        load_criteria_set(text=CHANGED_SMALL, source="small-criteria.yaml")


def test_publishing_and_retiring_change_only_the_status(inspection):
    criteria_set, exported = inspection.criteria_set, to_yaml(inspection.criteria_set)
    set_status(criteria_set=criteria_set, status=CriteriaSet.Status.RETIRED)
    assert CriteriaSet.objects.get(pk=criteria_set.pk).status == "retired"
    set_status(criteria_set=criteria_set, status=CriteriaSet.Status.PUBLISHED)
    assert CriteriaSet.objects.get(pk=criteria_set.pk).status == "published"
    assert to_yaml(criteria_set) == exported
    with pytest.raises(ServiceError, match="unknown status 'deleted'"):
        set_status(criteria_set=criteria_set, status="deleted")
