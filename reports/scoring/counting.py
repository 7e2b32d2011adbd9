"""Counting in the database and turning counts into scores (DOMAIN.md, "Scoring rules").

Which judgements count is ``Judgement.objects.counted`` (the one rule); counting is one GROUP BY
over those judgements and one over cases, whatever the number of questions, cases or groups.
``build_scores`` then applies the scoring rules to the counts without a query.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Q

from cases.models import Assessment, Case, Inspection, Judgement, Unit
from criteria.models import Headline

from . import compiled, groupings
from .structure import Structure
from .types import CriterionScore, HeadlineScore, InspectionScores, Score, SectionScore

type Counts = dict[int, tuple[int, int]]  # question id -> (above, below)
# PostgreSQL would otherwise fold the assessments back into the join (SQLite keeps a CTE apart).
_MATERIALIZED = "MATERIALIZED " if connection.vendor == "postgresql" else ""


def count_judgements(
    *,
    structure: Structure,
    inspection_ids: Iterable[int],
    case_ids: Iterable[int] | None,
    by: Sequence[str],
    include_in_progress: bool,
) -> dict[tuple[int, tuple], Counts]:
    """One GROUP BY: (inspection id, group keys) → question id → (above, below), the group keys
    being one raw key per grouping of ``by`` (an empty tuple without groupings).

    The judgements of ``Judgement.objects.counted``, written for the planner as two steps of one
    statement: the counted assessments (primary, of a counted status, their case one of
    ``inspection_ids``' and, unless None, of ``case_ids``) with their inspection and group keys, a
    few thousand rows; then the applicable judgements of those assessments answered above or
    below the line (the structure's option ids, not a join), grouped. Joining assessments and
    cases to every judgement row cost a third more (bench/scoring.py); tests hold this to
    ``counted()``. Several groupings at once cost about what one does: a page of sub-samples
    counts them together."""
    by = tuple(by)
    inner = compiled.bound(
        _assessments_sql, (by, include_in_progress), inspection_ids=inspection_ids, case_ids=case_ids
    )
    if inner is None:
        return {}
    sql, params = _counting_sql(inner, structure=structure, groupings_count=len(by))
    result: dict[tuple[int, tuple], Counts] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    keys = slice(1, 1 + len(by))
    for row in rows:  # SUM and COUNT of integers come back as ints: nothing to convert
        question_id, above, counted = row[-3:]
        result[row[0], row[keys]][question_id] = (above, counted - above)
    return result


def _assessments_sql(shape, inspection_ids: list[int], case_ids: list[int] | None) -> tuple[str, tuple]:
    """The counted assessments of these cases: id, inspection id and a group key per grouping."""
    by, include_in_progress = shape
    assessments = Assessment.objects.filter(
        case_filter(inspection_ids=inspection_ids, case_ids=case_ids, prefix="case__"),
        Assessment.counting(include_in_progress=include_in_progress),
    )
    keys = {f"group_key_{n}": groupings.expression(b, "case__") for n, b in enumerate(by)}
    rows = assessments.annotate(**keys).order_by().values_list("pk", "case__inspection_id", *keys)
    return rows.query.sql_with_params()


def _counting_sql(inner: tuple[str, tuple], *, structure: Structure, groupings_count: int) -> tuple[str, list]:
    """The GROUP BY over the judgements of the assessments ``inner`` selects (id, inspection id
    and ``groupings_count`` group keys). Only above/below judgements are left, so the denominator
    is the row count."""
    quote = connection.ops.quote_name
    table = quote(Judgement._meta.db_table)
    question, option = f"{table}.{quote('question_id')}", f"{table}.{quote('option_id')}"
    above, scoring = list(structure.above_option_ids), [*structure.above_option_ids, *structure.below_option_ids]
    questions = structure.counted_question_ids  # a structure cut down to one criterion
    keys = "".join(f", g.k{n}" for n in range(groupings_count))
    # Names from the models, values bound.
    sql = (
        f"WITH g (assessment_id, inspection_id{keys.replace('g.', '')}) AS {_MATERIALIZED}({inner[0]}) "  # noqa: S608
        f"SELECT g.inspection_id{keys}, {question}, "
        f"SUM(CASE WHEN {option} IN ({_marks(above)}) THEN 1 ELSE 0 END), COUNT(*) "
        f"FROM {table} JOIN g ON g.assessment_id = {table}.{quote('assessment_id')} "
        f"WHERE {table}.{quote('applicable')} = %s AND {option} IN ({_marks(scoring)})"
        + (f" AND {question} IN ({_marks(questions)})" if questions is not None else "")
        + f" GROUP BY {', '.join(str(n) for n in range(1, groupings_count + 3))}"
    )
    return sql, [*inner[1], *above, True, *scoring, *(questions or ())]


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


def count_cases(
    *, inspection_ids: Iterable[int], case_ids: Iterable[int] | None, by: Sequence[str]
) -> dict[tuple[int, tuple], int]:
    """One GROUP BY: (inspection id, group keys, one per grouping of ``by``) → number of cases."""
    by = tuple(by)
    statement = compiled.bound(_cases_sql, by, inspection_ids=inspection_ids, case_ids=case_ids)
    if statement is None:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        rows = cursor.fetchall()
    return {(row[0], row[1:-1]): row[-1] for row in rows}


def _cases_sql(by, inspection_ids: list[int], case_ids: list[int] | None) -> tuple[str, tuple]:
    cases = Case.objects.filter(case_filter(inspection_ids=inspection_ids, case_ids=case_ids, prefix=""))
    keys = {f"group_key_{n}": groupings.expression(b) for n, b in enumerate(by)}
    rows = cases.annotate(**keys).values("inspection_id", *keys).annotate(n=Count("pk")).order_by()
    return rows.values_list("inspection_id", *keys, "n").query.sql_with_params()


def count_units(*, inspection_ids: Iterable[int]) -> dict[int, list[tuple[int, str, int]]]:
    """Each inspection's units by name, each with its number of cases (one query): a unit
    breakdown shows every unit, even one without cases."""
    statement = compiled.bound(_units_sql, None, inspection_ids=inspection_ids, case_ids=None)
    units: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    if statement is not None:
        with connection.cursor() as cursor:
            cursor.execute(*statement)
            for inspection_id, unit_id, name, n in cursor.fetchall():
                units[inspection_id].append((unit_id, name, n))
    return units


def _units_sql(_shape, inspection_ids: list[int], _case_ids) -> tuple[str, tuple]:
    units = Unit.objects.filter(inspection_id__in=inspection_ids).annotate(n=Count("cases")).order_by("name", "pk")
    return units.values_list("inspection_id", "pk", "name", "n").query.sql_with_params()


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
    *,
    structure: Structure,
    counts: Counts,
    case_count: int,
    inspection: Inspection,
    include_in_progress: bool,
    score_of: "ScoreMaker | None" = None,
) -> InspectionScores:
    """Apply the scoring rules to question counts (no queries).

    Question scores stay a table of (numerator, denominator) (``InspectionScores.questions``
    makes them on demand); criterion, section and headline scores are worked out from it here,
    exactly. ``score_of`` shares one Score per distinct (numerator, denominator) between the
    groups and inspections of one call."""
    bands = structure.bands
    score_of = score_of or ScoreMaker(bands)
    get, none = counts.get, (0, 0)
    table = [(above, above + below) for above, below in [get(pk, none) for pk in structure.question_ids]]
    members = structure.members
    criteria = [
        CriterionScore(code, title, section_code, codes, _mean([table[i] for i in idx], bands))
        for (code, title, section_code), (idx, codes) in zip(
            structure.criteria, [members[("criterion", c[0])] for c in structure.criteria], strict=True
        )
    ]
    sections = []
    for code, title in structure.sections:
        idx, codes = members[("section", code)]
        sections.append(SectionScore(code, title, codes, Score.mean_of([criteria[i].score for i in idx], bands)))
    headlines = []
    for code, title, method in structure.headlines:
        idx, codes = members[("headline", code)]
        tagged = [table[i] for i in idx]
        if method == Headline.Method.POOLED:
            score = score_of(sum([n for n, _ in tagged]), sum([d for _, d in tagged]))
        else:
            score = _mean(tagged, bands)
        headlines.append(HeadlineScore(code, title, method, codes, score))
    return InspectionScores(
        inspection_id=inspection.pk,
        inspection_slug=inspection.slug,
        inspection_name=inspection.name,
        criteria_set_id=structure.criteria_set_id,
        include_in_progress=include_in_progress,
        case_count=case_count,
        bands=bands,
        criteria=tuple(criteria),
        sections=tuple(sections),
        headlines=tuple(headlines),
        question_counts=tuple(table),
        question_info=structure.questions,
        score_of=score_of,
    )


def _mean(pairs: list[tuple[int, int]], bands) -> Score:
    """``Score.mean_of`` over question scores given as (numerator, denominator) pairs."""
    present = [(n, d) for n, d in pairs if d]
    if not present:
        return Score(None, parts=0, bands=bands)
    if len(present) == 1:
        return Score(Fraction(*present[0]), parts=1, bands=bands)
    common = math.lcm(*[d for _, d in present])
    total = sum([n * (common // d) for n, d in present])
    return Score(Fraction(total, common * len(present)), parts=len(present), bands=bands)


class ScoreMaker:
    """Counted scores, one per distinct (numerator, denominator): most cells of a breakdown
    repeat a pair another cell has (scores are read-only, so they are shared)."""

    def __init__(self, bands):
        self.bands = bands
        self.made: dict[tuple[int, int], Score] = {}

    def __call__(self, numerator: int, denominator: int) -> Score:
        key = (numerator, denominator)
        score = self.made.get(key)
        if score is None:
            score = self.made[key] = Score(None, numerator, denominator, bands=self.bands)
        return score
