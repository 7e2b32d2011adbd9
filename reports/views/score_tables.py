"""The rows of the scores and breakdown pages' tables as HTML, built in Python (as
``cases/views/tables.py``): the same HTML the templates' loops wrote, a row at a time, for some
ninety to a hundred and twenty rows a page."""

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from cases.views.tables import esc

from ..scoring import AnyScore, Change, Comparison, Score
from ..scoring.rounding import measured


@dataclass
class ScoreRow:
    item: AnyScore
    change: Change | None = None
    compared: bool = False  # the page shows the comparison's two columns

    @property
    def question_html(self) -> SafeString:
        """A question's row of ``scores.html``, as its loop wrote it (some ninety rows a page)."""
        item, score = self.item, self.item.score
        cell = '\n      <td class="govuk-table__cell app-numeric'
        return mark_safe(  # noqa: S308 - every value escaped
            '\n    <tr class="govuk-table__row">\n      <th scope="row" class="govuk-table__header '
            f'govuk-!-font-weight-regular"><span class="govuk-body-s app-block">{esc(item.code)}</span>'
            f'{esc(item.text)}</th>{cell}">{esc(score.numerator)}</td>{cell}">{esc(score.denominator)}</td>'
            f'{cell} govuk-!-font-weight-bold">{esc(score.display)}</td>'
            f'{cell} app-nowrap">{esc(score.ci_display or "–")}</td>\n      '
            f"{self.change_cells if self.compared else ''}\n    </tr>\n    "
        )

    @property
    def change_cells(self) -> SafeString:
        """Two cells: the previous inspection's score and the change ("Not in previous" and "–" for a
        code it did not have). Built here: a template included ~110 times took a fifth of the page's time."""
        change = self.change
        if change is None or not change.matched:
            return NOT_IN_PREVIOUS
        previous = change.previous.display if change.previous is not None else ""
        return mark_safe(  # noqa: S308 - both texts are escaped
            f'<td class="govuk-table__cell app-numeric">{escape(previous)}</td>\n'
            f'<td class="govuk-table__cell app-numeric app-nowrap">{escape(change.display)}</td>\n'
        )


NOT_IN_PREVIOUS = mark_safe(
    '<td class="govuk-table__cell app-numeric"><span class="govuk-body-s">Not in previous</span></td>\n'
    '<td class="govuk-table__cell app-numeric app-nowrap">–</td>\n'
)


def score_rows(items, comparison: Comparison | None) -> list[ScoreRow]:
    return [
        ScoreRow(item, comparison.change(item.level, item.code) if comparison else None, comparison is not None)
        for item in items
    ]


@dataclass
class BreakdownRow:
    item: AnyScore
    overall: Score
    cells: list[tuple[Score, bool]]  # each group's score, and whether its chart marks it as different
    difference: object | None = None

    @property
    def ident(self) -> str:
        return row_id(self.item)

    @property
    def cells_html(self) -> SafeString:
        """The groups' cells, marked ones with "differs from the rest": built here rather than in the
        template, which took a fifth of the page's time for a breakdown's ~900 cells."""
        return mark_safe(  # noqa: S308 - the only text, a score's display, is escaped
            "".join(
                f'<td class="{MARKED_CELL}">{escape(score.counts_display)}{MARKED_NOTE}</td>'
                if marked
                else f'<td class="{CELL}">{escape(score.counts_display)}</td>'
                for score, marked in self.cells
            )
        )

    @property
    def html(self) -> SafeString:
        """The whole row, as ``breakdown.html``'s loop wrote it (a hundred rows a page)."""
        item, difference = self.item, self.difference
        code = "" if item.level == "headline" else f'<span class="govuk-body-s app-block">{esc(item.code)}</span>'
        test = ""
        if difference:
            state = (
                '<strong class="govuk-tag govuk-tag--orange">Differs</strong>'
                if difference.significant
                else '<span class="govuk-body-s">No clear difference</span>'
            )
            small = "; small numbers, indicative only" if difference.small_counts else ""
            p_value = f"p = {self.p_display}, {esc(difference.test)}{small}"
            test = f'{state} <span class="govuk-body-s app-block">{p_value}</span>'
        return mark_safe(  # noqa: S308 - every value escaped
            f'\n    <tr class="govuk-table__row" id="{escape(self.ident)}">\n'
            '      <th scope="row" class="govuk-table__header govuk-!-font-weight-regular">'
            f"{code}{esc(item.title)}</th>\n"
            f'      <td class="{CELL} govuk-!-font-weight-bold">{escape(self.overall.counts_display)}</td>\n'
            f"      {self.cells_html}\n"
            f'      <td class="govuk-table__cell">{test}</td>\n'
            "    </tr>\n    "
        )

    @property
    def p_display(self) -> str:
        """The difference's p-value to three decimals ("0.046"), rounded half up (``rounding.measured``)."""
        return str(measured(self.difference.p_value, 3)) if self.difference is not None else ""


CELL = "govuk-table__cell app-numeric app-nowrap"
MARKED_CELL = f"{CELL} app-cell--marked"
MARKED_NOTE = '<span class="govuk-body-s app-block">differs from the rest</span>'


def row_id(item) -> str:
    return _row_id(item.level, item.code)


@lru_cache(maxsize=4096)
def _row_id(level: str, code: str) -> str:
    return f"row-{level}-{slugify(code)}"  # slugify is slow for a page of ~120 rows and charts
