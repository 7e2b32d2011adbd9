"""Hand-computed fixtures for every scoring rule of DOMAIN.md, on tests/data/small-criteria.yaml.

The small set: section A (criteria A.1: questions A.1.01 timeliness, A.1.02, A.1.03 high/very high
RoSH only; A.2: A.2.01 custody/licence only), section B (criterion B.1 with no questions);
headlines SAFE (mean of A.1.01, A.1.02, A.1.03) and COMP (pooled over A.1.01, A.2.01);
bands 75 Good, 50 Requires improvement, 0 Inadequate.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from reports.scoring import NO_SCORE, Band, Score, band_for, compare, compute_breakdown, compute_scores, rounding
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def test_question_score_counts_above_over_above_plus_below(inspection):
    for i, value in enumerate(["on_time", "on_time", "late", "no"]):
        judge(make_case(inspection, f"C{i}"), {"A.1.01": value})

    score = compute_scores(inspection=inspection).question("A.1.01").score

    assert (score.numerator, score.denominator) == (2, 4)
    assert score.display == "50%"


def test_excluded_answers_and_unanswered_questions_are_not_counted(inspection):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    judge(make_case(inspection, "C2"), {"A.1.02": "na"})
    judge(make_case(inspection, "C3"), {"A.1.02": None})
    judge(make_case(inspection, "C4"), {"A.1.02": "no"})

    score = compute_scores(inspection=inspection).question("A.1.02").score

    assert (score.numerator, score.denominator) == (1, 2)


def test_judgements_of_inapplicable_questions_are_not_counted(inspection):
    # A.1.03 applies to high/very high RoSH only; a judgement kept from before a RoSH change is flagged.
    judge(make_case(inspection, "C1", rosh="high"), {"A.1.03": "yes"})
    judge(make_case(inspection, "C2", rosh="low"), {"A.1.03": "no"})

    score = compute_scores(inspection=inspection).question("A.1.03").score

    assert (score.numerator, score.denominator) == (1, 1)


def test_a_question_without_a_denominator_has_no_score_never_zero(inspection):
    judge(make_case(inspection, "C1"), {"A.2.01": "na", "A.1.02": "na"})

    scores = compute_scores(inspection=inspection)
    score = scores.question("A.1.02").score

    assert (score.numerator, score.denominator) == (0, 0)
    assert score.proportion is None and score.whole_percent is None and score.one_decimal is None
    assert score.display == NO_SCORE == "\u2013"
    assert score.ci is None and score.band is None
    assert scores.question("A.2.01").score.display == NO_SCORE


def test_criterion_is_the_unweighted_mean_of_its_question_scores_that_exist(inspection):
    # A.1.01: 1/4 = 25%, A.1.02: 2/2 = 100%, A.1.03: no cases apply -> no score.
    # Criterion A.1 = (25 + 100) / 2 = 62.5 -> 63 (not the pooled 3/6 = 50).
    cases = [make_case(inspection, f"C{i}") for i in range(4)]
    judge(cases[0], {"A.1.01": "on_time", "A.1.02": "yes"})
    judge(cases[1], {"A.1.01": "late", "A.1.02": "yes"})
    judge(cases[2], {"A.1.01": "no"})
    judge(cases[3], {"A.1.01": "late"})

    criterion = compute_scores(inspection=inspection).criterion("A.1")

    assert criterion.score.proportion == Fraction(5, 8)
    assert criterion.score.parts == 2
    assert criterion.score.numerator is None and criterion.score.denominator is None
    assert criterion.score.display == "63%"


def test_section_is_the_unweighted_mean_of_its_criteria_and_an_empty_criterion_has_no_score(inspection):
    # A.1.02 3/4 = 75% (the only A.1 question with a score) ; A.2.01 1/3.
    # Section A = (75 + 33.33) / 2 = 54.17 -> 54. B.1 has no questions: no score, nor has section B.
    cases = [make_case(inspection, f"C{i}", sentence_type="licence") for i in range(4)]
    judge(cases[0], {"A.1.02": "yes", "A.2.01": "yes"})
    judge(cases[1], {"A.1.02": "yes", "A.2.01": "no"})
    judge(cases[2], {"A.1.02": "yes", "A.2.01": "no"})
    judge(cases[3], {"A.1.02": "no"})

    scores = compute_scores(inspection=inspection)

    assert scores.criterion("A.1").score.proportion == Fraction(3, 4)
    assert scores.section("A").score.proportion == (Fraction(3, 4) + Fraction(1, 3)) / 2
    assert scores.section("A").score.display == "54%"
    assert scores.criterion("B.1").score.display == NO_SCORE
    assert scores.section("B").score.display == NO_SCORE
    assert [c.code for c in scores.criteria_of("A")] == ["A.1", "A.2"]


def test_mean_headline_and_pooled_headline_differ_as_hand_computed(inspection):
    # A.1.01: 1/4 (25%), A.1.02: 1/1 (100%), A.2.01 (licence): 3/3 (100%).
    # SAFE (mean over A.1.01, A.1.02; A.1.03 has no score) = 62.5 -> 63.
    # COMP (pooled over A.1.01, A.2.01) = (1 + 3) / (4 + 3) = 57.14 -> 57; a mean would be 62.5.
    cases = [make_case(inspection, f"C{i}", sentence_type="licence") for i in range(4)]
    judge(cases[0], {"A.1.01": "on_time", "A.1.02": "yes", "A.2.01": "yes"})
    judge(cases[1], {"A.1.01": "late", "A.2.01": "yes"})
    judge(cases[2], {"A.1.01": "no", "A.2.01": "yes"})
    judge(cases[3], {"A.1.01": "late"})

    scores = compute_scores(inspection=inspection)
    safe, comp = scores.headline("SAFE"), scores.headline("COMP")

    assert safe.method == "mean" and safe.score.proportion == Fraction(5, 8) and safe.score.display == "63%"
    assert comp.method == "pooled" and (comp.score.numerator, comp.score.denominator) == (4, 7)
    assert comp.score.display == "57%"
    assert safe.question_codes == ("A.1.01", "A.1.02", "A.1.03")
    assert comp.question_codes == ("A.1.01", "A.2.01")


@pytest.mark.parametrize(
    ("numerator", "denominator", "whole", "one_decimal"),
    [
        (35, 47, 74, Decimal("74.5")),  # 74.468…: never 75 via a one-decimal 74.5
        (169, 200, 85, Decimal("84.5")),  # 84.5 exactly rounds half up
        (129, 200, 65, Decimal("64.5")),
        (1, 3, 33, Decimal("33.3")),
        (2, 3, 67, Decimal("66.7")),
        (0, 5, 0, Decimal("0.0")),
        (1, 8, 13, Decimal("12.5")),  # 12.5 -> 13, not banker's 12
        (1, 2000, 0, Decimal("0.1")),  # 0.05 -> 0.1 at one decimal
    ],
)
def test_rounding_is_half_up_and_once_from_the_exact_value(numerator, denominator, whole, one_decimal):
    score = Score.from_counts(numerator, denominator)
    assert score.whole_percent == whole
    assert score.one_decimal == one_decimal


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (60.25, 1, Decimal("60.3")),  # exactly halfway in binary: up, where round() gives 60.2
        (0.125, 2, Decimal("0.13")),  # round() gives 0.12
        (84.5, 0, Decimal("85")),  # round() gives 84
        (2.675, 2, Decimal("2.67")),  # just under halfway in binary: down, from the exact value
    ],
)
def test_measured_values_are_rounded_half_up_too(value, places, shown):
    """Confidence limits and p-values (``rounding.measured``): half up, never float round()'s half to even."""
    assert rounding.measured(value, places) == shown


