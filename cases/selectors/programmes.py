"""Reads for the programme pages (admins): the list with counts, a programme's inspections, the
inspections that may be placed in one, and a programme's history in words."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet

from ..models import Inspection, Programme
from .inspections import person_name


def programmes_with_counts() -> QuerySet[Programme]:
    """Every programme with ``inspection_count`` and ``area_count`` (distinct areas named): one query."""
    return Programme.objects.annotate(
        inspection_count=Count("inspections", distinct=True),
        area_count=Count("inspections__area", distinct=True, filter=~Q(inspections__area="")),
    )


def programme_inspections(*, programme: Programme) -> QuerySet[Inspection]:
    """The programme's inspections by area, each with ``final_at``: when its report was last
    finalised (None while it has no final version). One query. The report lives in the reports
    app, so it is reached by its relation's name (cases never imports reports)."""
    return (
        Inspection.objects.filter(programme=programme)
        .select_related("criteria_set")
        .annotate(final_at=Max("report__versions__finalised_at", filter=Q(report__versions__status="final")))
        .order_by("area", "name")
    )


def placeable_inspections() -> QuerySet[Inspection]:
    """Inspections in no programme, by name: those an admin may place in one."""
    return Inspection.objects.filter(programme__isnull=True).order_by("name")


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str


FIELD_NAMES = {"name": "name", "start": "start date", "end": "end date"}


def _describe(record, previous) -> str:
    if record.history_change_reason and record.history_change_reason != "Programme created":
        return record.history_change_reason
    if previous is None or record.history_type == "+":
        return "Programme created"
    changes = [
        f"{FIELD_NAMES[field]} changed from {_shown(getattr(previous, field))} to {_shown(getattr(record, field))}"
        for field in FIELD_NAMES
        if getattr(previous, field) != getattr(record, field)
    ]
    text = "; ".join(changes)
    return text[:1].upper() + text[1:] if text else "Saved with no change"


def _shown(value) -> str:
    if value is None or value == "":
        return "not set"
    return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else f"“{value}”"


def programme_history(*, programme: Programme) -> list[HistoryEntry]:
    """Who changed what in the programme, newest first: its creation, changes of name and dates,
    inspections placed in it and taken out. One query."""
    records = list(programme.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    for index, record in enumerate(records):
        previous = records[index - 1] if index else None
        who = person_name(record.history_user) if record.history_user else "The system"
        entries.append(HistoryEntry(record.history_date, who, _describe(record, previous)))
    return entries[::-1]


def _holds(codename: str):
    """An EXISTS: the person holds ``cases.<codename>``, given directly or through a group."""
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.filter(content_type__app_label="cases", codename=codename)
    given = get_user_model().user_permissions.through.objects.filter(user_id=OuterRef("pk"), permission__in=permission)
    via_group = Group.permissions.through.objects.filter(group__user=OuterRef("pk"), permission__in=permission)
    return Exists(given) | Exists(via_group)


def people_with_analyst_role() -> QuerySet:
    """Active people by name, each with ``analyst`` (holds the analyst role) and ``admin`` (manages
    inspections, so may read pooled figures anyway). One query."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(
            analyst=ExpressionWrapper(_holds("analyse_programmes"), output_field=BooleanField()),
            admin=ExpressionWrapper(Q(is_superuser=True) | _holds("manage_inspections"), output_field=BooleanField()),
        )
        .order_by("last_name", "first_name", "username")
    )
