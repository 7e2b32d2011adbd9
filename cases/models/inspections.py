"""Programmes, inspections, their teams (memberships) and units."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from criteria.models import CriteriaSet

from ..roles import Role, is_admin


class Programme(models.Model):
    """One cycle of inspections (e.g. "OMI2, 2009–2012"): the areas a report compares itself with,
    and the unit of pooled analysis across inspections."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "name"]
        permissions = [("analyse_programmes", "Can read pooled figures across inspections")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Inspections the user belongs to; admins who manage inspections see them all."""
        if is_admin(user):
            return self
        return self.filter(memberships__user=user).distinct()


class Inspection(models.Model):
    class Status(models.TextChoices):
        SETUP = "setup", "Setting up"
        FIELDWORK = "fieldwork", "Fieldwork"
        MODERATION = "moderation", "Moderation"
        REPORTING = "reporting", "Reporting"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=200, blank=True, help_text="Probation area or trust inspected")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="inspections")
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reinspections",
        help_text="The original inspection, for a reinspection",
    )
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    sample_date = models.DateField(null=True, blank=True, help_text="Date ages are counted at")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETUP)
    # Sample minimums the lead sets: {"high_rosh": 10, "ppo": 5, "approved_premises": 3, ...}
    sample_minimums = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "name"]
        permissions = [("manage_inspections", "Can create inspections and appoint lead inspectors")]

    def __str__(self):
        return self.name

    @property
    def stage(self) -> str:
        """Where the inspection is, worded to follow "is": "being set up", "in fieldwork", "closed"."""
        words = {self.Status.SETUP: "being set up", self.Status.CLOSED: "closed"}
        return words.get(self.status, f"in {self.get_status_display().lower()}")

    @property
    def judgements_editable(self) -> bool:
        return self.status in (self.Status.SETUP, self.Status.FIELDWORK, self.Status.MODERATION)

    def is_led_by(self, user) -> bool:
        """Whether ``user`` is this inspection's lead inspector (one query): the check services make
        of their actor (pages know it already, from ``cases.permissions.get_inspection_for``)."""
        return Membership.objects.leads().filter(inspection_id=self.pk, user=user).exists()


class MembershipQuerySet(models.QuerySet):
    def leads(self):
        return self.filter(role=Membership.Role.LEAD)


class Membership(models.Model):
    Role = Role  # cases/roles.py: the role rules

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.inspection}"


class Unit(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=200)
    # Cases the unit supervised when the sample was drawn, entered by the lead: the report's
    # contextual information sets the sample against it.
    caseload = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["inspection", "name"], name="unique_unit_name")]

    def __str__(self):
        return self.name