def test_35_of_47_is_exactly_74_point_47_percent():
    assert Score.from_counts(35, 47).percent == Decimal("74.468085")


BANDS = (Band(80, "MINIMUM"), Band(65, "MODERATE"), Band(50, "SUBSTANTIAL"), Band(0, "DRASTIC"))


@pytest.mark.parametrize(
    ("numerator", "denominator", "label"),
    [
        (169, 200, "MINIMUM"),  # 84.5 -> 85
        (159, 200, "MINIMUM"),  # 79.5 -> 80: the band edge on the whole percent
        (158, 200, "MODERATE"),  # 79.0
        (129, 200, "MODERATE"),  # 64.5 -> 65
        (128, 200, "SUBSTANTIAL"),  # 64.0
        (99, 200, "SUBSTANTIAL"),  # 49.5 -> 50
        (98, 200, "DRASTIC"),
    ],
)
def test_bands_apply_to_the_whole_percent(numerator, denominator, label):
    assert Score.from_counts(numerator, denominator, BANDS).band_label == label


def test_band_of_a_mean_score_uses_its_whole_percent():
    # (64% + 65%) / 2 = 64.5 -> 65: MODERATE.
    score = Score.mean_of([Score.from_counts(16, 25), Score.from_counts(13, 20)], BANDS)
    assert score.whole_percent == 65 and score.band_label == "MODERATE"
    assert band_for(None, BANDS) is None


