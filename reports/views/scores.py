"""Scores pages: an inspection's scores and a breakdown side by side (the files to download and
the judgements upload are in ``exchange``).

Team members and admins read; only the lead sees the work-in-progress preview and uploads
judgements. Another team's inspection is a 404 (``cases.permissions.get_inspection_for``).
Nothing is cached: every page counts the judgements as they are saved.
"""

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import ngettext

from cases.permissions import ADMIN, MEMBERS, InspectionAccess, get_inspection_for
from cases.views.tables import esc

from .. import selectors
from ..charts import scores as charts
from ..forms.scores import BreakdownForm
from ..scoring import (
    AnyScore,
    Breakdown,
    Change,
    Comparison,
    InspectionScores,
    Score,
    compute_breakdown,
)
from ..scoring.rounding import measured
from ..scoring.stats import group_versus_rest

READERS = MEMBERS | {ADMIN}


def _preview(request, access: InspectionAccess) -> bool:
    """The lead's "include work in progress" preview, asked for with ?preview=1."""
    return access.is_lead and request.GET.get("preview") == "1"


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
            f'{cell} app-nowrap">{esc(score.ci_display) if score.ci_display else "–"}</td>\n      '
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


def _rows(items, comparison: Comparison | None) -> list[ScoreRow]:
    return [
        ScoreRow(item, comparison.change(item.level, item.code) if comparison else None, comparison is not None)
        for item in items
    ]


def headline_basis(item) -> str:
    """What a headline score is taken over: "Mean of 72 question scores" counts the questions that
    have a score, not every question tagged (a question without a denominator is left out)."""
    if item.method == "pooled":
        basis = "All its questions' judgements pooled"
        if item.score.denominator is not None:
            basis += f": {item.score.numerator} of {item.score.denominator}"
        return basis
    scored, tagged = item.score.parts or 0, len(item.question_codes)
    if not scored:
        return ngettext(
            "Its %(tagged)d question has no score yet",
            "None of its %(tagged)d questions has a score yet",
            tagged,
        ) % {"tagged": tagged}
    basis = ngettext("Mean of %(n)d question score", "Mean of %(n)d question scores", scored) % {"n": scored}
    if scored < tagged:
        basis += ngettext(
            " (%(left)d more question has no score)", " (%(left)d more questions have no score)", tagged - scored
        ) % {"left": tagged - scored}
    return basis


def _score_figures(current: InspectionScores, comparison: Comparison | None) -> list[charts.Figure]:
    """The scores page's charts: headlines and sections with their criteria against the rating
    bands, and for a reinspection each score before and after (no queries)."""
    figures = []
    if current.headlines:
        figures.append(
            charts.band_bars(
                ident="chart-headlines",
                title="Headline scores against the rating bands",
                rows=[charts.BarRow(h.title, h.score, strong=True) for h in current.headlines],
                bands=current.bands,
                table_id="headline-table",
            )
        )
    rows = []
    for section in current.sections:
        rows.append(charts.BarRow(f"{section.code}. {section.title}", section.score, strong=True))
        rows += [charts.BarRow(f"{c.code} {c.title}", c.score) for c in current.criteria_of(section.code)]
    figures.append(
        charts.band_bars(
            ident="chart-criteria",
            title="Section and general criterion scores against the rating bands",
            rows=rows,
            bands=current.bands,
            table_id="criteria-table",
        )
    )
    if comparison is not None:
        change_rows = []
        for item, strong in [
            *((h, True) for h in current.headlines),
            *((x, x.level == "section") for s in current.sections for x in (s, *current.criteria_of(s.code))),
        ]:
            change = comparison.change(item.level, item.code)
            label = item.title if item.level == "headline" else f"{item.code} {item.title}"
            before = change.previous if change and change.matched else None
            change_rows.append(charts.ChangeRow(label, before, item.score, change.display if change else "", strong))
        figures.append(
            charts.dumbbell(
                ident="chart-change",
                title=f"Scores now and in {comparison.previous.inspection_name}",
                rows=change_rows,
                before_name=comparison.previous.inspection_name,
                table_id="headline-table",
            )
        )
    return figures


def scores(request, slug):
    """Queries: the inspection (1), the structure (7), counts (2), progress (1); with a previous
    inspection +1 and +2 (+7 when its criteria set differs)."""
    access = get_inspection_for(request.user, slug, roles=READERS)
    inspection, preview = access.inspection, _preview(request, access)
    current, comparison = selectors.scores_with_comparison(inspection=inspection, include_in_progress=preview)
    sections = [
        (row, _rows(current.criteria_of(row.item.code), comparison)) for row in _rows(current.sections, comparison)
    ]
    criteria = [
        (row, _rows(current.questions_of(row.item.code), comparison)) for row in _rows(current.criteria, comparison)
    ]
    return render(
        request,
        "reports/scores/scores.html",
        {
            "inspection": inspection,
            "access": access,
            "scores": current,
            "preview": preview,
            "comparison": comparison,
            "headlines": [(row, headline_basis(row.item)) for row in _rows(current.headlines, comparison)],
            "figures": _score_figures(current, comparison),
            "sections": sections,
            "criteria": criteria,
            "progress": selectors.assessment_progress(inspection=inspection),
            "breakdown_form": BreakdownForm(initial={"by": "unit"}),
        },
    )


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


MARKING = (
    "A group is marked when the question's score differs between the groups (chi-square test, or "
    "Fisher's exact test for two groups with small numbers, p < 0.05) and this group's score differs "
    "from the rest of the sample's (the same test of the group against all other cases, p < 0.05)."
)


