"""Programmes: the services' rules, and the ``create_programme`` and ``create_inspection --programme``
commands."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from cases.models import Inspection, Programme
from cases.services import programmes as services
from inspection.errors import ServiceError
from tests import factories


@pytest.fixture
def omi2(db):
    return factories.ProgrammeFactory(slug="omi2", name="OMI2", start=date(2009, 4, 1), end=date(2012, 3, 31))


def test_a_programme_is_created_with_its_dates_and_who_created_it(admin):
    programme = services.create_programme(
        slug="omi2", name=" OMI2 2009–2012 ", start=date(2009, 4, 1), end=date(2012, 3, 31), actor=admin
    )
    assert (programme.name, programme.start, programme.end) == ("OMI2 2009–2012", date(2009, 4, 1), date(2012, 3, 31))
    assert programme.history.get().history_user == admin


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("omi2", "A programme with the reference 'omi2' already exists"),
        ("new", "'new' is reserved: choose another reference"),
        ("Has Spaces", "Enter a reference using only lowercase letters, numbers and hyphens, like omi2-2009"),
    ],
)
def test_a_programme_reference_must_be_new_and_usable_in_web_addresses(omi2, slug, message):
    with pytest.raises(ServiceError) as raised:
        services.create_programme(slug=slug, name="Another")
    assert raised.value.message_dict == {"slug": [message]}


def test_a_programme_cannot_end_before_it_starts(db):
    with pytest.raises(ServiceError) as raised:
        services.create_programme(slug="qi", name="Q&I", start=date(2017, 1, 1), end=date(2016, 1, 1))
    assert raised.value.message_dict == {"end": ["The end date must be the same as or after the start date"]}
    assert not Programme.objects.exists()


def test_changing_a_programme_keeps_its_reference_and_checks_its_dates(omi2, admin):
    services.change_programme(programme=omi2, name="OMI2 (2009 to 2012)", start=None, end=date(2012, 6, 1), actor=admin)
    omi2.refresh_from_db()
    assert (omi2.slug, omi2.name, omi2.start, omi2.end) == ("omi2", "OMI2 (2009 to 2012)", None, date(2012, 6, 1))
    with pytest.raises(ServiceError):
        services.change_programme(programme=omi2, name="OMI2", start=date(2013, 1, 1), end=date(2012, 1, 1))
    with pytest.raises(ServiceError):
        services.change_programme(programme=omi2, name=" ", start=None, end=None)


def test_an_inspection_placed_in_a_programme_is_recorded_on_both_histories(omi2, inspection, admin):
    services.place_inspection(programme=omi2, inspection=inspection, actor=admin)
    inspection.refresh_from_db()
    assert inspection.programme == omi2
    assert inspection.history.latest().history_change_reason == "Placed in programme OMI2"
    latest = omi2.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (admin, "Northshire placed in the programme")


def test_an_inspection_already_in_another_programme_is_refused_with_the_way_out(omi2, inspection):
    other = factories.ProgrammeFactory(slug="qi", name="Quality & Impact")
    services.place_inspection(programme=other, inspection=inspection)
    with pytest.raises(ServiceError) as raised:
        services.place_inspection(programme=omi2, inspection=inspection)
    assert raised.value.messages == [
        "Northshire is already in programme Quality & Impact: take it out of Quality & Impact first"
    ]
    assert Inspection.objects.get(pk=inspection.pk).programme == other


def test_an_inspection_taken_out_of_its_programme_can_join_another(omi2, inspection, admin):
    other = factories.ProgrammeFactory(slug="qi", name="Quality & Impact")
    services.place_inspection(programme=other, inspection=inspection)
    services.remove_inspection_from_programme(inspection=inspection, actor=admin)
    assert other.history.latest().history_change_reason == "Northshire taken out of the programme"
    services.place_inspection(programme=omi2, inspection=inspection)
    assert Inspection.objects.get(pk=inspection.pk).programme == omi2
    inspection.refresh_from_db()
    services.remove_inspection_from_programme(inspection=inspection)
    with pytest.raises(ServiceError, match="Northshire is not in a programme"):
        services.remove_inspection_from_programme(inspection=inspection)


# --- commands ---------------------------------------------------------------------------------


def test_create_programme_command_creates_a_programme(db, capsys):
    call_command("create_programme", "omi2", "--name", "OMI2 2009–2012", "--start", "2009-04-01", "--end", "2012-03-31")
    programme = Programme.objects.get(slug="omi2")
    assert (programme.name, programme.start, programme.end) == ("OMI2 2009–2012", date(2009, 4, 1), date(2012, 3, 31))
    assert "Created programme 'omi2' (OMI2 2009–2012)" in capsys.readouterr().out


def test_create_programme_command_refuses_an_end_before_the_start_and_writes_nothing(db, capsys):
    with pytest.raises(CommandError, match="programme 'qi' was not created"):
        call_command("create_programme", "qi", "--name", "Q&I", "--start", "2017-01-01", "--end", "2016-01-01")
    assert "end: The end date must be the same as or after the start date" in capsys.readouterr().err
    assert not Programme.objects.exists()


def test_create_programme_command_refuses_a_reference_already_used(omi2, capsys):
    with pytest.raises(CommandError):
        call_command("create_programme", "omi2", "--name", "Again")
    assert "slug: A programme with the reference 'omi2' already exists" in capsys.readouterr().err
    assert Programme.objects.get().name == "OMI2"


def test_create_inspection_command_places_the_inspection_in_its_programme_and_area(omi2, small_set, capsys):
    call_command(
        "create_inspection",
        "cheshire-2011",
        "--criteria",
        small_set.slug,
        "--name",
        "Cheshire OMI2",
        "--area",
        "Cheshire",
        "--programme",
        "omi2",
    )
    inspection = Inspection.objects.get(slug="cheshire-2011")
    assert (inspection.area, inspection.programme) == ("Cheshire", omi2)
    assert omi2.history.latest().history_change_reason == "Cheshire OMI2 placed in the programme"
    assert "in programme 'omi2'" in capsys.readouterr().out


def test_create_inspection_command_refuses_an_unknown_programme_and_writes_nothing(small_set, capsys):
    with pytest.raises(CommandError):
        call_command("create_inspection", "x-2011", "--criteria", small_set.slug, "--name", "X", "--programme", "nope")
    assert "--programme: no programme with slug 'nope'" in capsys.readouterr().err
    assert not Inspection.objects.filter(slug="x-2011").exists()
