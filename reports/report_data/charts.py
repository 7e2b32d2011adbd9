"""Appendix 2 of the report: the sample's characteristics as bar charts (SVG drawn by the template,
PNG for the Word file), each with its alternative text. Bars are measured with the scale the scores
pages' charts use (``reports.charts.svg.Scale``)."""

from collections import Counter
from dataclasses import dataclass

from cases.models import Case, Inspection

from ..charts.svg import Scale
from ..scoring import group_label
from ..scoring.groupings import fixed_keys
from ..scoring.rounding import share_display, whole_percent_of

CHART_FIELDS = ("unit", "sentence_type", "tier", "rosh", "gender", "ethnic_group", "offence_type")
CHART_TITLES = {
    "unit": "Units",
    "sentence_type": "Sentence type",
    "tier": "Tier",
    "rosh": "RoSH classification",
    "gender": "Gender",
    "ethnic_group": "Ethnic group",
    "offence_type": "Offence type",
}


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in the SVG's user units (600 wide: labels, then bars up to 300)."""

    label: str
    count: int
    percent: int
    y: int
    width: float
    x: int = 210
    total: int = 0  # the chart's cases (0 in versions frozen before it was kept)

    @property
    def percent_display(self) -> str:
        """The bar's share as printed: "37%", "<1%" (one case of 250), ">99%" (249 of 250)."""
        if self.total:
            return share_display(self.count, self.total)
        return "<1%" if self.count and not self.percent else f"{self.percent}%"

    @property
    def label_x(self) -> int:
        return self.x - 8

    @property
    def text_y(self) -> int:
        return self.y + 13

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


@dataclass(frozen=True)
class Chart:
    field: str
    title: str
    total: int
    bars: tuple[Bar, ...]
    row_height: int = 22

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 8

    @property
    def description(self) -> str:
        """The chart in words, its alternative text: "35 cases: North cluster 20 (57%), South cluster 15 (43%)." """
        bars = ", ".join(f"{bar.label} {bar.count} ({bar.percent_display})" for bar in self.bars)
        return f"{self.total} case{'s' if self.total != 1 else ''}: {bars}." if bars else "No cases."

    @property
    def rounding_note(self) -> str:
        """Said under a chart whose rounded percentages do not add up to 100."""
        total = sum(bar.percent for bar in self.bars)
        if not self.bars or total == 100:
            return ""
        return f"Percentages are rounded to whole numbers, so they add up to {total}% rather than 100%."


def sample_charts(inspection: Inspection) -> tuple[tuple[tuple[str, int], ...], tuple[Chart, ...]]:
    """Units with their case counts, and a bar chart per characteristic (one query)."""
    rows = list(
        Case.objects.filter(inspection=inspection).values_list(
            "unit__name", "sentence_type", "tier", "rosh", "gender", "ethnic_group", "offence_type"
        )
    )
    counters = {name: Counter() for name in CHART_FIELDS}
    for row in rows:
        for name, value in zip(CHART_FIELDS, row, strict=True):
            counters[name][value.strip() if value and value.strip() else "unknown"] += 1
    charts = tuple(_chart(name, counters[name], _bar_order(name, counters[name])) for name in CHART_FIELDS)
    units = tuple((name, counters["unit"][name]) for name in sorted(counters["unit"]))
    return units, charts


LAST = ("other", "unknown")  # always the last bars, in this order


def _bar_order(name: str, counts: Counter) -> list[str]:
    """Units by name; offence types most common first; a vocabulary in its own order; "Other" and
    "unknown" last."""
    if name == "unit":
        order = sorted(counts)
    elif name == "offence_type":
        order = sorted(counts, key=lambda k: (-counts[k], k.lower()))
    else:
        fixed = fixed_keys(name) or []
        order = fixed + sorted(set(counts) - set(fixed))
    last = [k for tail in LAST for k in order if k.strip().lower() == tail]
    return [k for k in order if k not in last] + last


def _chart(field: str, counts: Counter, order: list[str]) -> Chart:
    total = sum(counts.values())
    scale = Scale(domain=max(counts.values(), default=0), length=300)
    bars = []
    for key in order:
        count = counts.get(key, 0)
        if not count:
            continue
        label = group_label(field, key)
        label = label if len(label) <= 34 else label[:33] + "\u2026"
        bars.append(
            Bar(
                label=label,
                count=count,
                percent=whole_percent_of(count, total) if total else 0,
                y=len(bars) * 22 + 4,
                width=scale.size(count),
                total=total,
            )
        )
    return Chart(field=field, title=CHART_TITLES[field], total=total, bars=tuple(bars))
