"""The scores pages' charts, each a ``Figure``: an SVG with its text alternative and the id of the
table that holds the same figures (one click away).

- ``band_bars``: scores as horizontal bars against the criteria set's rating bands (the bar is the
  whole percent, the figure the reports print, so a bar ends in the band its comment names).
- ``group_dots``: a breakdown's groups as dots with their 95% Wilson intervals and a line at the
  whole sample's score; a group whose score differs from the rest is a diamond and says so.
- ``dumbbell``: each score before (the original inspection, hollow) and after (filled).

All are 400 user units wide with labels above their marks, so they scale down to a phone's width
and keep 16-unit text readable; the page's CSS sizes them (``app-chart__svg``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from ..scoring import NO_SCORE, Band, Score
from . import svg

WIDTH = 400
LINE = 20  # line height of a label
LABEL_CHARS = 44  # characters per label line at 16 units
AXIS = 30  # room for the axis' labels under the rows
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Figure:
    ident: str
    title: str
    desc: str
    svg: SafeString
    table_id: str
    key: tuple[str, ...] = ()  # lines shown under the chart (what shapes and shades mean)


@dataclass(frozen=True)
class BarRow:
    label: str
    score: Score
    strong: bool = False  # a section or a headline: bold label


def _bands_sentence(bands: Sequence[Band]) -> str:
    """ "Good: 75% and over; Requires improvement: 50% to 74%; Inadequate: under 50%." """
    ordered = sorted(bands, key=lambda b: -b.min_score)
    parts = []
    for i, band in enumerate(ordered):
        upper = ordered[i - 1].min_score - 1 if i else None
        if upper is None:
            parts.append(f"{band.label}: {band.min_score}% and over")
        elif band.min_score == 0:
            parts.append(f"{band.label}: under {upper + 1}%")
        else:
            parts.append(f"{band.label}: {band.min_score}% to {upper}%")
    return "; ".join(parts) + "." if parts else ""


def _value(score: Score) -> str:
    return score.display if score.has_score else "no score"


def _axis(chart: svg.Svg, scale: svg.Scale, y: float, ticks: Sequence[int]) -> None:
    for tick in ticks:
        x = scale.at(tick)
        anchor = "start" if x < 16 else "end" if x > WIDTH - 16 else "middle"  # kept inside the chart
        chart.text(x, y + 18, f"{tick}%", font_size=13, fill=svg.SECONDARY_TEXT, text_anchor=anchor)


def _grid(chart: svg.Svg, scale: svg.Scale, top: float, bottom: float) -> None:
    """Vertical grid lines at TICKS from ``top`` to ``bottom``, painted under everything else."""
    for tick in TICKS:
        chart.line(scale.at(tick), top, scale.at(tick), bottom, svg.MID_GREY, stroke_width=1, behind=True)


def band_bars(*, ident: str, title: str, rows: Sequence[BarRow], bands: Sequence[Band], table_id: str) -> Figure:
    """Bars of whole-percent scores on a strip shaded by rating band; "no score" where there is none."""
    strip = svg.Scale(domain=100, length=340)
    strip_height, bar_height = 20, 10
    ordered = sorted(bands, key=lambda b: b.min_score)
    chart = svg.Svg(ident=ident, title=title, desc="", width=WIDTH)
    y = 4.0
    for row in rows:
        lines = svg.wrap(row.label, LABEL_CHARS)
        chart.lines(0, y + 15, lines, LINE, font_weight="bold" if row.strong else None)
        y += LINE * len(lines) + 2
        for i, band in enumerate(ordered):
            start = band.min_score
            end = ordered[i + 1].min_score if i + 1 < len(ordered) else 100
            shade = svg.LIGHT_GREY if (len(ordered) - i) % 2 else svg.BAND_GREY
            chart.rect(strip.at(start), y, strip.size(end - start), strip_height, shade, class_="app-chart__band")
        for band in ordered[1:]:
            chart.line(
                strip.at(band.min_score), y, strip.at(band.min_score), y + strip_height, svg.WHITE, stroke_width=2
            )
        if row.score.has_score:
            width = strip.size(row.score.whole_percent)
            top = y + (strip_height - bar_height) / 2
            chart.rect(0, top, width, bar_height, svg.BLUE, class_="app-chart__bar", data_score=row.score.whole_percent)
            chart.text(strip.length + 8, y + 15, row.score.display, font_weight="bold")
        else:
            chart.text(8, y + 15, "no score", font_size=14)
        y += strip_height + 12
    _axis(chart, strip, y - 8, sorted({0, 100, *(b.min_score for b in ordered)}))
    chart.height = y + AXIS - 8
    scores = "; ".join(
        f"{row.label}: {_value(row.score)}" + (f", {row.score.band_label}" if row.score.band_label else "")
        for row in rows
    )
    desc = f"Bars against the rating bands. {_bands_sentence(ordered)} {scores}."
    chart.desc = desc
    key = (f"The shading marks the rating bands. {_bands_sentence(ordered)}",) if ordered else ()
    return Figure(ident, title, desc, chart.render(), table_id, key)


@dataclass(frozen=True)
class DotRow:
    label: str
    score: Score
    marked: bool = False  # differs from the rest of the sample


def group_dots(
    *, ident: str, title: str, rows: Sequence[DotRow], overall: Score, table_id: str, marking: str = ""
) -> Figure:
    """A dot per group at its score, its 95% Wilson interval as a line (counted scores only), and a
    dashed line at the whole sample's score. ``marking`` says how marked groups were chosen."""
    scale = svg.Scale(domain=100, length=WIDTH - 24, start=12)
    chart = svg.Svg(ident=ident, title=title, desc="", width=WIDTH)
    top = 26.0
    marks, bottom = _group_labels(chart, rows, top)
    _grid(chart, scale, top, bottom)
    if overall.has_score:
        _overall_line(chart, scale, overall, top, bottom)
    for cy, row in marks:
        if row.score.has_score:
            _group_dot(chart, scale, row, cy)
    _axis(chart, scale, bottom, TICKS)
    chart.height = bottom + AXIS
    chart.desc = _group_dots_desc(rows, overall, marking)
    return Figure(ident, title, chart.desc, chart.render(), table_id)