def test_bands_come_from_the_criteria_set(inspection):
    for i in range(4):
        judge(make_case(inspection, f"C{i}"), {"A.1.02": "yes" if i < 3 else "no"})

    score = compute_scores(inspection=inspection).question("A.1.02").score

    assert score.whole_percent == 75 and score.band_label == "Good"


def test_wilson_interval_of_a_question_score():
    low, high = Score.from_counts(35, 47).ci
    # Wilson 95% for 35/47: 60.5% to 84.7% (hand-checked with the closed formula).
    assert low == pytest.approx(60.47, abs=0.05)
    assert high == pytest.approx(84.75, abs=0.05)
    assert Score.from_counts(0, 10).ci[0] == pytest.approx(0, abs=1e-9)
    assert Score.mean_of([Score.from_counts(1, 2)]).ci is None


def test_in_progress_work_is_excluded_by_default_and_included_in_the_preview(inspection):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    judge(make_case(inspection, "C2"), {"A.1.02": "no"}, status="in_progress")
    judge(make_case(inspection, "C3"), {"A.1.02": "no"}, status="returned")

    assert compute_scores(inspection=inspection).question("A.1.02").score.denominator == 1
    preview = compute_scores(inspection=inspection, include_in_progress=True)
    assert preview.include_in_progress
    assert (preview.question("A.1.02").score.numerator, preview.question("A.1.02").score.denominator) == (1, 3)


def test_only_the_primary_assessment_counts(inspection):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"})
    judge(case, {"A.1.02": "no"}, primary=False)

    assert compute_scores(inspection=inspection).question("A.1.02").score.denominator == 1


def test_another_inspections_judgements_never_count(inspection, other_inspection):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    judge(make_case(other_inspection, "C1"), {"A.1.02": "no"})

    assert compute_scores(inspection=inspection).question("A.1.02").score.counts_display == "1/1 (100%)"


def test_scores_over_a_subset_of_cases(inspection):
    c1, c2, c3 = (make_case(inspection, f"C{i}") for i in range(3))
    judge(c1, {"A.1.02": "yes"})
    judge(c2, {"A.1.02": "no"})
    judge(c3, {"A.1.02": "no"})

    subset = compute_scores(inspection=inspection, case_ids=[c1.pk, c2.pk])

    assert subset.case_count == 2
    assert (subset.question("A.1.02").score.numerator, subset.question("A.1.02").score.denominator) == (1, 2)


def test_unit_breakdown_shows_every_unit_with_its_case_count_even_without_cases(inspection):
    judge(make_case(inspection, "C1", unit="North"), {"A.1.02": "yes"})
    judge(make_case(inspection, "C2", unit="North"), {"A.1.02": "no"})
    judge(make_case(inspection, "C3", unit="South"), {"A.1.02": "yes"})
    factories.UnitFactory(inspection=inspection, name="West")

    breakdown = compute_breakdown(inspection=inspection, by="unit")

    assert [(g.key, g.case_count) for g in breakdown.groups] == [("North", 2), ("South", 1), ("West", 0)]
    assert breakdown.group("North").scores.question("A.1.02").score.counts_display == "1/2 (50%)"
    assert breakdown.group("West").scores.question("A.1.02").score.display == NO_SCORE
    assert breakdown.overall.question("A.1.02").score.counts_display == "2/3 (67%)"
    assert breakdown.overall.case_count == 3


