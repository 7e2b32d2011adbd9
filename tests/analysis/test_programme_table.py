"""The pooled programme table: counts by the scoring rules, across criteria sets, in one query."""

from fractions import Fraction

import pytest

from reports.analysis import programme_table
from tests.analysis.conftest import QUESTION


def cells(table, group_by):
    return {(r.group, r.programme): (r.numerator, r.denominator) for r in table.rows if r.group_by == group_by}


def test_counts_submitted_primary_answers_matched_by_analysis_key_across_criteria_sets(pooled):
    table = programme_table(question=QUESTION, programmes=[pooled.omi2, pooled.qi])

    assert cells(table, "all") == {("all", "all"): (5, 8), ("all", "omi2"): (3, 5), ("all", "qi"): (2, 3)}


def test_groups_come_in_vocabulary_order_with_unknown_last_and_empty_groups_kept(pooled):
    table = programme_table(question=QUESTION, programmes=[pooled.omi2, pooled.qi], by=["gender", "rosh_band"])

    assert table.groups("gender") == ["male", "female", "other", "unknown"]
    assert table.groups("rosh_band") == ["low", "medium", "high_very_high", "unknown"]
    assert cells(table, "gender") == {
        ("male", "all"): (3, 5),
        ("male", "omi2"): (2, 3),
        ("male", "qi"): (1, 2),
        ("female", "all"): (1, 2),
        ("female", "omi2"): (0, 1),
        ("female", "qi"): (1, 1),
        ("other", "all"): (0, 0),
        ("other", "omi2"): (0, 0),
        ("other", "qi"): (0, 0),
        ("unknown", "all"): (1, 1),
        ("unknown", "omi2"): (1, 1),
        ("unknown", "qi"): (0, 0),
    }
    assert cells(table, "rosh_band")[("high_very_high", "all")] == (1, 3)


def test_rows_follow_the_binding_order(pooled):
    table = programme_table(question=QUESTION, programmes=[pooled.qi, pooled.omi2], by=["mappa"])

    assert [(r.group_by, r.group, r.programme) for r in table.rows] == [
        ("all", "all", "all"),
        ("all", "all", "qi"),
        ("all", "all", "omi2"),
        *[("mappa", group, p) for group in ("yes", "no", "unknown") for p in ("all", "qi", "omi2")],
    ]


def test_score_is_exact_and_shown_to_one_decimal_half_up(pooled):
    row = programme_table(question=QUESTION, programmes=[pooled.omi2, pooled.qi]).row("all", "all", "qi")

    assert row.score == Fraction(2, 3)
    assert row.score_display == "66.7"
    assert programme_table(question=QUESTION, programmes=[pooled.empty]).row("all", "all").score_display == ""


def test_a_programme_with_no_cases_has_rows_with_no_score(pooled):
    table = programme_table(question=QUESTION, programmes=[pooled.omi2, pooled.empty], by=["gender"])

    assert cells(table, "all") == {("all", "all"): (3, 5), ("all", "omi2"): (3, 5), ("all", "pilot"): (0, 0)}


def test_an_unknown_question_has_no_cases(pooled):
    assert programme_table(question="NOPE", programmes=[pooled.omi2]).row("all", "all").denominator == 0


def test_an_unknown_grouping_is_refused(pooled):
    with pytest.raises(ValueError, match="unit"):
        programme_table(question=QUESTION, programmes=[pooled.omi2], by=["unit"])


def test_one_query_whatever_the_number_of_inspections_and_groupings(pooled, django_assert_num_queries):
    # The one GROUP BY over (programme, each grouping) of the counted judgements.
    with django_assert_num_queries(1):
        programme_table(
            question=QUESTION,
            programmes=[pooled.omi2, pooled.qi, pooled.empty],
            by=["gender", "age_group", "bame", "supervision", "rosh_band", "mappa", "offence_type"],
        )
