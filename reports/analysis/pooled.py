"""The programme table (``programme-table/1``): one analysis question's counts pooled over the
inspections of one or more programmes, overall and by groupings of the cases.

Counting is the scoring rule (``JudgementQuerySet.counted``: submitted primary assessments, the
question applying, above or below the line), each case once (a set has one question per analysis
key, a case one primary assessment). One GROUP BY over (programme, every grouping asked) gives the
covariate patterns; the table's cells, and the regression's design, are sums over them.
"""

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Q, QuerySet

from cases.models import Judgement, Programme
from criteria.models import AnswerOption
from reports.scoring import groupings
from reports.scoring.rounding import one_decimal_percent

from .questions import key_filter

ALL = "all"
# The bulletin's groupings (Tables 2–8), in its order.
TABLE_GROUPINGS = ("gender", "age_group", "bame", "supervision", "rosh_band", "mappa")
GROUPINGS = frozenset(groupings.ALL_BY - {groupings.UNIT})
CASE = "assessment__case__"


def is_valid_grouping(name: str) -> bool:
    return name in GROUPINGS


@dataclass(frozen=True)
class Pattern:
    """Cases of one programme sharing one key per grouping asked, and how many of them were yes."""

    programme_id: int
    keys: tuple[str, ...]
    yes: int
    total: int


def _patterns_query(question: str, programme_ids: list[int], fields: Sequence[str]) -> QuerySet:
    names = [f"g{n}" for n in range(len(fields))]
    return (
        Judgement.objects.counted()
        .filter(key_filter(question, "question__"), **{f"{CASE}inspection__programme_id__in": programme_ids})
        .annotate(**{name: groupings.expression(field, CASE) for name, field in zip(names, fields, strict=True)})
        .values(f"{CASE}inspection__programme_id", *names)
        .annotate(yes=Count("pk", filter=Q(option__scoring=AnswerOption.Scoring.ABOVE)), total=Count("pk"))
        .order_by()
        .values_list(f"{CASE}inspection__programme_id", *names, "yes", "total")
    )


_QUESTION = "\u00a7question\u00a7"  # stands for the question in the remembered SQL


@functools.lru_cache(maxsize=64)
def _patterns_sql(vendor: str, fields: tuple[str, ...], programmes: int) -> tuple[str, tuple]:
    """The pattern query's SQL, compiled once per groupings and number of programmes: building and
    compiling its CASE expressions cost more than running it at the bulletin's size (bench/analysis.py).
    Parameters are the compiled ones, the question and the programme ids standing as placeholders."""
    ids = [-(n + 1) for n in range(programmes)]  # no real id is negative
    sql, params = _patterns_query(_QUESTION, ids, fields).query.sql_with_params()
    return sql, tuple(params)


def pattern_counts(*, question: str, programmes: Sequence[Programme], fields: Sequence[str]) -> list[Pattern]:
    """One GROUP BY: (programme, the group key of each of ``fields``) → yes, counted cases."""
    if not programmes:
        return []
    sql, template = _patterns_sql(connection.vendor, tuple(fields), len(programmes))
    real = {_QUESTION: question, **{-(n + 1): p.pk for n, p in enumerate(programmes)}}
    params = [real.get(value, value) if isinstance(value, (str, int)) else value for value in template]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Pattern(
            programme_id,
            tuple(groupings.key_of_raw(field, raw) for field, raw in zip(fields, keys, strict=True)),
            int(yes),
            int(total),
        )
        for programme_id, *keys, yes, total in rows
    ]


def ordered_keys(field: str, found: set[str]) -> list[str]:
    """A grouping's groups in vocabulary order, ``unknown`` last: every fixed group (empty ones too),
    or for free fields the values found, sorted."""
    fixed = groupings.fixed_keys(field)
    if fixed is None:
        unknown = groupings.empty_key(field)
        keys = sorted(found - {unknown}, key=lambda k: (len(k), k) if k.isdigit() else (0, k))
        return keys + ([unknown] if unknown in found else [])
    extra = sorted(found - set(fixed))  # not expected: values outside the vocabulary
    keys = [k for k in fixed if k != groupings.UNKNOWN] + extra
    return keys + ([groupings.UNKNOWN] if groupings.UNKNOWN in fixed or groupings.UNKNOWN in found else [])


@dataclass(frozen=True)
class TableRow:
    group_by: str  # "all" or the grouping
    group: str  # "all" or the group key
    programme: str  # "all" or the programme's slug
    numerator: int
    denominator: int

    @property
    def score(self) -> Fraction | None:
        """The exact proportion above the line (0 to 1), None without a denominator."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def one_decimal(self) -> Decimal | None:
        """The percent to one decimal, half up from the exact value (None without a denominator)."""
        score = self.score
        return None if score is None else one_decimal_percent(score)

    @property
    def score_display(self) -> str:
        """``one_decimal`` as text: "74.5", or "" without a denominator."""
        value = self.one_decimal
        return "" if value is None else str(value)

    @property
    def group_label(self) -> str:
        return "All cases" if self.group_by == ALL else groupings.group_label(self.group_by, self.group)


@dataclass(frozen=True)
class ProgrammeTable:
    question: str
    programmes: tuple[str, ...]  # slugs, in the order given
    by: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def row(self, group_by: str, group: str, programme: str = ALL) -> TableRow | None:
        for row in self.rows:
            if (row.group_by, row.group, row.programme) == (group_by, group, programme):
                return row
        return None

    def groups(self, group_by: str) -> list[str]:
        """The group keys of one grouping, in the table's order."""
        return [r.group for r in self.rows if r.group_by == group_by and r.programme == ALL]


def programme_table(*, question: str, programmes: Sequence[Programme], by: Sequence[str] = ()) -> ProgrammeTable:
    """The table of one analysis question over ``programmes`` (one query). Raises ValueError for a
    grouping that is not a characteristic or a derived grouping."""
    programmes = list(dict.fromkeys(programmes))
    by = list(dict.fromkeys(by))
    unknown = [name for name in by if not is_valid_grouping(name)]
    if unknown:
        raise ValueError(f"not a case characteristic or derived grouping: {', '.join(unknown)}")
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    found: dict[str, set[str]] = {field: set() for field in by}
    for pattern in pattern_counts(question=question, programmes=programmes, fields=by):
        groups = [(ALL, ALL), *zip(by, pattern.keys, strict=True)]
        for group_by, group in groups:
            for target in (ALL, pattern.programme_id):
                cell = counts[(group_by, group, target)]
                cell[0] += pattern.yes
                cell[1] += pattern.total
        for field, key in groups[1:]:
            found[field].add(key)
    targets = [(ALL, ALL), *[(p.pk, p.slug) for p in programmes]]
    cells = [(ALL, ALL)] + [(field, key) for field in by for key in ordered_keys(field, found[field])]
    rows = []
    for group_by, group in cells:
        for target, name in targets:
            yes, total = counts.get((group_by, group, target), (0, 0))
            rows.append(TableRow(group_by, group, name, yes, total))
    return ProgrammeTable(question, tuple(p.slug for p in programmes), tuple(by), tuple(rows))
