"""The values the scoring service returns: dataclasses, looked up by code. Treat them as read-only.

The per-score classes (``Score`` and the four ``…Score`` levels) are slotted but not frozen: a
national breakdown builds ~25k of them, and a frozen dataclass's ``__init__`` (one
``object.__setattr__`` per field) doubled the service's Python time (bench/scoring.py).

A ``Score`` is one figure: for a question (or a pooled headline) its numerator and denominator;
for a general criterion, section or mean headline an unweighted mean of other scores. It keeps
the exact proportion and derives everything a page or an export shows from it, rounding once.
"""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from . import rounding, stats

NO_SCORE = "\u2013"  # an en dash, shown where there is no denominator: never 0%

LEVELS = ("question", "criterion", "section", "headline")


@dataclass(frozen=True)
class Band:
    """A rating band of the criteria set: applies to whole-percent scores >= ``min_score``."""

    min_score: int
    label: str


def band_for(whole_percent: int | None, bands: tuple[Band, ...]) -> Band | None:
    """The band of a whole-percent score: the one with the highest ``min_score`` not above it."""
    if whole_percent is None:
        return None
    fitting = [band for band in bands if band.min_score <= whole_percent]
    return max(fitting, key=lambda band: band.min_score) if fitting else None


@dataclass(slots=True)
class Score:
    """One score: the exact proportion (0..1) above the line, or no score.

    Counted scores (questions, pooled headlines) carry ``numerator``/``denominator`` (judgements
    above the line, and above + below) and their proportion is numerator/denominator; means
    (criteria, sections, mean headlines) carry the ``exact`` mean and ``parts``, the number of
    scores it was taken over. No denominator (or no part with a score) means no score.
    """

    exact: Fraction | None = None
    numerator: int | None = None
    denominator: int | None = None
    parts: int | None = None
    bands: tuple[Band, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_counts(cls, numerator: int, denominator: int, bands: tuple[Band, ...] = ()) -> "Score":
        return cls(None, numerator, denominator, bands=bands)

    @classmethod
    def of(cls, proportion: Fraction | None, bands: tuple[Band, ...] = ()) -> "Score":
        """A score from an exact proportion (e.g. the lowest of a programme's scores)."""
        return cls(proportion, bands=bands)

    @classmethod
    def mean_of(cls, scores: "list[Score]", bands: tuple[Band, ...] = ()) -> "Score":
        """The unweighted mean over the scores that exist (a score-less part is left out).

        Exact, in integer arithmetic over a common denominator (one Fraction, not one per part).
        """
        pairs = []
        for score in scores:
            if score.denominator is not None:
                if score.denominator:
                    pairs.append((score.numerator, score.denominator))
            elif score.exact is not None:
                pairs.append((score.exact.numerator, score.exact.denominator))
        if not pairs:
            return cls(None, parts=0, bands=bands)
        common = math.lcm(*(d for _, d in pairs))
        total = sum(n * (common // d) for n, d in pairs)
        return cls(Fraction(total, common * len(pairs)), parts=len(pairs), bands=bands)

    @classmethod
    def pooled(cls, scores: "list[Score]", bands: tuple[Band, ...] = ()) -> "Score":
        """Sum of numerators over sum of denominators."""
        return cls.from_counts(sum(s.numerator or 0 for s in scores), sum(s.denominator or 0 for s in scores), bands)

    @property
    def proportion(self) -> Fraction | None:
        """The exact proportion above the line (0..1), or None where there is no score."""
        if self.denominator is not None:
            return Fraction(self.numerator, self.denominator) if self.denominator else None
        return self.exact

    @property
    def has_score(self) -> bool:
        if self.denominator is not None:
            return self.denominator != 0
        return self.exact is not None

    @property
    def percent(self) -> Decimal | None:
        """The exact percent (to 6 decimals), e.g. 74.468085 for 35/47."""
        return None if self.proportion is None else rounding.percent_decimal(self.proportion)

    @property
    def whole_percent(self) -> int | None:
        """Whole percent rounded half up from the exact value (35/47 → 74, 84.5 → 85)."""
        if self.denominator is not None:  # counts: no Fraction to build (pages round thousands of scores)
            return rounding.whole_percent_of(self.numerator, self.denominator) if self.denominator else None
        return None if self.exact is None else rounding.whole_percent(self.exact)

    @property
    def one_decimal(self) -> Decimal | None:
        """Percent with one decimal, rounded half up from the exact value (exports)."""
        return None if self.proportion is None else rounding.one_decimal_percent(self.proportion)

    @property
    def display(self) -> str:
        """E.g. "74%"; NO_SCORE (an en dash) where there is no score; "<1%" for a score that rounds to
        0 but is not none (1 of 250 is not "0%"), ">99%" for one that rounds to 100 but is not all."""
        whole = self.whole_percent
        if whole is None:
            return NO_SCORE
        if whole == 0 and (self.numerator if self.denominator is not None else self.exact):
            return "<1%"
        if whole == 100 and (self.numerator < self.denominator if self.denominator is not None else self.exact < 1):
            return ">99%"
        return f"{whole}%"

    @property
    def counts_display(self) -> str:
        """ "35/47 (74%)" for counted scores, else the display: the en dash alone where nothing was
        counted (a group whose cases the question did not apply to, or none of them counted), never "0/0"."""
        if not self.denominator:
            return self.display
        return f"{self.numerator}/{self.denominator} ({self.display})"

    @property
    def band(self) -> Band | None:
        """The criteria set's rating band for the whole percent."""
        return band_for(self.whole_percent, self.bands)

    @property
    def band_label(self) -> str:
        band = self.band
        return band.label if band else ""

    @property
    def ci(self) -> tuple[float, float] | None:
        """95% Wilson interval (low, high) in percent for counted scores; None otherwise."""
        if self.denominator is None or not self.denominator:
            return None
        return stats.wilson_interval(self.numerator or 0, self.denominator)

    @property
    def ci_display(self) -> str:
        ci = self.ci
        return "" if ci is None else f"{rounding.measured(ci[0], 0)}\u2013{rounding.measured(ci[1], 0)}%"


@dataclass(slots=True)
class QuestionScore:
    code: str
    text: str  # the full text, with its group heading
    criterion_code: str
    section_code: str
    headline_codes: tuple[str, ...]
    score: Score
    level: str = "question"

    @property
    def title(self) -> str:
        return self.text


@dataclass(slots=True)
class CriterionScore:
    """A general criterion: unweighted mean of its questions' scores that exist."""

    code: str
    title: str
    section_code: str
    question_codes: tuple[str, ...]
    score: Score
    level: str = "criterion"


@dataclass(slots=True)
class SectionScore:
    """A section: unweighted mean of its general criteria's scores that exist."""

    code: str
    title: str
    criterion_codes: tuple[str, ...]
    score: Score
    level: str = "section"


@dataclass(slots=True)
class HeadlineScore:
    """A headline: mean of its tagged questions' scores, or pooled (``method`` "pooled")."""

    code: str
    title: str
    method: str
    question_codes: tuple[str, ...]
    score: Score
    level: str = "headline"


type AnyScore = QuestionScore | CriterionScore | SectionScore | HeadlineScore


class _MadeOnDemand:
    """A dataclass field's descriptor: the value given to ``__init__``, or when that is None the
    owner's ``_make_<name>()``, made on first reading and kept."""

    def __set_name__(self, owner, name):
        self.name, self.slot = name, f"_{name}_value"

    def __get__(self, instance, owner=None):
        if instance is None:
            return None  # the field's default
        value = instance.__dict__.get(self.slot)
        if value is None:
            value = instance.__dict__[self.slot] = getattr(instance, f"_make_{self.name}")()
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.slot] = value


@dataclass(frozen=True)
class InspectionScores:
    """Every score of an inspection over a set of cases, in criteria-set order.

    ``case_count``: the cases in the set (all the sample, a group of a breakdown, or the given
    ``case_ids``), whether or not they have counted judgements. ``include_in_progress`` says the
    figures are a preview including unfinished assessments.

    The question scores are kept as a table, ``question_counts`` ((numerator, denominator) per
    question of ``question_info``, in order), and made into ``QuestionScore``s when first asked
    for: a national breakdown has ~12k question cells, most of which no caller reads.
    """

    inspection_id: int
    inspection_slug: str
    inspection_name: str
    criteria_set_id: int
    include_in_progress: bool
    case_count: int
    bands: tuple[Band, ...]
    criteria: tuple[CriterionScore, ...]
    sections: tuple[SectionScore, ...]
    headlines: tuple[HeadlineScore, ...]
    question_counts: tuple[tuple[int, int], ...] = ()
    # The structure's questions (``structure.StructureQuestion``), and a maker of a counted Score
    # from (numerator, denominator) that gives one Score per distinct pair (scores are read-only).
    question_info: tuple = field(default=(), repr=False, compare=False)
    score_of: Callable[[int, int], Score] | None = field(default=None, repr=False, compare=False)
    # Given, or (None) made from the table when first read.
    questions: tuple[QuestionScore, ...] = _MadeOnDemand()

    def _make_questions(self) -> tuple[QuestionScore, ...]:
        score_of = self.score_of or (lambda n, d: Score(None, n, d, bands=self.bands))
        return tuple(
            QuestionScore(q.code, q.full_text, q.criterion_code, q.section_code, q.headline_codes, score_of(n, d))
            for q, (n, d) in zip(self.question_info, self.question_counts, strict=True)
        )

    @cached_property
    def _index(self) -> dict[tuple[str, str], AnyScore]:
        return {(item.level, item.code): item for item in self.all_items()}

    @cached_property
    def _position(self) -> dict[str, int]:
        return {q.code: i for i, q in enumerate(self.question_info)}

    def question_count(self, code: str) -> tuple[int, int]:
        """(numerator, denominator) of a question, without making its QuestionScore."""
        return self.question_counts[self._position[code]]

    def all_items(self) -> Iterator[AnyScore]:
        """Questions, criteria, sections, headlines: the export's level order."""
        yield from self.questions
        yield from self.criteria
        yield from self.sections
        yield from self.headlines

    def get(self, level: str, code: str) -> AnyScore | None:
        return self._index.get((level, code))

    def question(self, code: str) -> QuestionScore:
        return self._index[("question", code)]

    def criterion(self, code: str) -> CriterionScore:
        return self._index[("criterion", code)]

    def section(self, code: str) -> SectionScore:
        return self._index[("section", code)]

    def headline(self, code: str) -> HeadlineScore:
        return self._index[("headline", code)]

    def criteria_of(self, section_code: str) -> list[CriterionScore]:
        return [c for c in self.criteria if c.section_code == section_code]

    def questions_of(self, criterion_code: str) -> list[QuestionScore]:
        return [q for q in self.questions if q.criterion_code == criterion_code]
