"""Scores side by side: a breakdown's groups, a comparison with the previous inspection, a programme.

The single inspection's score values are in ``types``; these put several of them together.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.utils.translation import ngettext

from . import rounding, stats
from .types import NO_SCORE, InspectionScores, Score


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: a unit, or a value of a characteristic or derived grouping."""

    key: str  # the unit name or value, as in the scores export's ``group`` column
    label: str
    case_count: int
    scores: InspectionScores


@dataclass(frozen=True)
class Breakdown:
    """Scores of each group of ``by`` side by side, with the whole sample in ``overall``.

    ``by`` is "unit", a characteristic field (``sentence_type``, ``rosh``, ``gender`` …) or a
    derived grouping (``age_group``, ``bame``, ``supervision``, ``rosh_band``, ``mappa``).
    Every group of a fixed vocabulary appears, with no score where it has no cases.
    """

    by: str
    label: str
    overall: InspectionScores
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)

    @property
    def label_in_sentence(self) -> str:
        """The label inside a sentence ("Scores by sentence type"), keeping acronyms (RoSH, PPO)."""
        first, _, rest = self.label.partition(" ")
        if first[1:] == first[1:].lower():
            first = first.lower()
        return f"{first} {rest}" if rest else first

    @cached_property
    def significance(self) -> dict[str, stats.GroupDifference | None]:
        """Question code → the test of a difference between groups (None when nothing to test)."""
        result = {}
        for question in self.overall.question_info:
            counts = []
            for group in self.groups:
                numerator, denominator = group.scores.question_count(question.code)
                counts.append((numerator, denominator - numerator))
            result[question.code] = stats.group_difference(counts)
        return result

    def is_significant(self, question_code: str) -> bool:
        difference = self.significance.get(question_code)
        return bool(difference and difference.significant)


@dataclass(frozen=True)
class Change:
    """One score against the previous inspection's score with the same level and code.

    ``points``: change in percentage points of the exact scores (None when either has no score
    or the code is unmatched). ``matched`` is False when the previous inspection has no such code.
    """

    level: str
    code: str
    title: str
    current: Score
    previous: Score | None
    matched: bool

    @property
    def _both_scored(self) -> bool:
        """Matched, and both scores have a value (checked without building their Fractions)."""
        return self.matched and self.previous is not None and self.previous.has_score and self.current.has_score

    @property
    def points(self) -> Decimal | None:
        if not self._both_scored:
            return None
        return rounding.percent_decimal(self.current.proportion - self.previous.proportion)

    @property
    def whole_points(self) -> int | None:
        """Change between the whole percents as the two reports show them (e.g. 73% → 81%: +8)."""
        if not self._both_scored:
            return None
        return self.current.whole_percent - self.previous.whole_percent

    @property
    def display(self) -> str:
        if not self.matched:
            return "not in previous"
        points = self.whole_points
        if points is None:
            return NO_SCORE
        return ngettext("%(n)+d point", "%(n)+d points", abs(points)) % {"n": points} if points else "no change"


@dataclass(frozen=True)
class Figure:
    """A score as the report shows it, with its change from the original inspection (reinspections)."""

    score: Score
    change: Change | None = None

    @property
    def display(self) -> str:
        return self.score.display

    @property
    def band_label(self) -> str:
        return self.score.band_label

    @property
    def numerator(self) -> int | None:
        return self.score.numerator

    @property
    def denominator(self) -> int | None:
        return self.score.denominator

    @property
    def has_score(self) -> bool:
        return self.score.has_score

    @property
    def previous_display(self) -> str:
        if self.change is None or not self.change.matched or self.change.previous is None:
            return ""
        return self.change.previous.display

    @property
    def change_display(self) -> str:
        """ "+8", a minus sign and 3, "0", the no-score dash, or "new" (not in the original inspection)."""
        if self.change is None:
            return ""
        if not self.change.matched:
            return "new"
        points = self.change.whole_points
        if points is None:
            return NO_SCORE
        return f"+{points}" if points > 0 else (f"\u2212{-points}" if points < 0 else "0")


@dataclass(frozen=True)
class Comparison:
    """Each current score matched by level and code with the previous inspection's."""

    current: InspectionScores
    previous: InspectionScores
    changes: tuple[Change, ...]
    # (level, code, title) of previous scores with no match in the current inspection.
    only_in_previous: tuple[tuple[str, str, str], ...]

    @cached_property
    def _index(self) -> dict[tuple[str, str], Change]:
        return {(c.level, c.code): c for c in self.changes}

    def change(self, level: str, code: str) -> Change | None:
        return self._index.get((level, code))


@dataclass(frozen=True)
class ProgrammeRow:
    """One score (headline or general criterion) across the inspections of a programme."""

    level: str
    code: str
    title: str
    scores: tuple[Score, ...]  # one per inspection, in the programme's order

    @property
    def _present(self) -> list[Fraction]:
        return [s.proportion for s in self.scores if s.proportion is not None]

    @property
    def lowest(self) -> Score:
        present = self._present
        return Score.of(min(present) if present else None, self.scores[0].bands if self.scores else ())

    @property
    def highest(self) -> Score:
        present = self._present
        return Score.of(max(present) if present else None, self.scores[0].bands if self.scores else ())

    @property
    def average(self) -> Score:
        """Unweighted mean over the inspections that have a score."""
        return Score.mean_of(list(self.scores), bands=self.scores[0].bands if self.scores else ())


@dataclass(frozen=True)
class Programme:
    """Inspections sharing a criteria set side by side: "the regions inspected to date"."""

    criteria_set_id: int
    inspections: tuple[InspectionScores, ...]
    headlines: tuple[ProgrammeRow, ...]
    criteria: tuple[ProgrammeRow, ...]
