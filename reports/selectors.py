"""Reads for the reports pages: every query the report-writing and scores views make, by name.

Scores themselves come from ``reports.scoring``; the PDF's data from ``reports.report_data``; the
writing pages' figure sentences from ``reports.sentences``.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from cases.models import Assessment, Case, Inspection, Judgement, Programme
from criteria.models import GeneralCriterion

from .models import CriterionNarrative, ExcludedCase, GeneratedPDF, NotableExample, Report, ReportVersion
from .scoring import Comparison, InspectionScores, compute_comparison, compute_scores, load_structure

# --- The report -----------------------------------------------------------------------------------


def current_report(*, inspection: Inspection) -> tuple[Report | None, ReportVersion | None]:
    """The inspection's report and its newest version (None, None before the lead starts writing)."""
    report = Report.objects.filter(inspection=inspection).first()
    version = report.versions.newest() if report else None
    return report, version


def newest_version(*, inspection: Inspection) -> ReportVersion | None:
    """The newest version of the inspection's report (normally the draft), or None (1 query)."""
    return ReportVersion.objects.filter(report__inspection=inspection).newest()


def report_versions(*, inspection: Inspection) -> QuerySet[ReportVersion]:
    """The versions of the inspection's report, with what building one needs (report and inspection)."""
    return ReportVersion.objects.filter(report__inspection=inspection).select_related("report__inspection")


def report_version(*, inspection: Inspection, number: int | None = None) -> ReportVersion | None:
    """The version of the inspection's report with that number (the newest when None), with its
    report and inspection (one query)."""
    versions = report_versions(inspection=inspection)
    return versions.newest() if number is None else versions.filter(number=number).first()


def writing_criteria(*, inspection: Inspection) -> list[GeneralCriterion]:
    """The general criteria in report order, each with its section and ``question_count`` (1 query)."""
    return list(
        GeneralCriterion.objects.filter(criteria_set_id=inspection.criteria_set_id)
        .select_related("section")
        .annotate(question_count=Count("questions"))
        .order_by("section__order", "order")
    )


def writing_criterion(*, inspection: Inspection, code: str) -> GeneralCriterion | None:
    return (
        GeneralCriterion.objects.select_related("section")
        .filter(criteria_set_id=inspection.criteria_set_id, code=code)
        .first()
    )


def narrative_of(*, version: ReportVersion | None, criterion: GeneralCriterion) -> CriterionNarrative | None:
    if version is None:
        return None
    return CriterionNarrative.objects.filter(version=version, criterion=criterion).first()


def narratives_of(*, version: ReportVersion) -> list[CriterionNarrative]:
    """The version's narratives in report order, with their criterion (1 query)."""
    return list(
        CriterionNarrative.objects.filter(version=version)
        .select_related("criterion")
        .order_by("criterion__section__order", "criterion__order")
    )


def picked_examples(*, version: ReportVersion | None) -> list[NotableExample]:
    return list(version.notable_examples.all()) if version else []


def example_candidates(*, inspection: Inspection) -> QuerySet[Judgement]:
    """The good practice examples recorded in the inspection's submitted primary assessments (what may
    be picked: work still in progress or returned is not)."""
    return (
        Judgement.objects.filter(
            Assessment.counting("assessment__"),
            assessment__case__inspection=inspection,
            applicable=True,
            notable_practice=Judgement.NotablePractice.GOOD,
        )
        .exclude(notable_example="")
        .select_related("question__general_criterion", "assessment__case")
        .order_by("question__order", "assessment__case__case_ref")
    )


def inspection_pdf(*, inspection: Inspection, pk: int) -> GeneratedPDF | None:
    """A PDF of this inspection's report (None for another inspection's: never found through this one)."""
    return (
        GeneratedPDF.objects.select_related("version__report__inspection")
        .filter(pk=pk, version__report__inspection=inspection)
        .first()
    )


@dataclass(frozen=True)
class CriterionProgress:
    """A general criterion of the report's contents page and what this version says of it."""

    criterion: GeneralCriterion  # with its section and ``question_count``
    narrative: CriterionNarrative | None  # this version's, or None


@dataclass
class ReportOverview:
    report: Report | None
    version: ReportVersion | None
    versions: list[ReportVersion]
    criteria: list[CriterionProgress]
    pdfs: list[GeneratedPDF]
    example_count: int  # picked for this version
    examples_recorded: int  # that could be picked

    @property
    def has_pending(self) -> bool:
        return any(p.is_pending for p in self.pdfs)