def _group_labels(chart: svg.Svg, rows: Sequence[DotRow], top: float) -> tuple[list[tuple[float, DotRow]], float]:
    """Each group's label (bold when marked) down the chart: (the y of its dot, the row) for each
    group, and the y below the last."""
    y = top
    marks: list[tuple[float, DotRow]] = []
    for row in rows:
        text = f"{row.label}: {row.score.counts_display if row.score.has_score else 'no score'}"
        if row.marked:
            text += " \u2013 differs"
        lines = svg.wrap(text, LABEL_CHARS)
        chart.lines(0, y + 15, lines, LINE, halo=True, font_size=15, font_weight="bold" if row.marked else None)
        y += LINE * len(lines) + 4
        marks.append((y + 8, row))
        y += 24
    return marks, y


def _overall_line(chart: svg.Svg, scale: svg.Scale, overall: Score, top: float, bottom: float) -> None:
    """The dashed line at the whole sample's score, labelled above the chart."""
    x = scale.at(float(overall.percent))
    anchor = "start" if x < 100 else "end" if x > WIDTH - 100 else "middle"
    chart.line(
        x,
        top - 4,
        x,
        bottom,
        svg.TEXT,
        stroke_width=2,
        stroke_dasharray="6 4",
        class_="app-chart__overall",
        behind=True,
    )
    chart.text(x, 16, f"All cases {overall.display}", font_size=14, text_anchor=anchor, font_weight="bold")


