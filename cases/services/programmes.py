"""Writes for programmes (cycles of inspections): creating one, changing its name and dates, placing
an inspection in it and taking one out; and granting or withdrawing the analyst role.

Every function is keyword-only, runs in one transaction and raises ``ServiceError`` (keyed by a form
field where one applies) when the change is refused. History names ``actor``; a placement is
recorded on the inspection and, with a reason, on the programme, so the programme's history tells
who placed or took out which inspection.
"""

from datetime import date

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify

from inspection import history
from inspection import services as audit
from inspection.errors import ServiceError
from inspection.models import AuditEvent

from ..models import Inspection, Programme
from ..selectors.inspections import person_name

# Slugs that would be shadowed by the fixed programme pages.
RESERVED_SLUGS = frozenset({"new", "analysts"})


def _date_errors(start: date | None, end: date | None) -> dict[str, list[str]]:
    if start and end and end < start:
        return {"end": ["The end date must be the same as or after the start date"]}
    return {}


def _name_errors(name: str) -> dict[str, list[str]]:
    return {} if name.strip() else {"name": ["Enter the programme's name"]}


@transaction.atomic
def create_programme(
    *, slug: str, name: str, start: date | None = None, end: date | None = None, actor=None
) -> Programme:
    """Create a programme. The reference (slug) must be new; the end may not come before the start."""
    errors: dict[str, list[str]] = {}
    if not slug or slugify(slug) != slug:
        errors["slug"] = ["Enter a reference using only lowercase letters, numbers and hyphens, like omi2-2009"]
    elif slug in RESERVED_SLUGS:
        errors["slug"] = [f"'{slug}' is reserved: choose another reference"]
    elif Programme.objects.filter(slug=slug).exists():
        errors["slug"] = [f"A programme with the reference '{slug}' already exists"]
    errors |= _name_errors(name) | _date_errors(start, end)
    if errors:
        raise ServiceError(errors)
    programme = Programme(slug=slug, name=name.strip(), start=start, end=end)
    return history.save(programme, actor=actor, reason="Programme created")


@transaction.atomic
def change_programme(
    *, programme: Programme, name: str, start: date | None = None, end: date | None = None, actor=None
) -> Programme:
    """Change a programme's name and dates (its reference stays: commands and addresses use it)."""
    errors = _name_errors(name) | _date_errors(start, end)
    if errors:
        raise ServiceError(errors)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.name, programme.start, programme.end = name.strip(), start, end
    return history.save(programme, actor=actor, update_fields=["name", "start", "end"])


@transaction.atomic
def place_inspection(*, programme: Programme, inspection: Inspection, actor=None) -> Inspection:
    """Put ``inspection`` in ``programme``. An inspection is in at most one programme: one already in
    another is refused (take it out of that one first)."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("programme").get(pk=inspection.pk)
    if inspection.programme_id == programme.pk:
        raise ServiceError({"inspection": f"{inspection.name} is already in this programme"})
    if inspection.programme_id is not None:
        other = inspection.programme.name
        raise ServiceError(
            {"inspection": f"{inspection.name} is already in programme {other}: take it out of {other} first"}
        )
    inspection.programme = programme
    history.save(inspection, actor=actor, reason=f"Placed in programme {programme.name}", update_fields=["programme"])
    history.save(programme, actor=actor, reason=f"{inspection.name} placed in the programme")
    return inspection


@transaction.atomic
def remove_inspection_from_programme(*, inspection: Inspection, actor=None) -> Inspection:
    """Take ``inspection`` out of its programme. Final reports of other areas keep the comparison
    they froze; reports written from now on no longer count it."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("programme").get(pk=inspection.pk)
    programme = inspection.programme
    if programme is None:
        raise ServiceError(f"{inspection.name} is not in a programme")
    inspection.programme = None
    history.save(
        inspection, actor=actor, reason=f"Taken out of programme {programme.name}", update_fields=["programme"]
    )
    history.save(programme, actor=actor, reason=f"{inspection.name} taken out of the programme")
    return inspection


def _analyse_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="cases", codename="analyse_programmes")


@transaction.atomic
def set_analyst(*, user, analyst: bool, actor, request=None) -> bool:
    """Grant (``analyst=True``) or withdraw the analyst role: the ``cases.analyse_programmes``
    permission, given to the person directly. Recorded in the audit log like other access changes.
    Returns whether anything changed (granting it twice changes nothing and records nothing)."""
    if not user.is_active:
        raise ServiceError({"analyst": f"{person_name(user)}'s account is not active"})
    permission = _analyse_permission()
    held = user.user_permissions.filter(pk=permission.pk).exists()
    if held == analyst:
        return False
    if analyst:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    kind = AuditEvent.Kind.ANALYST_GRANTED if analyst else AuditEvent.Kind.ANALYST_WITHDRAWN
    detail = "may read pooled figures across inspections"
    audit.record(kind=kind, request=request, user=user, actor=actor, detail=detail)
    return True
