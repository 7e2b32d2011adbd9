"""The report's data as the PDF templates read it: plain, frozen values (no queries while rendering)."""

import datetime
from dataclasses import dataclass

from django.utils.text import slugify

from ..models import NotableExample
from ..scoring import NO_SCORE, Change, Score
from .charts import Chart


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
class QuestionRow:
    code: str
    text: str  # without its group heading
    group: str  # the shared heading, e.g. "The analysis accurately reflected RoH:"
    group_starts: bool  # first question of a run under the same heading
    full_text: str
    figure: Figure
    by_unit: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class CriterionBlock:
    code: str
    title: str
    statement: str
    figure: Figure
    questions: tuple[QuestionRow, ...]
    strengths: tuple[tuple[str, str], ...]
    improvements: tuple[tuple[str, str], ...]

    @property
    def anchor(self) -> str:
        return "criterion-" + slugify(self.code.replace(".", "-"))

    @property
    def is_case_based(self) -> bool:
        return bool(self.questions)


@dataclass(frozen=True)
class SectionBlock:
    code: str
    title: str
    figure: Figure
    criteria: tuple[CriterionBlock, ...]

    @property
    def anchor(self) -> str:
        return "section-" + slugify(self.code.replace(".", "-"))

    @property
    def is_case_based(self) -> bool:
        return any(c.is_case_based for c in self.criteria)


@dataclass(frozen=True)
class HeadlineBlock:
    code: str
    title: str
    method: str
    figure: Figure
    question_count: int


@dataclass(frozen=True)
class UnitTable:
    """One Appendix 1 table: the whole sample and a few units side by side."""

    columns: tuple[tuple[str, int], ...]  # (name, cases) — the first is the whole sample
    criteria: tuple[tuple[str, str, tuple[tuple[QuestionRow, tuple[Figure, ...]], ...]], ...]

    @property
    def span(self) -> int:
        return 2 * len(self.columns) + 1


@dataclass(frozen=True)
class ScoringApproach:
    case_sections: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    other_sections: tuple[tuple[str, str], ...]
    scales: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (scale code, ((option label, scoring), …))
    headlines: tuple[tuple[str, str, int, str], ...]  # (title, method, questions, "sections 1 and 2")
    bands: tuple[tuple[int, int | None, str], ...]  # (lowest, highest or None, label)
    question_count: int


@dataclass(frozen=True)
class ReportData:
    inspection_name: str
    inspection_slug: str
    area: str
    criteria_set: str
    fieldwork: str
    previous_name: str
    version_number: int
    is_draft: bool
    generated_at: datetime.datetime
    case_count: int
    counted_case_count: int
    foreword: tuple[str, ...]
    recommendations: tuple[str, ...]
    notable_examples: tuple[NotableExample, ...]
    headlines: tuple[HeadlineBlock, ...]
    sections: tuple[SectionBlock, ...]
    unit_tables: tuple[UnitTable, ...]
    units: tuple[tuple[str, int], ...]
    charts: tuple[Chart, ...]
    scoring: ScoringApproach
    glossary: tuple[tuple[str, str], ...]
    unscored_note: str = ""

    @property
    def is_reinspection(self) -> bool:
        return bool(self.previous_name)

    @property
    def case_sections(self) -> tuple[SectionBlock, ...]:
        return tuple(s for s in self.sections if s.is_case_based)
