"""The role rules, in one place: the roles a team member has, who moderates, who assesses and who is
an admin. Imports nothing from ``cases.models`` (the models use these rules; ``cases.permissions``
applies them to pages), so there is no import circle.
"""

from django.db import models


class Role(models.TextChoices):
    """A team member's role in one inspection (``Membership.role``)."""

    LEAD = "lead", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    LOCAL_ASSESSOR = "local_assessor", "Local assessor"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"


LEAD = Role.LEAD
INSPECTOR = Role.INSPECTOR
LOCAL_ASSESSOR = Role.LOCAL_ASSESSOR
QUALITY_ASSURANCE = Role.QUALITY_ASSURANCE
# Pseudo-role: a user with the ``cases.manage_inspections`` permission (creates inspections,
# appoints leads). Admins can see every inspection but only act where a view lists ADMIN.
ADMIN = "admin"
MEMBERS = frozenset({LEAD, INSPECTOR, LOCAL_ASSESSOR, QUALITY_ASSURANCE})
# Who moderates submitted assessments (the queue, dip samples, changes with a reason, returns).
MODERATORS = frozenset({LEAD, QUALITY_ASSURANCE})
# Who may be allocated cases to assess: quality assurance moderates, it does not assess.
ASSESSORS = frozenset({LEAD, INSPECTOR, LOCAL_ASSESSOR})
# Who may second-mark: those who assess cases, but not the lead (who sees every answer).
SECOND_MARKERS = ASSESSORS - {LEAD}
# The roles ``add_member`` and ``change_role`` give (the lead is appointed with ``appoint_lead``).
MEMBER_ROLES = MEMBERS - {LEAD}

OWN_ASSESSMENT = "You cannot moderate your own assessment"


def is_admin(user) -> bool:
    """The one admin rule (``Inspection.objects.for_user`` uses it too)."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("cases.manage_inspections"))


def moderation_refusal(*, assessor_id: int | None, user, role: str | None) -> str:
    """Why ``user`` (with ``role`` in the inspection, or None) may not moderate an assessment by
    ``assessor_id``, or "": a moderator, and never of their own assessment."""
    if role not in MODERATORS:
        return "Only the lead inspector or quality assurance can moderate assessments"
    if assessor_id == user.pk:
        return OWN_ASSESSMENT
    return ""
