"""Who may open an inspection's pages: one helper every view of the cases app uses.

Usage in a view::

    from cases.permissions import ADMIN, LEAD, get_inspection_for

    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection   # lead only
    access = get_inspection_for(request.user, slug)                                 # any team member
    access = get_inspection_for(request.user, slug, roles={LEAD, ADMIN})           # lead or an admin
    if access.is_lead: ...                                  # the user's standing: an InspectionAccess

The inspection itself carries nothing about the user: their standing is the ``InspectionAccess``
(pages that show or hide things by it put ``access`` in their context).

The rule (issue 3): a user who is neither a member of the inspection's team nor an admin gets a
404, exactly as if the slug did not exist (so another team's inspections cannot be discovered).
A user who can see the inspection but whose role is not in ``roles`` gets a 403.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Inspection, Membership
from .roles import (  # noqa: F401 (the role rules, named here for the views)
    ADMIN,
    ASSESSORS,
    INSPECTOR,
    LEAD,
    LOCAL_ASSESSOR,
    MEMBERS,
    MODERATORS,
    QUALITY_ASSURANCE,
    is_admin,
)


@dataclass(frozen=True)
class InspectionAccess:
    """An inspection as one user may see it, with their standing in it."""

    inspection: Inspection  # its criteria set and programme selected
    role: str | None  # their Membership role, or None (an admin who is not a member)
    user: object = field(repr=False, compare=False)
    admin_checked: bool | None = field(default=None, repr=False, compare=False)  # when letting them in needed it

    @cached_property
    def is_admin(self) -> bool:
        """Whether the user is an admin. The check costs two queries, so a member let in by their
        role is asked only if a page reads this."""
        return self.admin_checked if self.admin_checked is not None else is_admin(self.user)

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label if self.role else ""

    @property
    def is_lead(self) -> bool:
        return self.role == LEAD

    @property
    def is_moderator(self) -> bool:
        """The lead or quality assurance."""
        return self.role in MODERATORS


def get_inspection_for(user, slug: str, *, roles: Collection[str] | None = None) -> InspectionAccess:
    """The inspection ``slug`` as ``user`` may see it, or raise Http404 / PermissionDenied.

    ``roles``: the Membership roles (``LEAD``, ``INSPECTOR``, ``LOCAL_ASSESSOR``, ``QUALITY_ASSURANCE``;
    ``MODERATORS`` for the lead and quality assurance) and/or ``ADMIN`` allowed on the page. ``None``
    means any team member (any role), not admins who are not members.

    - not a member and not an admin → Http404 (never reveal that the inspection exists);
    - visible but the role is not allowed → PermissionDenied (403).

    Returns an ``InspectionAccess``: the inspection (criteria set and programme selected) and the
    caller's standing (``role``, ``role_label``, ``is_lead``, ``is_moderator``, ``is_admin``). One
    query for a member whose role is allowed; two more (the permission check) where being an admin
    decides, and one more for an admin who is not a member (the inspection).
    """
    allowed = MEMBERS if roles is None else frozenset(roles)
    membership = (
        Membership.objects.select_related("inspection", "inspection__criteria_set", "inspection__programme")
        .filter(inspection__slug=slug, user=user)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is not None and membership.role in allowed:
        return InspectionAccess(inspection=membership.inspection, role=membership.role, user=user)
    if membership is not None:
        if ADMIN not in allowed or not is_admin(user):
            raise PermissionDenied("Your role in this inspection does not allow this")
        return InspectionAccess(inspection=membership.inspection, role=membership.role, user=user, admin_checked=True)
    if not is_admin(user):
        raise Http404("No such inspection")
    inspection = Inspection.objects.select_related("criteria_set", "programme").filter(slug=slug).first()
    if inspection is None:
        raise Http404("No such inspection")
    if ADMIN not in allowed:
        raise PermissionDenied("Your role in this inspection does not allow this")
    return InspectionAccess(inspection=inspection, role=None, user=user, admin_checked=True)


ANALYSE_PROGRAMMES = "cases.analyse_programmes"


def can_analyse(user) -> bool:
    """Whether ``user`` may read pooled figures across inspections (the research pages): admins, and
    analysts, who hold ``cases.analyse_programmes`` (granted on the Analysts page). Never a case
    reference, rationale, example or name: only pooled figures."""
    return user.is_authenticated and (is_admin(user) or user.has_perm(ANALYSE_PROGRAMMES))
