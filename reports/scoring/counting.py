"""Counting in the database and turning counts into scores (DOMAIN.md, "Scoring rules").

Which judgements count is ``Judgement.objects.counted`` (the one rule); counting is one GROUP BY
over those judgements and one over cases, whatever the number of questions, cases or groups.
``build_scores`` then applies the scoring rules to the counts without a query.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from cases.models import Case, Inspection, Judgement
from criteria.models import Headline

from . import groupings
from .structure import Structure
from .types import CriterionScore, HeadlineScore, InspectionScores, QuestionScore, Score, SectionScore

type Counts = dict[int, tuple[int, int]]  # question id -> (above, below)


def count_judgements(
    *, structure: Structure, case_filter: Q, by: str | None, include_in_progress: bool
) -> dict[tuple[int, object], Counts]:
    """One GROUP BY: (inspection id, group key or None) → question id → (above, below).

    The judgements of ``Judgement.objects.counted``, with the option's scoring taken from the
    structure's option ids instead of a join."""
    above_ids = list(structure.above_option_ids)
    columns = ["assessment__case__inspection_id", "question_id"]
    rows = Judgement.objects.counted(
        include_in_progress=include_in_progress, scoring_option_ids=above_ids + list(structure.below_option_ids)
    ).filter(case_filter)
    if structure.counted_question_ids is not None:  # a structure cut down to one criterion
        rows = rows.filter(question_id__in=structure.counted_question_ids)
    if by is not None:
        rows = rows.annotate(group_key=groupings.expression(by, "assessment__case__"))
        columns.insert(1, "group_key")
    # Only above/below judgements are left, so the denominator is the row count.
    rows = (
        rows.values(*columns)
        .annotate(
            above=Count("pk", filter=Q(option_id__in=above_ids)),
            counted=Count("pk"),
        )
        .order_by()
        .values_list(*columns, "above", "counted")
    )
    result: dict[tuple[int, object], Counts] = defaultdict(dict)
    if by is None:
        for inspection_id, question_id, above, counted in rows:
            result[(inspection_id, None)][question_id] = (above, counted - above)
    else:
        for inspection_id, key, question_id, above, counted in rows:
            result[(inspection_id, key)][question_id] = (above, counted - above)
    return result


def count_cases(*, case_filter: Q, by: str | None) -> dict[tuple[int, object], int]:
    """One GROUP BY: (inspection id, group key or None) → number of cases."""
    cases = Case.objects.filter(case_filter)
    if by is not None:
        cases = cases.annotate(group_key=groupings.expression(by))
    columns = ["inspection_id"] + (["group_key"] if by is not None else [])
    rows = cases.values(*columns).annotate(n=Count("pk")).order_by().values_list(*columns, "n")
    if by is None:
        return {(inspection_id, None): n for inspection_id, n in rows}
    return {(inspection_id, key): n for inspection_id, key, n in rows}


def case_filter(*, inspection_ids: Iterable[int], case_ids: Iterable[int] | None, prefix: str) -> Q:
    condition = Q(**{f"{prefix}inspection_id__in": list(inspection_ids)})
    if case_ids is not None:
        condition &= Q(**{f"{prefix}pk__in": list(case_ids)})
    return condition


def sum_counts(groups: Iterable[Counts]) -> Counts:
    total: dict[int, tuple[int, int]] = {}
    for counts in groups:
        for question_id, (above, below) in counts.items():
            a, b = total.get(question_id, (0, 0))
            total[question_id] = (a + above, b + below)
    return total


def build_scores(
    *, structure: Structure, counts: Counts, case_count: int, inspection: Inspection, include_in_progress: bool
) -> InspectionScores:
    """Apply the scoring rules to question counts (no queries)."""
    bands = structure.bands
    none = (0, 0)
    questions = []
    for q in structure.questions:
        above, below = counts.get(q.id, none)
        questions.append(
            QuestionScore(
                q.code,
                q.full_text,
                q.criterion_code,
                q.section_code,
                q.headline_codes,
                Score(None, above, above + below, bands=bands),
            )
        )
    members = structure.members
    question_scores = [q.score for q in questions]
    criteria = []
    for code, title, section_code in structure.criteria:
        idx, codes = members[("criterion", code)]
        criteria.append(
            CriterionScore(code, title, section_code, codes, Score.mean_of([question_scores[i] for i in idx], bands))
        )
    sections = []
    for code, title in structure.sections:
        idx, codes = members[("section", code)]
        sections.append(SectionScore(code, title, codes, Score.mean_of([criteria[i].score for i in idx], bands)))
    headlines = []
    for code, title, method in structure.headlines:
        idx, codes = members[("headline", code)]
        tagged = [question_scores[i] for i in idx]
        score = Score.pooled(tagged, bands) if method == Headline.Method.POOLED else Score.mean_of(tagged, bands)
        headlines.append(HeadlineScore(code, title, method, codes, score))
    return InspectionScores(
        inspection_id=inspection.pk,
        inspection_slug=inspection.slug,
        inspection_name=inspection.name,
        criteria_set_id=structure.criteria_set_id,
        include_in_progress=include_in_progress,
        case_count=case_count,
        bands=bands,
        questions=tuple(questions),
        criteria=tuple(criteria),
        sections=tuple(sections),
        headlines=tuple(headlines),
    )
