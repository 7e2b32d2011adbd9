"""Scores pages: an inspection's scores and a breakdown side by side (the files to download and
the judgements upload are in ``exchange``).

Team members and admins read; only the lead sees the work-in-progress preview and uploads
judgements. Another team's inspection is a 404 (``cases.permissions.get_inspection_for``).
Nothing is cached: every page counts the judgements as they are saved.
"""

from django.shortcuts import render
from django.utils.translation import ngettext

from cases.permissions import ADMIN, MEMBERS, InspectionAccess, get_inspection_for

from .. import selectors
from ..charts import scores as charts
from ..forms.scores import BreakdownForm
from ..scoring import (
    Breakdown,
    Comparison,
    InspectionScores,
    compute_breakdown,
)
from ..scoring.stats import group_versus_rest
from .score_tables import BreakdownRow, row_id, score_rows

READERS = MEMBERS | {ADMIN}


def _preview(request, access: InspectionAccess) -> bool:
    """The lead's "include work in progress" preview, asked for with ?preview=1."""
    return access.is_lead and request.GET.get("preview") == "1"


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
        (row, score_rows(current.criteria_of(row.item.code), comparison))
        for row in score_rows(current.sections, comparison)
    ]
    criteria = [
        (row, score_rows(current.questions_of(row.item.code), comparison))
        for row in score_rows(current.criteria, comparison)
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
            "headlines": [(row, headline_basis(row.item)) for row in score_rows(current.headlines, comparison)],
            "figures": _score_figures(current, comparison),
            "sections": sections,
            "criteria": criteria,
            "progress": selectors.assessment_progress(inspection=inspection),
            "breakdown_form": BreakdownForm(initial={"by": "unit"}),
        },
    )


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