def report_overview(*, inspection: Inspection) -> ReportOverview:
    """The report's contents page: versions, what is written per criterion, PDFs, examples (≤ 8 queries)."""
    report, version = current_report(inspection=inspection)
    narratives = {}
    if version is not None:
        narratives = {n.criterion_id: n for n in CriterionNarrative.objects.filter(version=version)}
    criteria = [
        CriterionProgress(criterion=criterion, narrative=narratives.get(criterion.pk))
        for criterion in writing_criteria(inspection=inspection)
    ]
    pdfs = []
    if report:
        pdfs = list(GeneratedPDF.objects.filter(version__report=report).select_related("version", "requested_by"))
    return ReportOverview(
        report=report,
        version=version,
        versions=list(report.versions.select_related("created_by", "finalised_by")) if report else [],
        criteria=criteria,
        pdfs=pdfs,
        example_count=version.notable_examples.count() if version else 0,
        examples_recorded=example_candidates(inspection=inspection).count(),
    )


# --- Finalising ----------------------------------------------------------------------------------

MISSING_LISTED = 20  # cases named in a refusal; the page lists them all


@dataclass(frozen=True)
class MissingCase:
    case_ref: str
    unit: str
    status: str  # the primary assessment's status label, or "Not allocated"


@dataclass(frozen=True)
class Readiness:
    """Whether a version can be finalised: no judgement can still change (``reasons`` empty)."""

    stage: str  # the inspection's stage label
    stage_allows: bool
    missing: tuple[MissingCase, ...]  # neither submitted nor excluded with a reason
    excluded: tuple[ExcludedCase, ...]

    @property
    def missing_statuses(self) -> list[tuple[str, str]]:
        """The progress of the missing cases, each once, as filter choices (the finalise page)."""
        return [(status, status) for status in sorted({case.status for case in self.missing})]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if not self.stage_allows:
            reasons.append(
                f"The inspection is at its {self.stage} stage, when judgements can still change: "
                "move it to its Reporting stage first."
            )
        if self.missing:
            count = len(self.missing)
            named = ", ".join(f"{m.case_ref} ({m.status.lower()})" for m in self.missing[:MISSING_LISTED])
            more = f" and {count - MISSING_LISTED} more" if count > MISSING_LISTED else ""
            cases = "case is" if count == 1 else "cases are"
            reasons.append(
                f"{count} sampled {cases} neither submitted nor recorded as excluded with a reason: {named}{more}."
            )
        return reasons


def finalise_readiness(*, inspection: Inspection) -> Readiness:
    """What stands in the way of finalising the inspection's report (2 queries)."""
    statuses = dict(Assessment.Status.choices)
    primary_status = Assessment.objects.filter(case=OuterRef("pk"), is_primary=True).values("status")[:1]
    missing = (
        Case.objects.filter(inspection=inspection, report_exclusion__isnull=True)
        .annotate(primary_status=Subquery(primary_status))
        .exclude(Exists(Assessment.objects.counted().filter(case=OuterRef("pk"))))
        .order_by("case_ref")
        .values_list("case_ref", "unit__name", "primary_status")
    )
    excluded = ExcludedCase.objects.filter(case__inspection=inspection).select_related("case", "recorded_by")
    return Readiness(
        stage=inspection.get_status_display(),
        stage_allows=not inspection.judgements_editable,
        missing=tuple(MissingCase(ref, unit, statuses.get(status, "Not allocated")) for ref, unit, status in missing),
        excluded=tuple(excluded),
    )


# --- Scores ---------------------------------------------------------------------------------------


def scores_with_comparison(
    *, inspection: Inspection, include_in_progress: bool
) -> tuple[InspectionScores, Comparison | None]:
    """The inspection's scores and, for a reinspection, their change from the original.
    Queries: 7 + 2 (+3 for a reinspection, +7 more when the original used another criteria set)."""
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    current = compute_scores(inspection=inspection, include_in_progress=include_in_progress, structure=structure)
    return current, compute_comparison(inspection=inspection, current=current, structure=structure)


def assessment_progress(*, inspection: Inspection) -> dict[str, int]:
    """How many cases' primary assessments are submitted / in progress (one query)."""
    statuses = Assessment.Status
    return Assessment.objects.filter(case__inspection=inspection, is_primary=True).aggregate(
        submitted=Count("pk", filter=Assessment.counting()),
        in_progress=Count("pk", filter=Q(status__in=[statuses.IN_PROGRESS, statuses.RETURNED])),
    )


def programme_inspections(*, user, programme: Programme) -> list[Inspection]:
    """The inspections of ``programme`` that ``user`` may see (admins: all), by area then name (1 query)."""
    return list(Inspection.objects.for_user(user).filter(programme=programme).order_by("area", "name", "slug"))


def submitted_case_counts(*, inspections: list[Inspection]) -> dict[int, int]:
    """Inspection id → cases whose primary assessment is submitted (the cases its scores count), one query."""
    rows = (
        Assessment.objects.counted()
        .filter(case__inspection__in=inspections)
        .values("case__inspection_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("case__inspection_id", "n")
    )
    return dict(rows)