def _group_dot(chart: svg.Svg, scale: svg.Scale, row: DotRow, cy: float) -> None:
    """A counted group's interval (where it has one) and its dot: a diamond when marked."""
    ci = row.score.ci
    if ci is not None:
        low, high = scale.at(ci[0]), scale.at(ci[1])
        chart.line(low, cy, high, cy, svg.TEXT, stroke_width=2, class_="app-chart__interval")
        chart.line(low, cy - 6, low, cy + 6, svg.TEXT, stroke_width=2)
        chart.line(high, cy - 6, high, cy + 6, svg.TEXT, stroke_width=2)
    x = scale.at(float(row.score.percent))
    if row.marked:
        chart.diamond(x, cy, 9, svg.ORANGE, stroke=svg.TEXT, stroke_width=1.5, class_="app-chart__dot--marked")
    else:
        chart.circle(x, cy, 6, svg.BLUE, stroke=svg.WHITE, stroke_width=1.5, class_="app-chart__dot")


def _group_dots_desc(rows: Sequence[DotRow], overall: Score, marking: str) -> str:
    """The chart in words: every group's counts, interval and whether it differs."""
    parts = []
    for row in rows:
        part = f"{row.label}: {row.score.counts_display if row.score.has_score else 'no score'}"
        if row.score.ci_display:
            part += f", 95% interval {row.score.ci_display}"
        if row.marked:
            part += ", differs from the rest of the sample"
        parts.append(part)
    return (
        f"A dot for each group's score with its 95% Wilson interval where it is counted, and a dashed line at "
        f"the whole sample's score ({overall.display if overall.has_score else NO_SCORE}). "
        + "; ".join(parts)
        + "."
        + (f" {marking}" if marking and any(row.marked for row in rows) else "")
    )


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: Score | None
    after: Score
    change: str  # "+8 pts", "no change"
    strong: bool = False


def dumbbell(*, ident: str, title: str, rows: Sequence[ChangeRow], before_name: str, table_id: str) -> Figure:
    """Each score before (hollow circle) and after (filled blue circle), joined by a line. Rows
    without both scores are named, with no marks."""
    scale = svg.Scale(domain=100, length=WIDTH - 24, start=12)
    chart = svg.Svg(ident=ident, title=title, desc="", width=WIDTH)
    top = y = 4.0
    marks = []
    for row in rows:
        both = row.before is not None and row.before.has_score and row.after.has_score
        figures = f"{row.before.display} to {row.after.display} ({row.change})" if both else "no comparison"
        lines = svg.wrap(f"{row.label}: {figures}", LABEL_CHARS)
        chart.lines(0, y + 15, lines, LINE, halo=True, font_size=15, font_weight="bold" if row.strong else None)
        y += LINE * len(lines) + 4
        if both:
            marks.append((y + 8, row))
        y += 24
    bottom = y
    _grid(chart, scale, top, bottom)
    for cy, row in marks:
        before, after = scale.at(row.before.whole_percent), scale.at(row.after.whole_percent)
        chart.line(before, cy, after, cy, svg.SECONDARY_TEXT, stroke_width=3, class_="app-chart__change")
        chart.circle(before, cy, 6, svg.WHITE, stroke=svg.SECONDARY_TEXT, stroke_width=2.5, class_="app-chart__before")
        chart.circle(after, cy, 6, svg.BLUE, stroke=svg.BLUE, stroke_width=2.5, class_="app-chart__after")
    _axis(chart, scale, bottom, TICKS)
    chart.height = bottom + AXIS
    parts = []
    for row in rows:
        if row.before is not None and row.before.has_score and row.after.has_score:
            parts.append(f"{row.label}: {row.before.display} in {before_name}, now {row.after.display} ({row.change})")
        else:
            parts.append(f"{row.label}: no comparison")
    desc = f"Each score in {before_name} (hollow circle) and now (filled circle). " + "; ".join(parts) + "."
    chart.desc = desc
    key = (f"Hollow circle: {before_name}. Filled circle: this inspection.",)
    return Figure(ident, title, desc, chart.render(), table_id, key)
