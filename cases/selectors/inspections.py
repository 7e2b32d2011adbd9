"""Reads for the cases app: every query scoped to what the user may see."""

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import ngettext

from .. import lifecycle
from ..lifecycle import cases_text  # noqa: F401 (the sample pages count cases so too)
from ..models import Assessment, Case, Inspection, Judgement, Membership, Unit
from .composition import MINIMUM_FILTERS, MINIMUMS, MinimumCheck


def person_name(user) -> str:
    """How the pages name a person: their full name, else their username."""
    return person_name_of(user.first_name, user.last_name, user.username)


def person_name_of(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """``person_name`` of a user read as columns ("" for no user)."""
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def inspections_for_user(*, user) -> QuerySet[Inspection]:
    return Inspection.objects.for_user(user).select_related("criteria_set")


@dataclass
class InspectionOverview:
    lead: Membership | None
    team_size: int
    case_count: int


def inspection_overview(*, inspection: Inspection) -> InspectionOverview:
    """What the inspection's page shows besides the inspection itself: its lead and its sizes."""
    return InspectionOverview(
        lead=inspection.memberships.leads().select_related("user").first(),
        team_size=inspection.memberships.count(),
        case_count=inspection.cases.count(),
    )


# --- Inspection set-up: team, sample, composition, allocation and the lead's dashboard ---


def inspection_members(*, inspection: Inspection) -> list[Membership]:
    """The team, lead first, then inspectors, local assessors and quality assurance by username."""
    order = {
        Membership.Role.LEAD: 0,
        Membership.Role.INSPECTOR: 1,
        Membership.Role.LOCAL_ASSESSOR: 2,
        Membership.Role.QUALITY_ASSURANCE: 3,
    }
    members = list(Membership.objects.filter(inspection=inspection).select_related("user"))
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.user.username))


def team_candidates(*, inspection: Inspection | None = None) -> list:
    """Active users who can be added to the team (everyone active when ``inspection`` is None),
    in the order of how they are shown (``person_choice_label``). One query."""
    users = get_user_model().objects.filter(is_active=True)
    if inspection is not None:
        users = users.exclude(memberships__inspection=inspection)
    return sorted(users, key=lambda user: (person_choice_label(user).casefold(), user.pk))


def person_choice_label(user) -> str:
    """A person in a list to choose from: full name, then the username (which tells two namesakes apart)."""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


@dataclass(frozen=True)
class Workload:
    """The assessments (double marking included) allocated to one person in one inspection."""

    allocated: int = 0
    in_progress: int = 0  # started or returned to them
    submitted: int = 0

    @property
    def not_started(self) -> int:
        return self.allocated - self.in_progress - self.submitted

    def __str__(self) -> str:
        if not self.allocated:
            return "No cases allocated"
        allocated = ngettext("%(count)d case allocated", "%(count)d cases allocated", self.allocated)
        return f"{allocated % {'count': self.allocated}}: {self.in_progress} in progress, {self.submitted} submitted"


def member_workloads(*, inspection: Inspection) -> dict[int, Workload]:
    """Each assessor's workload in the inspection, by user id (people with none are missing). One query."""
    in_progress = [Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED]
    rows = (
        Assessment.objects.filter(case__inspection=inspection, assessor__isnull=False)
        .values("assessor_id")
        .annotate(
            allocated=Count("pk"),
            in_progress=Count("pk", filter=Q(status__in=in_progress)),
            submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
        )
        .order_by()
    )
    return {row["assessor_id"]: Workload(row["allocated"], row["in_progress"], row["submitted"]) for row in rows}


def _primary_assessment():
    return Assessment.objects.primary().filter(case=OuterRef("pk"))


class ListedUnit(NamedTuple):
    pk: int
    name: str


class ListedCase(NamedTuple):
    """A case as the sample lists show it (``sample_cases``), read as columns: building 300 model
    instances with every characteristic took a sixth of the sample page's time."""

    pk: int
    case_ref: str
    unit: ListedUnit
    sentence_type: str
    rosh: str
    tier: str
    mappa_level: str
    assessment_status: str | None  # the primary assessment's, None while not allocated
    assessor_id: int | None

    @property
    def unit_id(self) -> int:
        return self.unit.pk