def test_derived_breakdown_lists_every_group_and_empty_groups_have_no_score(inspection):
    judge(make_case(inspection, "C1", rosh="high"), {"A.1.02": "yes", "A.1.03": "no"})
    judge(make_case(inspection, "C2", rosh="very_high"), {"A.1.02": "yes", "A.1.03": "yes"})
    judge(make_case(inspection, "C3", rosh="low"), {"A.1.02": "no"})

    breakdown = compute_breakdown(inspection=inspection, by="rosh_band")

    assert [(g.key, g.case_count) for g in breakdown.groups] == [
        ("low", 1),
        ("medium", 0),
        ("high_very_high", 2),
        ("unknown", 0),
    ]
    high = breakdown.group("high_very_high").scores
    assert high.question("A.1.03").score.counts_display == "1/2 (50%)"
    assert high.question("A.1.02").score.counts_display == "2/2 (100%)"
    assert breakdown.group("medium").scores.headline("SAFE").score.display == NO_SCORE
    assert breakdown.group("high_very_high").label == "High or very high"


def test_characteristic_breakdown_puts_empty_values_in_unknown(inspection):
    judge(make_case(inspection, "C1", gender="female"), {"A.1.02": "yes"})
    judge(make_case(inspection, "C2", gender=""), {"A.1.02": "no"})
    judge(make_case(inspection, "C3", gender="unknown"), {"A.1.02": "no"})

    breakdown = compute_breakdown(inspection=inspection, by="gender")

    assert [(g.key, g.case_count) for g in breakdown.groups] == [
        ("male", 0),
        ("female", 1),
        ("other", 0),
        ("unknown", 2),
    ]
    assert breakdown.group("unknown").scores.question("A.1.02").score.counts_display == "0/2 (0%)"


def test_free_text_breakdown_groups_are_the_values_in_the_sample(inspection):
    judge(make_case(inspection, "C1", offence_type="Drug offences"), {"A.1.02": "yes"})
    judge(make_case(inspection, "C2", offence_type=""), {"A.1.02": "no"})
    make_case(inspection, "C3", offence_type="Burglary")

    breakdown = compute_breakdown(inspection=inspection, by="offence_type")

    assert [(g.key, g.case_count) for g in breakdown.groups] == [
        ("Burglary", 1),
        ("Drug offences", 1),
        ("unknown", 1),
    ]


def test_unknown_breakdown_is_refused(inspection):
    with pytest.raises(ValueError, match="Unknown breakdown"):
        compute_breakdown(inspection=inspection, by="shoe_size")


def test_comparison_gives_percentage_points_matched_by_code(inspection, small_set):
    previous = factories.InspectionFactory(slug="northshire-2024", name="Northshire 2024", criteria_set=small_set)
    for i in range(4):  # previous A.1.02: 3/4 = 75%
        judge(make_case(previous, f"P{i}"), {"A.1.02": "yes" if i < 3 else "no"})
    for i in range(5):  # current A.1.02: 4/5 = 80%
        judge(make_case(inspection, f"C{i}"), {"A.1.02": "yes" if i < 4 else "no"})

    comparison = compare(compute_scores(inspection=inspection), compute_scores(inspection=previous))
    change = comparison.change("question", "A.1.02")

    assert change.matched and change.points == Decimal(5) and change.display == "+5 points"
    assert comparison.change("question", "A.1.01").display == NO_SCORE  # no score on either side
    assert comparison.change("headline", "SAFE").points == Decimal(5)


def test_comparison_shows_codes_missing_from_the_previous_inspection_as_unmatched(inspection, small_set):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    current = compute_scores(inspection=inspection)
    # A previous scoring without question A.1.02 and with an extra question X.9.
    import dataclasses

    fake_question = dataclasses.replace(current.question("A.1.01"), code="X.9")
    previous = dataclasses.replace(
        current, questions=(*[q for q in current.questions if q.code != "A.1.02"], fake_question)
    )

    comparison = compare(current, previous)

    assert not comparison.change("question", "A.1.02").matched
    assert comparison.change("question", "A.1.02").display == "not in previous"
    assert ("question", "X.9") in [(level, code) for level, code, _ in comparison.only_in_previous]


@pytest.mark.parametrize("denominator", [1, 2, 5, 13, 47, 120, 300])
def test_wilson_interval_matches_scipys_binomtest_for_every_numerator(denominator):
    from scipy.stats import binomtest

    for numerator in range(denominator + 1):
        expected = binomtest(numerator, denominator).proportion_ci(confidence_level=0.95, method="wilson")
        low, high = Score.from_counts(numerator, denominator).ci
        assert low == pytest.approx(expected.low * 100, abs=1e-9)
        assert high == pytest.approx(expected.high * 100, abs=1e-9)
