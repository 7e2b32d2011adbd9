"""The breakdown's test of a difference between groups gives scipy's figures, however often it is asked."""

import math
import random

import pytest
from scipy import stats as scipy_stats

from reports.scoring import stats


def random_tables(count: int, seed: int = 12):
    rng = random.Random(seed)
    for _ in range(count):
        groups = rng.randint(2, 8)
        yield [(rng.randint(0, 60), rng.randint(0, 40)) for _ in range(groups)]


def test_the_chi_square_p_value_is_scipys_chi2_contingency_without_correction():
    compared = 0
    for table in random_tables(400):
        rows = [(a, b) for a, b in table if a + b]
        if len(rows) < 2 or not sum(a for a, _ in rows) or not sum(b for _, b in rows):
            continue
        expected = scipy_stats.chi2_contingency(rows, correction=False).pvalue
        assert math.isclose(stats.pearson_chi_square_p_value(rows), expected, rel_tol=1e-9, abs_tol=1e-300), rows
        compared += 1
    assert compared > 300


@pytest.mark.parametrize(
    ("counts", "test", "significant"),
    [
        ([(20, 0), (10, 10), (11, 9)], "chi-square", True),
        ([(30, 10), (28, 12), (31, 9)], "chi-square", False),
        ([(3, 1), (25, 15)], "fisher", False),
        ([(0, 6), (30, 2)], "fisher", True),
    ],
)
def test_group_difference_chooses_the_test_and_gives_scipys_p_value(counts, test, significant):
    result = stats.group_difference(counts)
    assert result.test == test
    assert result.significant is significant
    expected = (
        scipy_stats.fisher_exact(counts).pvalue
        if test == "fisher"
        else scipy_stats.chi2_contingency(counts, correction=False).pvalue
    )
    assert math.isclose(result.p_value, float(expected), rel_tol=1e-9)


def test_asking_again_gives_the_same_result_and_nothing_to_test_is_none():
    counts = [(12, 8), (5, 15), (0, 0)]
    assert stats.group_difference(counts) == stats.group_difference(list(counts))
    assert stats.group_difference(counts).groups_compared == 2
    assert stats.group_difference([(5, 0), (7, 0)]) is None  # every judgement above the line
    assert stats.group_difference([(5, 3), (0, 0)]) is None  # one group with a denominator
