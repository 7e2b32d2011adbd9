"""Reads for the sample composition panel: the sample counted by unit and by characteristic, and the
lead's sample minimums (``units_with_counts`` also lists the units elsewhere)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from criteria import vocabulary

from ..models import Case, Inspection, Unit


def units_with_counts(*, inspection: Inspection) -> QuerySet[Unit]:
    return Unit.objects.filter(inspection=inspection).annotate(case_count=Count("cases")).order_by("name")


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
MINIMUM_VALUES = {  # key -> (field, the values that count)
    "high_rosh": ("rosh", ["high", "very_high"]),
    "ppo": ("ppo", ["yes"]),
    "approved_premises": ("approved_premises", ["yes"]),
    "victim_contact": ("victim_contact", ["yes"]),
    "bame": ("ethnic_group", sorted(vocabulary.BAME_GROUPS)),
}
MINIMUM_FILTERS = {key: Q(**{f"{field}__in": values}) for key, (field, values) in MINIMUM_VALUES.items()}


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

    One query for every count (plus one for units unless ``units_with_counts`` rows are passed
    in): the sample's characteristics, counted here. A sample is a few hundred cases, and an
    aggregate of some seventy filtered counts took longer to build than these rows to count.
    """
    fields = [*COMPOSITION_FIELDS, *(f for f, _ in MINIMUM_VALUES.values() if f not in COMPOSITION_FIELDS)]
    cases = list(Case.objects.filter(inspection=inspection).values_list(*fields))
    tallies = {field: Counter(case[i] for case in cases) for i, field in enumerate(fields)}
    minimum_counts = {key: sum(tallies[field][v] for v in values) for key, (field, values) in MINIMUM_VALUES.items()}

    if units is None:
        units = list(units_with_counts(inspection=inspection))
    groups = [CompositionGroup("unit", "Unit", [CompositionRow(u.name, u.case_count) for u in units])]
    for field in COMPOSITION_FIELDS:
        tally = tallies[field]
        rows = [
            CompositionRow(_value_label(field, value), tally[value])
            for value in [*vocabulary.CHARACTERISTICS[field], ""]
            if value != "" or tally[value]  # show "Not recorded" only when there are some
        ]
        groups.append(CompositionGroup(field, vocabulary.LABELS[field], rows))
        if field == "ethnic_group":
            bame, white = minimum_counts["bame"], tally["white"]
            groups.append(
                CompositionGroup(
                    "bame",
                    "BAME",
                    [
                        CompositionRow("BAME (mixed, asian, black or other)", bame),
                        CompositionRow("White", white),
                        CompositionRow("Unknown or not recorded", len(cases) - bame - white),
                    ],
                )
            )
    minimums = [
        MinimumCheck(key, label, inspection.sample_minimums.get(key), minimum_counts[key])
        for key, label in MINIMUMS.items()
    ]
    return SampleComposition(total=len(cases), groups=groups, minimums=minimums)
