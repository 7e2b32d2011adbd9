"""Rounding of scores as the reports show them (DOMAIN.md, "Rounding").

Scores are kept exact (``fractions.Fraction`` proportions between 0 and 1) and rounded once, half
up, from the exact value: 35/47 = 74.468…% shows as 74% (never via a one-decimal 74.5), and
84.5% shows as 85%. Measured values that are not proportions of counts (confidence limits,
p-values) are rounded half up here too, from their exact binary value (``measured``), never with
float ``round()`` (which rounds half to even).
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_ONE_DECIMAL = Decimal("0.1")


def half_up(numerator: int, denominator: int, scale: int) -> int:
    """floor(numerator / denominator · scale + 1/2), in whole numbers (``denominator`` > 0): the
    exact value rounded half up once, to 1/``scale``.

    The same value as the Fraction expression, without building Fractions: a scores page rounds
    thousands of scores, and Fraction arithmetic made this a fifth of its time (bench/pages.py)."""
    return (2 * scale * numerator + denominator) // (2 * denominator)


def whole_percent_of(numerator: int, denominator: int) -> int:
    """``whole_percent(Fraction(numerator, denominator))`` for counts (``denominator`` > 0)."""
    return half_up(numerator, denominator, 100)


def share_display(count: int, total: int) -> str:
    """A count's share of a total as a table prints it beside the count: "37%"; "<1%" for a share
    that rounds to 0 but is not none (1 case of 250 is not "1 / 0%"), ">99%" for one that rounds to
    100 but is not all; the en dash when the total is 0."""
    if not total:
        return "\u2013"
    whole = whole_percent_of(count, total)
    if count and whole == 0:
        return "<1%"
    if count < total and whole == 100:
        return ">99%"
    return f"{whole}%"


def whole_percent(proportion: Fraction) -> int:
    """The whole percent, rounded half up from the exact proportion: 35/47 → 74, 169/200 → 85."""
    return half_up(proportion.numerator, proportion.denominator, 100)


def one_decimal_percent(proportion: Fraction) -> Decimal:
    """The percent to one decimal place, rounded half up from the exact proportion (exports)."""
    tenths = half_up(proportion.numerator, proportion.denominator, 1000)
    return (Decimal(tenths) / 10).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent_decimal(proportion: Fraction, places: int = 6) -> Decimal:
    """The exact percent as a Decimal to ``places`` decimals (display and comparisons)."""
    scale = 10**places
    units = half_up(proportion.numerator, proportion.denominator, 100 * scale)
    return Decimal(units) / scale


def measured(value: float, places: int) -> Decimal:
    """A measured value (a confidence limit in percent, a p-value) to ``places`` decimals, rounded
    half up from the float's exact value: 60.25 → 60.3 at one place."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
