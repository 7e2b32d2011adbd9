"""The blocks the report's figures sit in: a question's row, a criterion, a section, a headline and
an Appendix 1 table, as the PDF templates read them (frozen; no queries). A figure itself (``Figure``:
a score with its change from the original inspection) is ``reports.scoring``'s, as the writing
pages' sentences show figures too."""

from dataclasses import dataclass

from django.utils.text import slugify

from .. import wording
from ..scoring import Figure


def runs[T](items, group_of) -> tuple[tuple[str, tuple[T, ...]], ...]:
    """Consecutive items under the same group heading: ((heading or "", items), …), so a heading is
    kept on the page with its items."""
    result: list[tuple[str, list]] = []
    for item in items:
        group = group_of(item)
        if not result or result[-1][0] != group:
            result.append((group, []))
        result[-1][1].append(item)
    return tuple((group, tuple(members)) for group, members in result)


@dataclass(frozen=True)
class QuestionRow:
    code: str
    text: str  # without its group heading
    group: str  # the shared heading, e.g. "The analysis accurately reflected RoH:"
    group_starts: bool  # first question of a run under the same heading
    full_text: str
    figure: Figure
    by_unit: tuple[Figure, ...] = ()
    sentence: str = ""  # the figure as a sentence in the house style ("… in 12 out of 17 relevant cases (71%).")


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
    def question_runs(self) -> tuple[tuple[str, tuple[QuestionRow, ...]], ...]:
        return runs(self.questions, lambda row: row.group)

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

    def key_findings(self, minimum: int = 1) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(strongest, weakest): the sentences of the section's best and worst scored questions with
        at least ``minimum`` relevant cases, up to three each, for the key findings page."""
        rows = [
            row
            for c in self.criteria
            for row in c.questions
            if row.sentence and row.figure.has_score and (row.figure.denominator or 0) >= minimum
        ]
        ranked = sorted(rows, key=lambda row: row.figure.score.proportion, reverse=True)
        count = min(3, len(ranked) // 2)
        return (
            tuple(row.sentence for row in ranked[:count]),
            tuple(row.sentence for row in reversed(ranked[len(ranked) - count :])) if count else (),
        )

    @property
    def is_case_based(self) -> bool:
        return any(c.is_case_based for c in self.criteria)

    @property
    def is_unwritten(self) -> bool:
        """No case score and no strength or area for improvement written: said in a line, not a page."""
        return not self.is_case_based and not any(c.strengths or c.improvements for c in self.criteria)


@dataclass(frozen=True)
class HeadlineBlock:
    code: str
    title: str
    method: str
    figure: Figure
    question_count: int

    @property
    def questions_phrase(self) -> str:
        return wording.count(self.question_count, "question")


@dataclass(frozen=True)
class UnitTable:
    """One Appendix 1 table: the whole sample and a few units side by side."""

    columns: tuple[tuple[str, int], ...]  # (name, cases) — the first is the whole sample
    criteria: tuple[tuple[str, str, tuple[tuple[QuestionRow, tuple[Figure, ...]], ...]], ...]
    counted: int | None = None  # the whole sample's counted cases, when fewer than its cases

    @property
    def headers(self) -> tuple[str, ...]:
        """ "ALL CASES (250 cases; 247 counted)", "NORTH CLUSTER (60 cases)": each column's heading."""
        headers = []
        for i, (name, cases) in enumerate(self.columns):
            counted = f"; {self.counted} counted" if i == 0 and self.counted is not None else ""
            headers.append(f"{name.upper()} ({cases:,} case{'s' if cases != 1 else ''}{counted})")
        return tuple(headers)

    @property
    def span(self) -> int:
        return 2 * len(self.columns) + 1

    @property
    def criteria_runs(self):
        """(code, title, ((group heading, ((row, figures), …)), …)) for each criterion."""
        return tuple((code, title, runs(rows, lambda pair: pair[0].group)) for code, title, rows in self.criteria)