def sample_cases(*, inspection: Inspection, unit_id: int | None = None) -> list[ListedCase]:
    """The sample, by unit then reference, each case with its unit and its primary assessment's
    status and assessor id (``assessment_status``/``assessor_id`` are None while a case is not
    allocated). One query."""
    cases = (
        Case.objects.filter(inspection=inspection)
        .annotate(
            assessment_status=Subquery(_primary_assessment().values("status")[:1]),
            assessor_id=Subquery(_primary_assessment().values("assessor")[:1]),
        )
        .order_by("unit__name", "case_ref")
    )
    if unit_id is not None:
        cases = cases.filter(unit_id=unit_id)
    columns = cases.values_list(
        "pk", "case_ref", "unit_id", "unit__name", "sentence_type", "rosh", "tier", "mappa_level",
        "assessment_status", "assessor_id",
    )  # fmt: skip
    return [ListedCase(pk, ref, ListedUnit(unit, unit_name), *rest) for pk, ref, unit, unit_name, *rest in columns]


# --- "Are you sure?" pages: what a status change, a sample replacement or a case removal will do ---


@dataclass(frozen=True)
class StatusChange:
    """What moving an inspection to ``status`` does, for the "Are you sure?" page.

    ``happens``: what will happen, always; ``consequences``: the things left undone or lost that the
    lead should weigh (shown as a warning); ``problems``: why the change would be refused, as (the
    page that fixes it, message) (no confirm button then); ``irreversible``: there is no way back
    to the current status.
    """

    status: str
    heading: str
    happens: list[str]
    consequences: list[str]
    problems: list[tuple[str, str]]
    irreversible: bool


@dataclass(frozen=True)
class SampleProgress:
    """Counts of a sample's cases and assessments by where they stand (two queries)."""

    cases: int
    unallocated: int
    not_started: int
    in_progress: int
    returned: int
    submitted: int
    second_unsubmitted: int  # double marking: second markers' assessments not yet submitted
    minimums: list[MinimumCheck]

    @property
    def shortfalls(self) -> list[MinimumCheck]:
        return [m for m in self.minimums if m.shortfall]


