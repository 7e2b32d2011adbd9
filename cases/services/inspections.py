"""Writes for inspections: creating one, its team, its status and the lead's sample minimums.

Every function is keyword-only, runs in one transaction and raises ``ServiceError`` (keyed by a
form field where one applies, so forms show it against the field) when the change is refused.
Each history record names ``actor``, the acting user (None for the system).
"""

from datetime import date

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import ngettext

from criteria.models import CriteriaSet
from inspection import history
from inspection.errors import ServiceError

from .. import lifecycle
from ..models import Assessment, Inspection, Membership, Programme
from ..roles import ASSESSORS, MEMBER_ROLES
from ..selectors.composition import MINIMUMS
from ..selectors.inspections import person_name

# Slugs that would be shadowed by fixed URLs under /inspections/.
RESERVED_SLUGS = frozenset({"new", "my-cases", "programme", "programmes"})


@transaction.atomic
def create_inspection(
    *,
    slug: str,
    name: str,
    criteria_set: CriteriaSet,
    area: str = "",
    programme: Programme | None = None,
    previous: Inspection | None = None,
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
    sample_date: date | None = None,
    actor=None,
) -> Inspection:
    """Create an inspection in the set-up status, in ``programme`` if given. The criteria set must be
    published."""
    errors: dict[str, list[str]] = {}
    if not slug or slugify(slug) != slug:
        errors.setdefault("slug", []).append(
            "Enter a reference using only lowercase letters, numbers and hyphens, like northshire-2026"
        )
    elif slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append(f"'{slug}' is reserved: choose another reference")
    elif Inspection.objects.filter(slug=slug).exists():
        errors.setdefault("slug", []).append(f"An inspection with the reference '{slug}' already exists")
    if not name.strip():
        errors.setdefault("name", []).append("Enter the inspection's name")
    if criteria_set.status != CriteriaSet.Status.PUBLISHED:
        errors.setdefault("criteria_set", []).append(
            f"Criteria set '{criteria_set.slug}' is {criteria_set.get_status_display().lower()}: choose a published one"
        )
    if fieldwork_start and fieldwork_end and fieldwork_end < fieldwork_start:
        errors.setdefault("fieldwork_end", []).append("The fieldwork end date must be on or after its start date")
    if errors:
        raise ServiceError(errors)
    inspection = Inspection(
        slug=slug,
        name=name.strip(),
        area=area.strip(),
        programme=programme,
        criteria_set=criteria_set,
        previous=previous,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        sample_date=sample_date,
    )
    history.save(inspection, actor=actor)
    if programme is not None:  # the programme's history tells who placed which inspection in it
        history.save(programme, actor=actor, reason=f"{inspection.name} placed in the programme")
    return inspection


def _active_user(user, field: str):
    if user is None or not user.is_active:
        raise ServiceError({field: "Choose someone with an active account"})
    return user


@transaction.atomic
def appoint_lead(*, inspection: Inspection, user, actor=None) -> Membership:
    """Make ``user`` the inspection's lead. A previous lead stays in the team as an inspector."""
    _active_user(user, "person")
    for old in Membership.objects.select_for_update().leads().filter(inspection=inspection):
        if old.user_id != user.pk:
            old.role = Membership.Role.INSPECTOR
            history.save(old, actor=actor, update_fields=["role"])
    membership = Membership.objects.filter(inspection=inspection, user=user).first()
    if membership is None:
        membership = Membership(inspection=inspection, user=user, role=Membership.Role.LEAD)
    membership.role = Membership.Role.LEAD
    return history.save(membership, actor=actor)


def _cases_phrase(count: int) -> str:
    return ngettext("%(count)d case allocated", "%(count)d cases allocated", count) % {"count": count}


def _allocated(*, inspection: Inspection, user) -> int:
    """The assessments (double marking included) allocated to ``user`` in the inspection."""
    return Assessment.objects.filter(case__inspection=inspection, assessor=user).count()


def _check_role(*, inspection: Inspection, user, role: str) -> None:
    """Refuse a role ``add_member``/``change_role`` do not give, and quality assurance for someone
    with cases allocated (it moderates and does not assess)."""
    if role not in MEMBER_ROLES:
        raise ServiceError({"role": "Choose inspector, local assessor or quality assurance"})
    if role not in ASSESSORS:
        allocated = _allocated(inspection=inspection, user=user)
        if allocated:
            raise ServiceError(
                {
                    "role": f"{person_name(user)} has {_cases_phrase(allocated)}: "
                    "reallocate them before making this person quality assurance"
                }
            )


