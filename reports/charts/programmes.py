"""The research pages' chart: one question's percent above the line for each group of a grouping,
one series per programme, each with its 95% Wilson interval as a line with end caps (as
``scores.group_dots`` draws them). Series differ in shape as well as colour (never colour alone), and
a key above the rows names them. The text alternative lists every figure; the table beside it
holds the same figures."""

from collections.abc import Sequence
from dataclasses import dataclass

from ..scoring.rounding import measured, whole_percent_of
from . import svg
from .scores import AXIS, LABEL_CHARS, LINE, TICKS, WIDTH, Figure, _axis, _grid

GREEN = "#00703c"
PURPLE = "#4c2c92"
# (colour, shape) per series, in the order the programmes are given; more series reuse them.
SERIES_MARKS = ((svg.BLUE, "circle"), (svg.ORANGE, "diamond"), (GREEN, "square"), (PURPLE, "triangle"))
SHAPE_WORDS = {"circle": "circle", "diamond": "diamond", "square": "square", "triangle": "triangle"}
STEP = 16  # vertical distance between two series' marks in a group


@dataclass(frozen=True)
class Estimate:
    """One programme's figure for one group: ``numerator`` of ``denominator`` above the line, and the
    95% Wilson interval in percent (None without a denominator)."""

    numerator: int
    denominator: int
    interval: tuple[float, float] | None

    @property
    def percent(self) -> float | None:
        return 100 * self.numerator / self.denominator if self.denominator else None

    def words(self) -> str:
        if not self.denominator:
            return "no cases"
        text = f"{self.numerator} of {self.denominator} ({whole_percent_of(self.numerator, self.denominator)}%)"
        if self.interval is not None:
            text += f", 95% interval {measured(self.interval[0], 0)}% to {measured(self.interval[1], 0)}%"
        return text


@dataclass(frozen=True)
class GroupRow:
    label: str
    estimates: Sequence[Estimate]  # one per series, in the series' order


def _mark(chart: svg.Svg, index: int, x: float, y: float, css: str = "app-chart__dot") -> None:
    colour, shape = SERIES_MARKS[index % len(SERIES_MARKS)]
    css = f"{css} app-chart__series-{index % len(SERIES_MARKS)}"
    if shape == "circle":
        chart.circle(x, y, 6, colour, stroke=svg.WHITE, stroke_width=1.5, class_=css)
    elif shape == "diamond":
        chart.diamond(x, y, 8, colour, stroke=svg.TEXT, stroke_width=1, class_=css)
    elif shape == "square":
        chart.rect(round(x - 5.5, 1), round(y - 5.5, 1), 11, 11, colour, stroke=svg.WHITE, stroke_width=1, class_=css)
    else:
        points = f"{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} {x - 7:.1f},{y + 6:.1f}"
        chart.add("polygon", points=points, fill=colour, stroke=svg.WHITE, stroke_width=1, class_=css)


def _key(chart: svg.Svg, series: Sequence[str], y: float) -> float:
    """The key: each series' mark and name on its own line(s); returns the y below it."""
    for index, name in enumerate(series):
        lines = svg.wrap(name, LABEL_CHARS - 4)
        _mark(chart, index, 10, y + 10, "app-chart__key")
        chart.lines(24, y + 15, lines, LINE, font_size=15)
        y += LINE * len(lines) + 2
    return y + 6


def series_dots(*, ident: str, title: str, series: Sequence[str], rows: Sequence[GroupRow], table_id: str) -> Figure:
    """A block per group: its label, then one mark per series at its percent with its interval."""
    scale = svg.Scale(domain=100, length=WIDTH - 24, start=12)
    chart = svg.Svg(ident=ident, title=title, desc="", width=WIDTH)
    top = y = _key(chart, series, 2.0) if len(series) > 1 else 4.0
    marks: list[tuple[float, int, Estimate]] = []
    for row in rows:
        lines = svg.wrap(row.label, LABEL_CHARS)
        chart.lines(0, y + 15, lines, LINE, halo=True, font_size=15, font_weight="bold")
        y += LINE * len(lines) + 2
        for index, estimate in enumerate(row.estimates):
            y += STEP
            if estimate.denominator:
                marks.append((y - STEP / 2 + 2, index, estimate))
            else:
                words = f"{series[index]}: no cases" if len(series) > 1 else "no cases"
                chart.text(scale.at(0) + 4, y, words, font_size=13, fill=svg.SECONDARY_TEXT)
        y += 10
    bottom = y
    _grid(chart, scale, top, bottom)
    for cy, index, estimate in marks:
        if estimate.interval is not None:
            low, high = scale.at(estimate.interval[0]), scale.at(estimate.interval[1])
            chart.line(low, cy, high, cy, svg.TEXT, stroke_width=1.5, class_="app-chart__interval")
            chart.line(low, cy - 5, low, cy + 5, svg.TEXT, stroke_width=1.5)
            chart.line(high, cy - 5, high, cy + 5, svg.TEXT, stroke_width=1.5)
        _mark(chart, index, scale.at(estimate.percent), cy)
    _axis(chart, scale, bottom, TICKS)
    chart.height = bottom + AXIS
    chart.desc = _description(series, rows)
    key = ()
    if len(series) > 1:
        key = (
            "; ".join(f"{name}: {SHAPE_WORDS[SERIES_MARKS[i % len(SERIES_MARKS)][1]]}" for i, name in enumerate(series))
            + ". The line across each mark is its 95% Wilson interval.",
        )
    return Figure(ident, title, chart.desc, chart.render(), table_id, key)


def _description(series: Sequence[str], rows: Sequence[GroupRow]) -> str:
    parts = []
    for row in rows:
        figures = ", ".join(
            f"{name} {estimate.words()}" if len(series) > 1 else estimate.words()
            for name, estimate in zip(series, row.estimates, strict=True)
        )
        parts.append(f"{row.label}: {figures}")
    shapes = ""
    if len(series) > 1:
        shapes = (
            " One mark per programme: "
            + ", ".join(
                f"{name} a {SHAPE_WORDS[SERIES_MARKS[i % len(SERIES_MARKS)][1]]}" for i, name in enumerate(series)
            )
            + "."
        )
    return (
        "The percent above the line in each group, with its 95% Wilson interval as a line."
        + shapes
        + " "
        + "; ".join(parts)
        + "."
    )
