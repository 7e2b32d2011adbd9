"""Creating an inspection: the service rules, the admins' page and ``create_inspection``."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Inspection
from cases.services.inspections import create_inspection
from criteria.models import CriteriaSet
from inspection.errors import ServiceError


def test_an_inspection_starts_in_set_up_with_its_details(small_set, admin):
    inspection = create_inspection(
        slug="eastshire-2026",
        name="Eastshire",
        area="Eastshire Probation Trust",
        criteria_set=small_set,
        fieldwork_start=date(2026, 3, 9),
        fieldwork_end=date(2026, 3, 13),
        actor=admin,
    )
    assert inspection.status == Inspection.Status.SETUP
    assert (inspection.area, inspection.fieldwork_end) == ("Eastshire Probation Trust", date(2026, 3, 13))
    assert inspection.history.get().history_user == admin


def test_a_criteria_set_that_is_not_published_is_refused(small_set):
    small_set.status = CriteriaSet.Status.RETIRED
    small_set.save()
    with pytest.raises(ServiceError) as raised:
        create_inspection(slug="eastshire-2026", name="Eastshire", criteria_set=small_set)
    assert raised.value.message_dict == {
        "criteria_set": ["Criteria set 'small-2026' is retired: choose a published one"]
    }


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("northshire-2026", "An inspection with the reference 'northshire-2026' already exists"),
        ("new", "'new' is reserved: choose another reference"),
        ("my-cases", "'my-cases' is reserved: choose another reference"),
        ("programme", "'programme' is reserved: choose another reference"),
        ("Has Spaces", "Enter a reference using only lowercase letters, numbers and hyphens, like northshire-2026"),
    ],
)
def test_a_reference_must_be_new_and_usable_in_web_addresses(inspection, slug, message):
    with pytest.raises(ServiceError) as raised:
        create_inspection(slug=slug, name="X", criteria_set=inspection.criteria_set)
    assert raised.value.message_dict["slug"] == [message]


def test_fieldwork_cannot_end_before_it_starts(small_set):
    with pytest.raises(ServiceError) as raised:
        create_inspection(
            slug="x", name="X", criteria_set=small_set, fieldwork_start=date(2026, 3, 9), fieldwork_end=date(2026, 3, 1)
        )
    assert "fieldwork_end" in raised.value.message_dict


# --- the page ---------------------------------------------------------------------------------


def test_an_admin_creates_a_reinspection_and_is_sent_to_appoint_the_lead(client_as, admin, inspection):
    response = client_as(admin).post(
        reverse("cases:inspection_create"),
        {
            "name": "Northshire reinspection",
            "slug": "northshire-2027",
            "area": "Northshire Probation Trust",
            "criteria_set": inspection.criteria_set.pk,
            "previous": inspection.pk,
            "fieldwork_start_0": "8",
            "fieldwork_start_1": "3",
            "fieldwork_start_2": "2027",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:team", args=["northshire-2027"])
    created = Inspection.objects.get(slug="northshire-2027")
    assert (created.previous, created.fieldwork_start) == (inspection, date(2027, 3, 8))


def test_the_create_page_shows_every_error_in_the_summary(client_as, admin, inspection):
    response = client_as(admin).post(
        reverse("cases:inspection_create"),
        {
            "name": "",
            "slug": "northshire-2026",
            "criteria_set": inspection.criteria_set.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Enter the inspection&#x27;s name" in page
    assert Inspection.objects.count() == 1


def test_the_create_page_offers_only_published_criteria_sets(client_as, admin, small_set):
    small_set.status = CriteriaSet.Status.DRAFT
    small_set.save()
    response = client_as(admin).post(
        reverse("cases:inspection_create"),
        {
            "name": "X",
            "slug": "x-2026",
            "criteria_set": small_set.pk,
        },
    )
    assert "Choose a published criteria set" in response.content.decode()
    assert not Inspection.objects.exists()


# --- the command --------------------------------------------------------------------------------


def test_create_inspection_command_creates_a_reinspection(inspection, capsys):
    call_command(
        "create_inspection",
        "northshire-2027",
        "--criteria",
        "small-2026",
        "--name",
        "Northshire 2027",
        "--previous",
        "northshire-2026",
    )
    assert "Created inspection 'northshire-2027'" in capsys.readouterr().out
    assert Inspection.objects.get(slug="northshire-2027").previous == inspection


def test_create_inspection_command_lists_every_error_on_stderr(inspection, capsys):
    with pytest.raises(CommandError, match="was not created"):
        call_command("create_inspection", "x-2026", "--criteria", "nope", "--name", "X", "--previous", "gone")
    err = capsys.readouterr().err
    assert "--criteria: no criteria set with slug 'nope'" in err
    assert "--previous: no inspection with slug 'gone'" in err


def test_create_inspection_command_refuses_a_used_slug(inspection, capsys):
    with pytest.raises(CommandError):
        call_command("create_inspection", "northshire-2026", "--criteria", "small-2026", "--name", "Again")
    assert "slug: An inspection with the reference 'northshire-2026' already exists" in capsys.readouterr().err
