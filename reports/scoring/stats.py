"""Statistics for scores, from scipy (a kept library, not hand-written formulas).

- ``wilson_interval``: the 95% Wilson score interval of a proportion k/n.
- ``group_difference``: whether a question's score differs between the groups of a breakdown:
  Fisher's exact test for a 2x2 table with a small expected count, Pearson's chi-square otherwise.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from scipy import special as _special
from scipy import stats as _stats

SIGNIFICANCE_LEVEL = 0.05
# Below this expected count the chi-square approximation is unreliable (Cochran's rule).
SMALL_EXPECTED_COUNT = 5


@lru_cache(maxsize=8)
def _z(confidence: float) -> float:
    return float(_stats.norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(numerator: int, denominator: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """The Wilson score interval of numerator/denominator as percents (low, high); None without a denominator.

    This is the interval of ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`` (the
    tests hold it to scipy's), in closed form with scipy's normal quantile: ``binomtest`` also
    computes an exact p-value, about 2 ms a call, which a page of 90 questions cannot afford.
    """
    if not denominator:
        return None
    z = _z(confidence)
    n, p = denominator, numerator / denominator
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return (max(0.0, (centre - spread) / scale) * 100, min(1.0, (centre + spread) / scale) * 100)


@dataclass(frozen=True)
class GroupDifference:
    """The result of testing one question's above/below counts across the groups of a breakdown.

    ``test`` is "fisher" or "chi-square"; ``groups_compared`` counts the groups with a denominator;
    ``small_counts`` warns that some expected count is below 5 in a table larger than 2x2, where
    chi-square is only indicative.
    """

    test: str
    p_value: float
    groups_compared: int
    small_counts: bool = False

    @property
    def significant(self) -> bool:
        return self.p_value < SIGNIFICANCE_LEVEL


def group_difference(counts: list[tuple[int, int]]) -> GroupDifference | None:
    """Test whether the proportion above the line differs between groups.

    ``counts``: one (above, below) pair per group. Groups without a denominator are left out;
    with fewer than two groups left, or when every judgement is on one side of the line, there is
    nothing to test and the result is None.

    Results are kept per table (a breakdown page tests ~100 tables, the same ones each time it is
    shown; scipy's Fisher test takes about 0.4 ms a table).
    """
    return _group_difference(tuple((int(above), int(below)) for above, below in counts))


def pearson_chi_square_p_value(table: list[tuple[int, int]]) -> float:
    """The p-value of Pearson's chi-square test of independence of a groups x 2 table with no empty
    row or column: ``scipy.stats.chi2_contingency(table, correction=False).pvalue`` (the tests hold it
    to scipy's), with the statistic summed here and scipy's chi-square survival function
    (``scipy.special.chdtrc``): ``chi2_contingency`` validates and builds arrays for about 0.9 ms a
    call, which a breakdown of 90 questions, each group also against the rest, cannot afford."""
    total_above = sum(a for a, _ in table)
    total_below = sum(b for _, b in table)
    total = total_above + total_below
    statistic = 0.0
    for above, below in table:
        row = above + below
        expected_above, expected_below = row * total_above / total, row * total_below / total
        statistic += (above - expected_above) ** 2 / expected_above + (below - expected_below) ** 2 / expected_below
    return float(_special.chdtrc(len(table) - 1, statistic))


@lru_cache(maxsize=16384)
def _group_difference(counts: tuple[tuple[int, int], ...]) -> GroupDifference | None:
    table = [(above, below) for above, below in counts if above + below > 0]
    if len(table) < 2:
        return None
    total_above = sum(a for a, _ in table)
    total_below = sum(b for _, b in table)
    if total_above == 0 or total_below == 0:
        return None
    total = total_above + total_below
    smallest_expected = min(
        min(a + b for a, b in table) * total_above / total,
        min(a + b for a, b in table) * total_below / total,
    )
    small = smallest_expected < SMALL_EXPECTED_COUNT
    if len(table) == 2 and small:
        result = _stats.fisher_exact(table)
        return GroupDifference("fisher", float(result.pvalue), 2)
    return GroupDifference("chi-square", pearson_chi_square_p_value(table), len(table), small_counts=small)


def group_versus_rest(counts: list[tuple[int, int]]) -> list[GroupDifference | None]:
    """Each group against the rest of the sample: ``group_difference`` of the 2x2 table (this
    group's above/below, all the other groups' together), one result per group in order; None for a
    group without a denominator or where there is nothing to test.

    Which groups a breakdown's chart marks: a question whose score differs between the groups
    (``group_difference`` over them all) may owe it to one group or several; this names them.
    """
    total_above = sum(above for above, _ in counts)
    total_below = sum(below for _, below in counts)
    return [
        group_difference([(above, below), (total_above - above, total_below - below)]) if above + below else None
        for above, below in counts
    ]


# An inspection with fewer submitted cases than this is marked "too few to compare" beside others:
# at 20 cases a score of 75% has a 95% Wilson interval of about 53% to 89%, wider than two
# rating bands (15 points each in the shipped set), and it widens quickly below. The same 20 is where the
# report's sentences start to say "in all but n of the N cases" (reports/wording.py).
MIN_CASES_TO_COMPARE = 20
