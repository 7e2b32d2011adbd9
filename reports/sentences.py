"""Figures as ready sentences, for the report writing pages (a general criterion's page offers them).

    figures = writing_figures(inspection=inspection)     # once per page: 7 + 2 × 2 queries (+3 reinspection)
    figures.criterion("A.1")                             # the criterion's Figure
    figures.questions("A.1")                             # each question's Figure and offered Sentences
    figures.sentence("A.1.01:rosh_band:high_very_high")  # the text of one offered sentence, or None

"The assessment was completed on time in 28 out of 34 cases (82%)." for the whole sample, in the
house style of the inspectorate's reports (``reports.wording``), and the same for a few sub-samples
(high or very high RoSH, community, licence, custody) where they are not the very same cases.
Submitted work only, as the report prints it.
"""

from dataclasses import dataclass

from cases.models import Inspection

from .narrative_figures import Current
from .scoring import (
    Breakdown,
    Comparison,
    Figure,
    InspectionScores,
    Score,
    Structure,
    compute_comparison,
    compute_subsamples,
    label_of,
    load_structure,
)
from .wording import change_clause, figure_sentence, in_cases, subject  # noqa: F401 (the writing pages' API)

# Sub-samples offered as ready sentences beside the whole-sample figures (breakdown, group key, phrase).
SENTENCE_SUBSAMPLES = (
    ("rosh_band", "high_very_high", "high or very high RoSH"),
    ("supervision", "community", "community"),
    ("supervision", "licence", "licence"),
    ("supervision", "custody", "custody"),
)


@dataclass(frozen=True)
class Sentence:
    key: str  # stable across page loads: question code, breakdown and group
    label: str  # which cases, e.g. "All cases", "High or very high RoSH"
    text: str
    score: Score | None = None

    @property
    def current(self) -> Current:
        """The sentence as a narrative item tied to it reads it now (``reports.narrative_figures``)."""
        return Current(self.text, self.score.numerator, self.score.denominator, self.score.display)


@dataclass(frozen=True)
class QuestionFigures:
    code: str
    full_text: str
    figure: Figure
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class WritingFigures:
    """Whole-sample scores, the sentence sub-samples and the comparison, computed once per page."""

    scores: InspectionScores
    subsamples: dict[str, Breakdown]
    comparison: Comparison | None
    structure: Structure

    def criterion(self, code: str) -> Figure:
        criterion = self.scores.criterion(code)
        return Figure(criterion.score, self.comparison.change("criterion", code) if self.comparison else None)

    def questions(self, criterion_code: str) -> list[QuestionFigures]:
        result = []
        for question in self.scores.questions_of(criterion_code):
            change = self.comparison.change("question", question.code) if self.comparison else None
            sentences = []
            whole = self.tied(f"{question.code}:all")
            if whole:
                sentences.append(whole)
            for by, key, _ in SENTENCE_SUBSAMPLES:
                sentence = self.tied(f"{question.code}:{by}:{key}")
                if sentence is None or sentence.score.denominator == question.score.denominator:
                    continue  # no such cases, or the very same cases as the whole sample
                sentences.append(sentence)
            figure = Figure(question.score, change)
            result.append(QuestionFigures(question.code, question.text, figure, tuple(sentences)))
        return result

    def tied(self, key: str) -> Sentence | None:
        """The sentence ``key`` names ("A.1.01:all", "A.1.01:rosh_band:high_very_high") with its
        figure now, whether offered or not; None when it counts no case (or names nothing known)."""
        code, _, group_key = key.partition(":")
        question = self.scores.get("question", code)
        entry = self.structure.question_by_code.get(code)
        if question is None or entry is None:
            return None
        if group_key == "all":
            change = self.comparison.change("question", code) if self.comparison else None
            text = figure_sentence(entry, question.score, cases=self.scores.case_count, change=change)
            return Sentence(key, "All cases", text, question.score) if text else None
        by, _, group_name = group_key.partition(":")
        phrase = next((p for b, k, p in SENTENCE_SUBSAMPLES if (b, k) == (by, group_name)), None)
        if phrase is None or by not in self.subsamples:
            return None
        group = next((g for g in self.subsamples[by].groups if g.key == group_name), None)
        score = group.scores.get("question", code) if group else None
        if score is None:
            return None
        score = score.score
        text = figure_sentence(entry, score, cases=group.case_count, kind=phrase)
        return Sentence(key, f"{group.label} ({label_of(by)})", text, score) if text else None

    def current(self, keys) -> dict[str, Current | None]:
        """Each tied sentence's figure now (``reports.narrative_figures.review`` reads it)."""
        return {key: (sentence.current if (sentence := self.tied(key)) else None) for key in keys}

    def sentence(self, key: str) -> str | None:
        """The text of sentence ``key`` as offered now (None if no longer offered)."""
        code = key.split(":", 1)[0]
        question = self.scores.get("question", code)
        if question is None:
            return None
        for figures in self.questions(question.criterion_code):
            for sentence in figures.sentences:
                if sentence.key == key:
                    return sentence.text
        return None


def sentence_figures(
    *, inspection: Inspection, scores: InspectionScores, comparison: Comparison | None, structure: Structure, keys
) -> dict[str, Current | None]:
    """The tied sentences ``keys`` with their figures now, for the report (``scores`` already counted;
    a breakdown more only for each sub-sample named)."""
    wanted = {key.split(":")[1] for key in keys if key.count(":") == 2}
    subsamples = compute_subsamples(inspection=inspection, by=sorted(wanted), structure=structure)
    return WritingFigures(scores, subsamples, comparison, structure).current(keys)


def writing_figures(*, inspection: Inspection, criterion_code: str | None = None) -> WritingFigures:
    """Figures for the writing pages (submitted work only, as the report will print them). With
    ``criterion_code``, only that general criterion's figures (its page needs no other): the same
    figures, counting only its questions' judgements."""
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    if criterion_code is not None:
        structure = structure.of_criterion(criterion_code)
    subsamples = compute_subsamples(
        inspection=inspection, by=dict.fromkeys(by for by, _, _ in SENTENCE_SUBSAMPLES), structure=structure
    )
    scores = next(iter(subsamples.values())).overall
    comparison = compute_comparison(inspection=inspection, current=scores, structure=structure)
    return WritingFigures(scores, subsamples, comparison, structure)