def marked_groups(result: Breakdown, code: str) -> list[bool]:
    """Which groups a question's chart marks: only where the groups differ overall, the groups
    whose own test against the rest of the sample is significant too."""
    if not result.is_significant(code):
        return [False] * len(result.groups)
    counts = []
    for group in result.groups:
        score = group.scores.question(code).score
        counts.append((score.numerator or 0, (score.denominator or 0) - (score.numerator or 0)))
    return [bool(test and test.significant) for test in group_versus_rest(counts)]


def row_id(item) -> str:
    return _row_id(item.level, item.code)


@lru_cache(maxsize=4096)
def _row_id(level: str, code: str) -> str:
    return f"row-{level}-{slugify(code)}"  # slugify is slow for a page of ~120 rows and charts


def _breakdown_figures(
    result: Breakdown, marks: dict[str, list[bool]], *, all_charts: bool
) -> tuple[list[charts.Figure], list[charts.Figure], list[charts.Figure], int]:
    """Dot plots of the groups: one per headline, one per question whose groups differ, and, with
    ``all_charts``, one per other question with a score; and how many other questions have a score
    (their charts are a link away otherwise: drawing ~90 charts was half of the page's time). No queries."""
    where = result.label_in_sentence

    def figure(item, marks: list[bool]) -> charts.Figure:
        title = item.title if item.level == "headline" else f"{item.code} {item.title}"
        return charts.group_dots(
            ident="chart" + row_id(item)[3:],  # chart-question-a102 beside row-question-a102
            title=f"{title}: scores by {where}",
            rows=[
                charts.DotRow(g.label, g.scores.get(item.level, item.code).score, marked)
                for g, marked in zip(result.groups, marks, strict=True)
            ],
            overall=item.score,
            table_id=row_id(item),
            marking=MARKING,
        )

    unmarked = [False] * len(result.groups)
    headlines = [figure(h, unmarked) for h in result.overall.headlines if h.score.has_score]
    differing, others, other_count = [], [], 0
    for question in result.overall.questions:
        if not question.score.has_score:
            continue
        if result.is_significant(question.code):
            differing.append(figure(question, marks[question.code]))
        else:
            other_count += 1
            if all_charts:
                others.append(figure(question, unmarked))
    return headlines, differing, others, other_count


def _charts_links(request) -> tuple[str, str]:
    """The same breakdown (its grouping, the preview…) with every question's chart, and with only
    the headlines' and the differing questions' (a GET form's CSRF token, if any, left out)."""
    params = request.GET.copy()
    params.pop("csrfmiddlewaretoken", None)
    params["charts"] = "all"
    every = f"?{params.urlencode()}#other-charts"
    del params["charts"]
    return every, f"?{params.urlencode()}#other-charts"


def breakdown(request, slug):
    """Groups side by side (like Appendix 1 of a published report). Queries: the inspection (1),
    the structure (7), counts (2), units for a unit breakdown (1). Charts: the headlines' and the
    questions' whose groups differ; every question's with ``?charts=all``."""
    access = get_inspection_for(request.user, slug, roles=READERS)
    inspection, preview = access.inspection, _preview(request, access)
    all_charts = request.GET.get("charts") == "all"
    form = BreakdownForm(request.GET or None, initial={"by": "unit"})
    result = None
    rows: dict[str, list[BreakdownRow]] = {}
    figures = None
    if form.is_valid():
        result = compute_breakdown(inspection=inspection, by=form.cleaned_data["by"], include_in_progress=preview)
        marks = {q.code: marked_groups(result, q.code) for q in result.overall.questions}
        rows = _breakdown_rows(result, marks)
        figures = _breakdown_charts(request, result, marks, all_charts=all_charts)
    return render(
        request,
        "reports/scores/breakdown.html",
        {
            "inspection": inspection,
            "access": access,
            "form": form,
            "breakdown": result,
            "rows": rows,
            "figures": figures,
            "marking": MARKING,
            "preview": preview,
        },
    )


def _breakdown_rows(result: Breakdown, marks: dict[str, list[bool]]) -> dict[str, list[BreakdownRow]]:
    """The breakdown's table rows for headlines, criteria and questions: each item's score in every
    group, whether the group is marked (questions only) and the question's significance test."""
    none = [False] * len(result.groups)

    def level_rows(items):
        return [
            BreakdownRow(
                item,
                item.score,
                list(
                    zip(
                        [g.scores.get(item.level, item.code).score for g in result.groups],
                        marks[item.code] if item.level == "question" else none,
                        strict=True,
                    )
                ),
                result.significance.get(item.code) if item.level == "question" else None,
            )
            for item in items
        ]

    return {
        "headlines": level_rows(result.overall.headlines),
        "criteria": level_rows(result.overall.criteria),
        "questions": level_rows(result.overall.questions),
    }


def _breakdown_charts(request, result: Breakdown, marks: dict[str, list[bool]], *, all_charts: bool) -> dict:
    """The breakdown's charts: the headlines', the questions' whose groups differ, and the others'
    (all of them with ``?charts=all``), with the links between the two."""
    headline_figures, differing, others, other_count = _breakdown_figures(result, marks, all_charts=all_charts)
    every, fewer = _charts_links(request)
    return {
        "headlines": headline_figures,
        "differing": differing,
        "others": others,
        "other_count": other_count,
        "all": all_charts,
        "all_url": every,
        "all_label": ngettext(
            "Show the chart of the other question", "Show the charts of the other %(n)d questions", other_count
        )
        % {"n": other_count},
        "fewer_url": fewer,
    }
