"""Draft inspection reports: a report per inspection, its versions, and the PDFs generated from them.

The lead inspector writes a version (foreword, recommendations, strengths and areas for improvement
per general criterion, notable practice picked from judgements); finalising a version locks it and
freezes the figures it shows (``frozen_data``), and a new draft can be started from the final one.
A sampled case that cannot be assessed is recorded as excluded with a reason (``ExcludedCase``).
Every write goes through ``reports.services`` (the PDF build's own state: ``reports.services.jobs``); reads
for the pages are in ``reports.selectors``.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models import Case, Inspection, Judgement
from criteria.models import GeneralCriterion


def lettered(items) -> list[tuple[str, str]]:
    """[(marker, item)]: (a) … (z), then (aa), (bb) …, as the inspectorate's reports letter long lists."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [(f"({letters[i % 26] * (i // 26 + 1)})", item) for i, item in enumerate(items)]


class Report(models.Model):
    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Report on {self.inspection}"


class ReportVersionQuerySet(models.QuerySet):
    def newest(self) -> "ReportVersion | None":
        """The highest-numbered version (the draft, if there is one: only the newest can be)."""
        return self.order_by("-number").first()


class ReportVersion(models.Model):
    """One version of the report's text. A final version is locked; edits go to a new draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    foreword = models.TextField(blank=True, help_text="Foreword and summary; paragraphs separated by a blank line")
    # Ordered lists of plain-text items (numbered in the PDF).
    recommendations = models.JSONField(default=list, blank=True)
    # A reinspection: why it was undertaken (the original's recommendations that led to it); the
    # report prints the original's figures for the general criteria the text names by code.
    reinspection_reasons = models.TextField(blank=True)
    # What offenders said (Cheshire's "Service users' perspective"), with how many responded.
    service_users = models.TextField(blank=True)
    service_users_responses = models.PositiveIntegerField(null=True, blank=True)
    isbn = models.CharField(max_length=20, blank=True, help_text="Printed on the cover when given")
    # The optimistic-lock counter (in reports always "revision": "version" names a ReportVersion).
    # Bumped on every change to the version's text; forms carry it so a stale save is refused.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What a final version's report shows, frozen when it is finalised (reports.report_data.frozen):
    # every PDF or Word file of the version is built from it, whatever happens to judgements later.
    frozen_data = models.JSONField(null=True, blank=True, editable=False)
    frozen_criteria_set = models.CharField(max_length=100, blank=True, editable=False, help_text="slug")
    frozen_criteria_version = models.CharField(max_length=100, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["frozen_data"])

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version_number"),
            models.UniqueConstraint(
                fields=["report"], condition=models.Q(status="draft"), name="one_draft_version_per_report"
            ),
        ]

    def __str__(self):
        return f"{self.report.inspection} report, version {self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class CriterionNarrative(models.Model):
    """A general criterion's strengths and areas for improvement in one version (lettered lists)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="narratives")
    criterion = models.ForeignKey(GeneralCriterion, on_delete=models.PROTECT, related_name="+")
    strengths = models.JSONField(default=list, blank=True)
    improvements = models.JSONField(default=list, blank=True)
    # The figure sentences the lead inserted, tied to their figure (reports.narrative_figures): the
    # report prints them with the version's own figures and the writing page flags changed ones.
    figure_refs = models.JSONField(default=list, blank=True)
    revision = models.PositiveIntegerField(default=1)  # as ReportVersion.revision
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "criterion"], name="unique_narrative_criterion")]

    def __str__(self):
        return f"{self.criterion.code} in {self.version}"

    @property
    def lettered_strengths(self) -> list[tuple[str, str]]:
        return lettered(self.strengths)

    @property
    def lettered_improvements(self) -> list[tuple[str, str]]:
        return lettered(self.improvements)


class NotableExample(models.Model):
    """A judgement's good practice example picked for the "Making a difference" section.

    The text is copied when picked so a final version never changes under the reader; the case is
    identified by its pseudonymous reference only.
    """

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="notable_examples")
    judgement = models.ForeignKey(Judgement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    criterion_code = models.CharField(max_length=20)
    question_code = models.CharField(max_length=30)
    case_ref = models.CharField(max_length=50)
    title = models.CharField(max_length=200, blank=True)
    example = models.TextField()
    order = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "judgement"], name="unique_notable_example_judgement")
        ]

    def __str__(self):
        return f"{self.case_ref} ({self.question_code})"


class PublicationSettings(models.Model):
    """Site-wide text every report prints, edited once by an admin (one row): the organisation named
    on the cover and the appendix on the role of the inspectorate, the inspection model and the
    publication arrangements. Written through ``reports.services.publication``."""

    organisation = models.CharField(max_length=200, blank=True)
    statement_of_purpose = models.TextField(blank=True)
    code_of_practice = models.TextField(blank=True)
    contact_address = models.TextField(blank=True)
    publication_arrangements = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"

    def __str__(self):
        return f"Publication settings ({self.organisation or 'no organisation'})"


class GeneratedPDF(models.Model):
    """A PDF built from one version by the background task; kept (and downloadable) for good."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="pdfs")
    # Stored under MEDIA_ROOT but never linked publicly: served by a view that checks the team.
    file = models.FileField(upload_to="reports/pdf/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Whether the version was final when the PDF was asked for: a draft PDF stays a draft.
    is_final = models.BooleanField(default=False)
    failure_reason = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # Issue 18: the Word file is built in the background too, by the same task and states.
    file_format = models.CharField(max_length=4, choices=[("pdf", "PDF"), ("docx", "Word")], default="pdf")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "generated PDF"
        verbose_name_plural = "generated PDFs"

    def __str__(self):
        return f"PDF {self.pk} of {self.version}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def download_name(self) -> str:
        inspection = self.version.report.inspection
        kind = "final" if self.is_final else "draft"
        return f"{inspection.slug}-report-v{self.version.number}-{kind}-{self.pk}.{self.file_format}"


class ExcludedCase(models.Model):
    """A sampled case left out of the report's counts, with the reason (e.g. the file could not be read).

    Only a case whose primary assessment is not submitted can be excluded: a submitted assessment
    counts in the scores. The report says how many cases were excluded and why.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="report_exclusion")
    reason = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case__case_ref"]

    def __str__(self):
        return f"{self.case} excluded: {self.reason}"