def sample_progress(*, inspection: Inspection) -> SampleProgress:
    """How far the sample's assessments have got, and the lead's minimums against the sample (two
    queries: the cases, the assessments by status)."""
    allocated = Assessment.objects.primary().filter(case=OuterRef("pk"), assessor__isnull=False)
    case_counts = Case.objects.filter(inspection=inspection).aggregate(
        total=Count("pk"),
        unallocated=Count("pk", filter=~Q(Exists(allocated))),
        **{f"min_{key}": Count("pk", filter=condition) for key, condition in MINIMUM_FILTERS.items()},
    )
    by_status = {
        (row["is_primary"], row["status"]): row["n"]
        for row in Assessment.objects.filter(case__inspection=inspection, assessor__isnull=False)
        .values("is_primary", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    status_of = Assessment.Status
    return SampleProgress(
        cases=case_counts["total"],
        unallocated=case_counts["unallocated"],
        not_started=by_status.get((True, status_of.NOT_STARTED), 0),
        in_progress=by_status.get((True, status_of.IN_PROGRESS), 0),
        returned=by_status.get((True, status_of.RETURNED), 0),
        submitted=by_status.get((True, status_of.SUBMITTED), 0),
        second_unsubmitted=sum(
            n for (primary, status), n in by_status.items() if not primary and status != status_of.SUBMITTED
        ),
        minimums=[
            MinimumCheck(key, label, inspection.sample_minimums.get(key), case_counts[f"min_{key}"])
            for key, label in MINIMUMS.items()
        ],
    )


def status_change(*, inspection: Inspection, status: str) -> StatusChange:
    """What moving ``inspection`` to ``status`` does, from the life cycle's table
    (``cases.lifecycle``) and the sample's progress: two queries, two more for fieldwork's problems."""
    move = lifecycle.transition(inspection.status, status)
    if move is None:  # not a move the inspection can make: the view shows the refusal instead
        heading = f"Move the inspection to {Inspection.Status(status).label.lower()}?"
        return StatusChange(status, heading, happens=[], consequences=[], problems=[], irreversible=True)
    happens, consequences = move.texts(sample_progress(inspection=inspection))
    return StatusChange(
        status=status,
        heading=move.heading,
        happens=happens,
        consequences=consequences,
        problems=lifecycle.problems(move, inspection=inspection),
        irreversible=move.irreversible,
    )


def sample_case(*, inspection: Inspection, case_ref: str) -> Case | None:
    """The case of the inspection's sample with that reference, with its unit (one query)."""
    return Case.objects.select_related("unit").filter(inspection=inspection, case_ref=case_ref).first()


def units_of(*, inspection: Inspection) -> list[Unit]:
    return list(inspection.units.all())


def team_membership(*, inspection: Inspection, membership_id: int) -> Membership | None:
    """A membership of the inspection's team, with its user (one query)."""
    return Membership.objects.select_related("user").filter(pk=membership_id, inspection=inspection).first()


def sample_replace_refusal(*, inspection: Inspection) -> str:
    """Why the sample can no longer be replaced by uploading a file ("" when it can): only while
    setting up, before any answer is recorded (one query then)."""
    if inspection.status != Inspection.Status.SETUP:
        return (
            f"The sample can only be replaced before fieldwork starts (the inspection is "
            f"{inspection.stage}): add, edit or remove cases one at a time instead"
        )
    answered = Judgement.objects.filter(assessment__case__inspection=inspection).values("assessment__case").distinct()
    count = answered.count()
    if count:
        return ngettext(
            "Answers have been recorded for %(count)d case, so the sample can no longer be replaced: "
            "add, edit or remove cases one at a time instead",
            "Answers have been recorded for %(count)d cases, so the sample can no longer be replaced: "
            "add, edit or remove cases one at a time instead",
            count,
        ) % {"count": count}
    return ""


@dataclass(frozen=True)
class RemovalRow:
    """One assessment removing a case takes with it."""

    assessment: Assessment
    assessor_name: str  # "No one" when not allocated
    answers: int  # its answered questions


@dataclass(frozen=True)
class CaseRemoval:
    """What removing a case takes with it: each assessment of it (primary first) with its assessor,
    status and number of answers."""

    case: Case
    assessments: list[RemovalRow]

    @property
    def answers(self) -> int:
        return sum(row.answers for row in self.assessments)


def case_removal(*, case: Case) -> CaseRemoval:
    """The case's assessments with their answered questions and their assessor (one query)."""
    assessments = (
        Assessment.objects.filter(case=case)
        .select_related("assessor")
        .annotate(answered=Count("judgements", filter=Judgement.answering("judgements__")))
        .order_by("-is_primary", "pk")
    )
    rows = [
        RemovalRow(
            assessment=assessment,
            assessor_name=person_name(assessment.assessor) if assessment.assessor else "No one",
            answers=assessment.answered,
        )
        for assessment in assessments
    ]
    return CaseRemoval(case=case, assessments=rows)


@dataclass(frozen=True)
class RemovedCase:
    case_ref: str
    reason: str
    removed_by: str
    removed_at: object  # datetime


def removed_cases(*, inspection: Inspection) -> list[RemovedCase]:
    """The cases taken out of the sample, newest first, from their history: who, when and why (one
    query). A reference removed and later added again shows only while it is out of the sample."""
    records = (
        Case.history.filter(inspection_id=inspection.pk, history_type="-")
        .exclude(case_ref__in=Case.objects.filter(inspection=inspection).values("case_ref"))
        .select_related("history_user")
        .order_by("-history_date")
    )
    return [
        RemovedCase(
            case_ref=record.case_ref,
            reason=record.history_change_reason or "",
            removed_by=person_name(record.history_user) if record.history_user else "",
            removed_at=record.history_date,
        )
        for record in records
    ]
