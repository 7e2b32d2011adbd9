"""Reads for the cases app: every query scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from criteria import vocabulary

from ..models import Assessment, Case, Inspection, Membership, Unit


def person_name(user) -> str:
    """How the pages name a person: their full name, else their username."""
    return user.get_full_name() or user.username


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


def units_with_counts(*, inspection: Inspection) -> QuerySet[Unit]:
    return Unit.objects.filter(inspection=inspection).annotate(case_count=Count("cases")).order_by("name")


def _primary_assessment():
    return Assessment.objects.primary().filter(case=OuterRef("pk"))


def sample_cases(*, inspection: Inspection, unit_id: int | None = None) -> QuerySet[Case]:
    """The sample with each case's unit and its primary assessment's status and assessor id
    (``assessment_status``/``assessor_id`` are None while a case is not allocated). One query."""
    cases = (
        Case.objects.filter(inspection=inspection)
        .select_related("unit")
        .annotate(
            assessment_status=Subquery(_primary_assessment().values("status")[:1]),
            assessor_id=Subquery(_primary_assessment().values("assessor")[:1]),
        )
        .order_by("unit__name", "case_ref")
    )
    if unit_id is not None:
        cases = cases.filter(unit_id=unit_id)
    return cases


# Characteristics shown in the sample composition panel, in the order of the panel.
COMPOSITION_FIELDS = [
    "sentence_type",
    "rosh",
    "tier",
    "mappa_level",
    "ppo",
    "approved_premises",
    "victim_contact",
    "gender",
    "ethnic_group",
]
# The lead's sample minimums: key -> label (set by cases.services.inspections.set_sample_minimums),
# and the cases each one counts.
MINIMUMS = {
    "high_rosh": "High or very high RoSH",
    "ppo": "Prolific and other priority offenders (PPO)",
    "approved_premises": "Approved premises residents",
    "victim_contact": "Statutory victim contact",
    "bame": "Black and minority ethnic (BAME)",
}
MINIMUM_FILTERS = {
    "high_rosh": Q(rosh__in=["high", "very_high"]),
    "ppo": Q(ppo="yes"),
    "approved_premises": Q(approved_premises="yes"),
    "victim_contact": Q(victim_contact="yes"),
    "bame": Q(ethnic_group__in=sorted(vocabulary.BAME_GROUPS)),
}


@dataclass
class CompositionRow:
    label: str
    count: int


@dataclass
class CompositionGroup:
    field: str
    label: str
    rows: list[CompositionRow]


@dataclass
class MinimumCheck:
    key: str
    label: str
    minimum: int | None
    count: int

    @property
    def shortfall(self) -> int:
        return max(0, (self.minimum or 0) - self.count)


@dataclass
class SampleComposition:
    total: int
    groups: list[CompositionGroup]
    minimums: list[MinimumCheck]

    @property
    def shortfalls(self) -> list[MinimumCheck]:
        return [m for m in self.minimums if m.shortfall]


def _value_label(field: str, value: str) -> str:
    if value == "":
        return "Not recorded"
    if field in ("tier", "mappa_level"):
        return f"Level {value}" if field == "mappa_level" else f"Tier {value}"
    return value.replace("_", " ").capitalize()


def sample_composition(*, inspection: Inspection, units: list[Unit] | None = None) -> SampleComposition:
    """Counts of the sample by unit and by each characteristic, and the lead's minimums.

    One aggregate query for every count (plus one for units unless ``units_with_counts`` rows
    are passed in), whatever the size of the sample.
    """
    aggregates: dict[str, Count] = {"total": Count("pk")}
    keys: list[tuple[str, str, str]] = []  # (alias, field, value)
    for field in COMPOSITION_FIELDS:
        for value in [*vocabulary.CHARACTERISTICS[field], ""]:
            alias = f"c{len(keys)}"
            keys.append((alias, field, value))
            aggregates[alias] = Count("pk", filter=Q(**{field: value}))
    aggregates["bame"] = Count("pk", filter=MINIMUM_FILTERS["bame"])
    for key, condition in MINIMUM_FILTERS.items():
        aggregates[f"min_{key}"] = Count("pk", filter=condition)
    counts = Case.objects.filter(inspection=inspection).aggregate(**aggregates)

    if units is None:
        units = list(units_with_counts(inspection=inspection))
    groups = [CompositionGroup("unit", "Unit", [CompositionRow(u.name, u.case_count) for u in units])]
    for field in COMPOSITION_FIELDS:
        rows = [
            CompositionRow(_value_label(field, value), counts[alias])
            for alias, f, value in keys
            if f == field and (value != "" or counts[alias])  # show "Not recorded" only when there are some
        ]
        groups.append(CompositionGroup(field, vocabulary.LABELS[field], rows))
        if field == "ethnic_group":
            white = counts[next(a for a, f, v in keys if f == field and v == "white")]
            groups.append(
                CompositionGroup(
                    "bame",
                    "BAME",
                    [
                        CompositionRow("BAME (mixed, asian, black or other)", counts["bame"]),
                        CompositionRow("White", white),
                        CompositionRow("Unknown or not recorded", counts["total"] - counts["bame"] - white),
                    ],
                )
            )
    minimums = [
        MinimumCheck(key, label, inspection.sample_minimums.get(key), counts[f"min_{key}"])
        for key, label in MINIMUMS.items()
    ]
    return SampleComposition(total=counts["total"], groups=groups, minimums=minimums)


NOT_ALLOCATED = "not_allocated"
PROGRESS_STATUSES = [NOT_ALLOCATED, *Assessment.Status.values]
PROGRESS_LABELS = {NOT_ALLOCATED: "Not allocated", **dict(Assessment.Status.choices)}


@dataclass
class ProgressRow:
    label: str
    counts: dict[str, int]
    user_id: int | None = None
    role: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in PROGRESS_STATUSES]


@dataclass
class InspectionProgress:
    by_assessor: list[ProgressRow]
    by_unit: list[ProgressRow]
    overall: ProgressRow
    cases: list[Case]


def label_cases(*, cases: list[Case], members: list[Membership]) -> list[Case]:
    """Set ``assessor_name``, ``progress_status`` and ``progress_label`` on cases from
    ``sample_cases`` (no query: names come from the team list)."""
    names = {m.user_id: person_name(m.user) for m in members}
    for case in cases:
        case.progress_status = (case.assessment_status if case.assessor_id else None) or NOT_ALLOCATED
        case.progress_label = PROGRESS_LABELS[case.progress_status]
        # An assessor outside the team can only come from data changed outside the services.
        case.assessor_name = names.get(case.assessor_id, "Not in the team") if case.assessor_id else ""
    return cases


def inspection_progress(*, inspection: Inspection, members: list[Membership]) -> InspectionProgress:
    """The lead's dashboard: counts of primary assessments by status per assessor and per unit,
    and every case with its status and assessor. One query (plus the team, passed in)."""
    cases = label_cases(cases=list(sample_cases(inspection=inspection)), members=members)

    def empty(label, **kwargs):
        return ProgressRow(label=label, counts=dict.fromkeys(PROGRESS_STATUSES, 0), **kwargs)

    by_assessor = {m.user_id: empty(person_name(m.user), user_id=m.user_id, role=m.get_role_display()) for m in members}
    by_unit: dict[str, ProgressRow] = {}
    overall = empty("All cases")
    for case in cases:
        status = case.progress_status
        if case.assessor_id:
            row = by_assessor.get(case.assessor_id)
            if row is None:
                row = by_assessor[case.assessor_id] = empty("Not in the team", user_id=case.assessor_id)
            row.counts[status] += 1
        by_unit.setdefault(case.unit.name, empty(case.unit.name)).counts[status] += 1
        overall.counts[status] += 1
    return InspectionProgress(
        by_assessor=list(by_assessor.values()),
        by_unit=sorted(by_unit.values(), key=lambda r: r.label),
        overall=overall,
        cases=cases,
    )