@transaction.atomic
def add_member(*, inspection: Inspection, user, role: str, actor=None) -> Membership:
    """Add ``user`` to the team as an inspector, local assessor or quality assurance.

    Someone already in the team is refused with their current role (``change_role`` changes it),
    so choosing the wrong person never silently changes a role. The lead is appointed with
    ``appoint_lead``.
    """
    _active_user(user, "person")
    membership = Membership.objects.select_for_update().filter(inspection=inspection, user=user).first()
    if membership is not None:
        raise ServiceError(
            {
                "person": f"{person_name(user)} is already on the team as {membership.get_role_display().lower()}. "
                "To change their role, use Change role"
            }
        )
    _check_role(inspection=inspection, user=user, role=role)
    return history.save(Membership(inspection=inspection, user=user, role=role), actor=actor)


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor=None) -> Membership:
    """Change a member's role to inspector, local assessor or quality assurance.

    The lead's role is not changed here (appoint another lead: an inspection never loses its lead
    by accident); quality assurance is refused while cases are allocated to the person.
    """
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    name = person_name(membership.user)
    if membership.role == Membership.Role.LEAD:
        raise ServiceError({"role": f"{name} is the lead inspector: appoint another lead first"})
    if membership.role == role:
        current = membership.get_role_display().lower()
        raise ServiceError({"role": f"{name}'s role is already {current}: choose another role"})
    _check_role(inspection=membership.inspection, user=membership.user, role=role)
    membership.role = role
    return history.save(membership, actor=actor, update_fields=["role"])


def removal_refusal(*, membership: Membership, allocated: int | None = None) -> str:
    """Why ``membership`` cannot be removed from the team now, or "" when it can. ``allocated`` is
    the number of assessments (double marking included) allocated to them, counted when not given."""
    name = person_name(membership.user)
    if membership.role == Membership.Role.LEAD:
        return f"{name} is the lead inspector and cannot be removed: appoint another lead first"
    if allocated is None:
        allocated = _allocated(inspection=membership.inspection, user=membership.user)
    if allocated:
        return f"{name} has {_cases_phrase(allocated)}: reallocate them before removing this person from the team"
    return ""


@transaction.atomic
def remove_member(*, membership: Membership, actor=None) -> None:
    """Remove someone from the team. Refused for the lead, and while cases are allocated to them
    (reallocate first: an assessment is never left with an assessor outside the team)."""
    membership = Membership.objects.select_for_update().select_related("user", "inspection").get(pk=membership.pk)
    refusal = removal_refusal(membership=membership)
    if refusal:
        raise ServiceError(refusal)
    history.attribute(membership, actor=actor)
    membership.delete()


@transaction.atomic
def change_status(*, inspection: Inspection, status: str, actor=None) -> Inspection:
    """Make one of the life cycle's moves (``cases.lifecycle.TRANSITIONS``): on one step (set-up →
    fieldwork → moderation → reporting → closed), or back from reporting to moderation. Fieldwork
    needs a lead and a case sample (``lifecycle.fieldwork_problems``)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    move = lifecycle.transition(inspection.status, status)
    if move is None:
        target = Inspection.Status(status).label.lower() if status in Inspection.Status.values else status
        raise ServiceError({"status": f"The inspection is {inspection.stage}: it cannot move to {target}"})
    problems = lifecycle.problems(move, inspection=inspection)
    if problems:
        raise ServiceError({"status": [message for _page, message in problems]})
    before = inspection.get_status_display().lower()
    inspection.status = status
    return history.save(
        inspection,
        actor=actor,
        reason=f"Status changed from {before} to {inspection.get_status_display().lower()}",
        update_fields=["status"],
    )


@transaction.atomic
def set_sample_minimums(*, inspection: Inspection, minimums: dict[str, int | None], actor=None) -> Inspection:
    """Record the lead's minimum counts (keys of ``MINIMUMS``; None or 0 means no minimum)."""
    unknown = sorted(set(minimums) - set(MINIMUMS))
    if unknown:
        raise ServiceError(f"Unknown sample minimum: {', '.join(unknown)}")
    cleaned = {}
    for key, value in minimums.items():
        if value in (None, ""):
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ServiceError({key: "Enter a whole number, 0 or more"})
        if value:
            cleaned[key] = value
    inspection.sample_minimums = cleaned
    return history.save(inspection, actor=actor, update_fields=["sample_minimums"])
