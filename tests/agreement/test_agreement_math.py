"""Percent agreement and Cohen's kappa, exact and rounded half up, against hand-computed examples and
a textbook reference (the confusion-matrix formula)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from reports.scoring.agreement import band, cohens_kappa, percent_agreement, round_half_up


def rounded(pairs):
    agreement, kappa = percent_agreement(pairs), cohens_kappa(pairs)
    return (
        None if agreement is None else round_half_up(agreement, 1),
        None if kappa is None else round_half_up(kappa, 3),
    )


def test_perfect_agreement_is_100_percent_and_kappa_one():
    assert rounded([("yes", "yes"), ("no", "no"), ("yes", "yes")]) == (Decimal("100.0"), Decimal("1.000"))


def test_agreement_no_better_than_chance_has_kappa_zero():
    # po = 2/4, pe = (2*2 + 2*2)/16 = 1/2
    pairs = [("yes", "yes"), ("yes", "no"), ("no", "yes"), ("no", "no")]
    assert rounded(pairs) == (Decimal("50.0"), Decimal("0.000"))
    assert band(Decimal("0.000")) == "Slight"


def test_one_category_only_leaves_kappa_undefined():
    assert rounded([("yes", "yes")] * 3) == (Decimal("100.0"), None)
    assert band(None) == ""


def test_unbalanced_categories():
    # 20 pairs: yes/yes 15, yes/no 2, no/yes 1, no/no 2. po = 17/20; first marker 17 yes 3 no,
    # second 16 yes 4 no: pe = (17*16 + 3*4)/400 = 284/400; kappa = (0.85 - 0.71)/0.29 = 14/29 = 0.48275…
    pairs = [("yes", "yes")] * 15 + [("yes", "no")] * 2 + [("no", "yes")] + [("no", "no")] * 2
    assert cohens_kappa(pairs) == Fraction(14, 29)
    assert rounded(pairs) == (Decimal("85.0"), Decimal("0.483"))
    assert band(Decimal("0.483")) == "Moderate"


def test_complete_disagreement_is_poor():
    assert rounded([("yes", "no"), ("no", "yes")]) == (Decimal("0.0"), Decimal("-1.000"))
    assert band(Decimal("-1.000")) == "Poor"


def test_rounding_is_half_up_once_from_the_exact_value():
    assert round_half_up(Fraction(100, 16), 1) == Decimal("6.3")  # 6.25: banker's rounding would say 6.2
    assert round_half_up(Fraction(200, 3), 1) == Decimal("66.7")
    assert round_half_up(Fraction(1, 2000), 3) == Decimal("0.001")  # 0.0005
    assert round_half_up(Fraction(-1, 2000), 3) == Decimal("-0.001")  # halves away from zero
    assert str(round_half_up(Fraction(1), 3)) == "1.000"


def test_bands_follow_landis_and_koch():
    assert [band(Decimal(v)) for v in ["0.200", "0.210", "0.400", "0.410", "0.600", "0.610", "0.800", "0.810"]] == [
        "Slight",
        "Fair",
        "Fair",
        "Moderate",
        "Moderate",
        "Substantial",
        "Substantial",
        "Almost perfect",
    ]


def test_no_pairs_gives_no_figures():
    assert rounded([]) == (None, None)


def reference_kappa(pairs):
    """The textbook definition: observed agreement po, chance agreement pe = Σ over the categories
    of the product of the two markers' proportions, kappa = (po - pe) / (1 - pe)."""
    n = len(pairs)
    categories = sorted({c for pair in pairs for c in pair})
    po = Fraction(sum(a == b for a, b in pairs), n)
    pe = sum(
        (Fraction(sum(a == c for a, _ in pairs), n) * Fraction(sum(b == c for _, b in pairs), n) for c in categories),
        Fraction(0),
    )
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1, max_size=60))
def test_kappa_matches_the_textbook_formula(pairs):
    assert cohens_kappa(pairs) == reference_kappa(pairs)
    kappa = cohens_kappa(pairs)
    if kappa is not None:
        assert -1 <= kappa <= 1
        expected = Decimal(kappa.numerator) / Decimal(kappa.denominator)
        assert abs(round_half_up(kappa, 3) - expected) <= Decimal("0.0005")
    agreement = percent_agreement(pairs)
    assert agreement == Fraction(100 * sum(a == b for a, b in pairs), len(pairs))
