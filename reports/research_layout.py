"""The research pages' figures laid out as research bulletin 2018/02 prints them, from the engine's
table and fit (``reports.analysis``): a table of n and
percent yes per group with one column pair per programme and the pool, a chart per grouping with
Wilson 95% intervals, and the logistic regression's variables in and out of the model. Shared by
the results page and the Word document; no queries."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .charts import programmes as charts
from .scoring.groupings import group_label, label_of
from .scoring.rounding import measured
from .scoring.stats import wilson_interval
from .scoring.types import NO_SCORE

ALL = "all"


# The 95% Wilson interval in percent, None without a denominator: the scores pages' one home.
wilson = wilson_interval


# The bulletin's names of its groupings (the scores pages' names elsewhere).
LABELS = {
    "programme": "Programme",
    "bame": "Ethnic group",
    "supervision": "Supervision type",
    "rosh_band": "RoSH level",
}


def mid_sentence(label: str) -> str:
    """A heading's label inside a sentence: "Age group" → "age group", but "RoSH level" and "MAPPA" keep
    their capitals."""
    word = label.split(" ", 1)[0]
    return label[:1].lower() + label[1:] if word[1:].islower() else label


def variable_label(variable: str) -> str:
    return LABELS.get(variable) or label_of(variable)


def level_label(variable: str, level: str, names: dict[str, str]) -> str:
    if variable == "programme":
        return names.get(level, level)
    return group_label(variable, level)


@dataclass(frozen=True)
class Cell:
    n: int
    percent: str  # one decimal, "–" without cases

    @property
    def empty(self) -> bool:
        return not self.n


@dataclass
class Row:
    label: str
    cells: list[Cell]  # one per column: the programmes in order, then the pool (two or more programmes)
    estimates: list[charts.Estimate]  # one per programme (the chart's series)


@dataclass
class Grouping:
    by: str
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def ident(self) -> str:
        return f"table-{self.by.replace('_', '-')}"


@dataclass
class Table:
    """One question's table: the whole pool first (``overall``), then each grouping's groups."""

    question: str
    columns: list[str]  # programme names, then "All programmes" when there are two or more
    overall: Row
    groupings: list[Grouping]

    @property
    def width(self) -> int:
        """Columns of the table: the group's, then n and percent for each column of figures."""
        return 1 + 2 * len(self.columns)

    @property
    def has_cases(self) -> bool:
        return bool(self.overall.cells[-1].n)

    def empty_programmes(self) -> list[str]:
        """Names of programmes with no case answering the question."""
        count = len(self.overall.estimates)
        return [name for name, cell in zip(self.columns[:count], self.overall.cells[:count], strict=True) if not cell.n]

    def figures(self, series: Sequence[str]) -> list[charts.Figure]:
        return [
            charts.series_dots(
                ident=f"chart-{grouping.by.replace('_', '-')}",
                title=f"{self.question}: percent yes by {mid_sentence(grouping.label)}",
                series=series,
                rows=[charts.GroupRow(row.label, row.estimates) for row in grouping.rows],
                table_id=grouping.ident,
            )
            for grouping in self.groupings
        ]


def table(rows: Sequence, *, question: str, programmes: Sequence) -> Table:
    """The engine's table rows (``programme-table/1`` order: ``all`` first, then each grouping) as the
    bulletin's table."""
    slugs = [p.slug for p in programmes]
    pooled = len(slugs) > 1
    columns = [p.name for p in programmes] + (["All programmes"] if pooled else [])
    cells: dict[tuple[str, str], dict[str, tuple[int, int, str]]] = {}
    order: list[tuple[str, str]] = []
    for row in rows:
        key = (row.group_by, row.group)
        if key not in cells:
            cells[key] = {}
            order.append(key)
        cells[key][row.programme] = (row.numerator, row.denominator, row.score_display or NO_SCORE)

    def row_of(label: str, key: tuple[str, str]) -> Row:
        found = cells.get(key, {})
        wanted = slugs + ([ALL] if pooled else [])
        figures = [found.get(slug, (0, 0, NO_SCORE)) for slug in wanted]
        return Row(
            label,
            [Cell(d, s) for _, d, s in figures],
            [charts.Estimate(n, d, wilson(n, d)) for n, d, _ in figures[: len(slugs)]],
        )

    groupings: dict[str, Grouping] = {}
    for by, group in order:
        if by == ALL:
            continue
        grouping = groupings.setdefault(by, Grouping(by, variable_label(by)))
        grouping.rows.append(row_of(group_label(by, group), (by, group)))
    return Table(question, columns, row_of("All cases", (ALL, ALL)), list(groupings.values()))


def ratio(value: float | None) -> str:
    """An odds ratio or interval bound to two decimals, half up, as the bulletin prints them."""
    if value is None or not math.isfinite(value):
        return NO_SCORE
    return str(measured(value, 2))


def p_value(value: float | None) -> str:
    """A p-value to three decimals, half up; "< 0.001" below that."""
    if value is None or not math.isfinite(value):
        return NO_SCORE
    if value < 0.001:
        return "< 0.001"
    return str(measured(value, 3))


@dataclass(frozen=True)
class Term:
    variable: str
    level: str
    reference: str
    odds_ratio: str
    interval: str
    p_value: str


@dataclass
class Model:
    n: int
    terms: list[Term]  # levels of the variables in the final model, in the order asked
    left_out: list[tuple[str, str]]  # (variable, likelihood-ratio p-value of entering) not in the model
    sentences: list[str]

    @property
    def unestimable(self) -> bool:
        """Whether a variable left out has no p-value: adding it made a model that could not be estimated."""
        return any(p == NO_SCORE for _, p in self.left_out)


def model(fit, *, programmes: Sequence, sentences: Sequence[str] = ()) -> Model:
    """The engine's fit (``analysis.logistic_regression``) as the summary beside the table."""
    names = {p.slug: p.name for p in programmes}
    terms, left_out = [], []
    for variable in fit.variables:
        label = variable_label(variable.name)
        if not variable.in_model:
            left_out.append((label, p_value(variable.p_value)))
            continue
        for level in variable.levels:
            terms.append(
                Term(
                    label,
                    level_label(variable.name, level.level, names),
                    level_label(variable.name, variable.reference, names),
                    ratio(level.odds_ratio),
                    f"{ratio(level.ci_low)} to {ratio(level.ci_high)}",
                    p_value(level.p_value),
                )
            )
    return Model(fit.n, terms, left_out, list(sentences))
