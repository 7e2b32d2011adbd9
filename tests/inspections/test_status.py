"""Inspection status rules: one step forward at a time, reopening from reporting to moderation."""

import pytest
from django.urls import reverse

from cases.models import Inspection
from cases.services.inspections import change_status
from inspection.errors import ServiceError
from tests import factories

S = Inspection.Status


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.SETUP, S.FIELDWORK),
        (S.FIELDWORK, S.MODERATION),
        (S.MODERATION, S.REPORTING),
        (S.REPORTING, S.CLOSED),
        (S.REPORTING, S.MODERATION),
    ],
)
def test_allowed_moves(inspection, lead, start, target):
    factories.CaseFactory(inspection=inspection)
    Inspection.objects.filter(pk=inspection.pk).update(status=start)
    assert change_status(inspection=inspection, status=target, actor=lead).status == target


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.SETUP, S.MODERATION),
        (S.FIELDWORK, S.SETUP),
        (S.MODERATION, S.FIELDWORK),
        (S.CLOSED, S.REPORTING),
        (S.CLOSED, S.MODERATION),
        (S.FIELDWORK, "archived"),
    ],
)
def test_refused_moves(inspection, start, target):
    Inspection.objects.filter(pk=inspection.pk).update(status=start)
    with pytest.raises(ServiceError):
        change_status(inspection=inspection, status=target)
    inspection.refresh_from_db()
    assert inspection.status == start


def test_fieldwork_needs_a_lead_and_a_sample(inspection):
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SETUP)
    with pytest.raises(ServiceError) as raised:
        change_status(inspection=inspection, status=S.FIELDWORK)
    assert raised.value.messages == [
        "Appoint a lead inspector before fieldwork starts",
        "Add the case sample before fieldwork starts",
    ]


def test_judgements_are_editable_until_reporting_starts():
    editable = {status: Inspection(status=status).judgements_editable for status in S}
    assert editable == {S.SETUP: True, S.FIELDWORK: True, S.MODERATION: True, S.REPORTING: False, S.CLOSED: False}


def test_the_lead_reopens_a_reporting_inspection_from_the_overview(client_as, lead, inspection):
    Inspection.objects.filter(pk=inspection.pk).update(status=S.REPORTING)
    client = client_as(lead)
    page = client.get(reverse("cases:inspection_detail", args=["northshire-2026"])).content.decode()
    assert "Reopen for moderation" in page and "Close the inspection" in page

    # The button leads to the "Are you sure?" page; confirming there reopens it.
    response = client.post(reverse("cases:inspection_status", args=["northshire-2026", "moderation"]), follow=True)
    assert "The inspection is open for moderation again." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.MODERATION
    assert inspection.judgements_editable


def test_a_refused_move_is_explained_and_changes_nothing(client_as, lead, inspection):
    response = client_as(lead).post(reverse("cases:inspection_status", args=["northshire-2026", "closed"]), follow=True)
    assert "The inspection is in fieldwork, so you cannot close the inspection now." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.FIELDWORK


def test_only_the_lead_sees_the_status_buttons(client_as, inspector, inspection):
    page = client_as(inspector).get(reverse("cases:inspection_detail", args=["northshire-2026"])).content.decode()
    assert "Start moderation" not in page


def test_the_are_you_sure_page_says_where_the_inspection_is_in_words(client_as, lead, inspection):
    factories.CaseFactory(inspection=inspection)
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SETUP)
    page = client_as(lead).get(reverse("cases:inspection_status", args=["northshire-2026", "fieldwork"]))
    assert "The inspection is being set up." in page.content.decode()
    assert [Inspection(status=status).stage for status in S] == [
        "being set up",
        "in fieldwork",
        "in moderation",
        "in reporting",
        "closed",
    ]
