"""A criteria set's structure as the scoring service reads it: loaded once, in 7 queries.

Sections, general criteria, questions (with their text and group heading kept apart, so a page or
the PDF can print either without asking the database again), headlines, rating bands and the ids
of the answer options that score above or below the line.

Kept per process (``load_structure``): a criteria set's content never changes in place (a set in
use is locked, and loading a changed file replaces the set with new rows under a new id:
``criteria/services.py``), so the only thing that invalidates a kept structure is a write to a
criteria model through the ORM (a replaced or deleted set, the test factories, a migration's
data), and any such save, delete or change of a question's headlines empties the whole cache
(``criteria.kept.KeptPerSet``, whose one rule both kept structures share). Scores themselves
are never kept: they are counted afresh.
"""

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from criteria.kept import KeptPerSet
from criteria.models import (
    AnswerOption,
    GeneralCriterion,
    Headline,
    Question,
    RatingBand,
    Section,
)

from .types import Band

ABOVE = AnswerOption.Scoring.ABOVE
BELOW = AnswerOption.Scoring.BELOW


@dataclass(frozen=True)
class StructureQuestion:
    id: int
    code: str
    text: str  # the question's own text, without its group heading
    group: str  # the heading shared by a run of questions, e.g. "The analysis accurately reflected RoH:"
    full_text: str  # the heading and the text, as scores and exports name the question
    criterion_code: str
    section_code: str
    headline_codes: tuple[str, ...]
    sentence: str = ""  # the criteria set's phrase for report sentences (empty: made from group and text)


@dataclass(frozen=True)
class Structure:
    """A criteria set's sections, general criteria, questions, headlines and bands, in order."""

    criteria_set_id: int
    bands: tuple[Band, ...]
    sections: tuple[tuple[str, str], ...]  # (code, title)
    criteria: tuple[tuple[str, str, str], ...]  # (code, title, section code)
    questions: tuple[StructureQuestion, ...]
    headlines: tuple[tuple[str, str, str], ...]  # (code, title, method)
    # Answer options by where they score: counting filters on these ids rather than joining the
    # options table (a tenth of the counting query's time at national size).
    above_option_ids: tuple[int, ...] = ()
    below_option_ids: tuple[int, ...] = ()
    # Set on a structure cut down to one general criterion (``of_criterion``): counting reads only
    # these questions' judgements. None: the whole criteria set, counted without that filter.
    counted_question_ids: tuple[int, ...] | None = None

    def of_criterion(self, code: str) -> "Structure":
        """The structure of one general criterion only: its questions, the criterion and its section
        (no headlines). Its scores of that criterion and its questions equal the whole set's; nothing
        else is scored. For pages that show one criterion (the report writing page). Made once per
        criterion and structure."""
        made = self._of_criterion
        if code not in made:
            made[code] = self._cut_to(code)
        return made[code]

    @cached_property
    def _of_criterion(self) -> dict[str, "Structure"]:
        return {}

    def _cut_to(self, code: str) -> "Structure":
        criterion = next(c for c in self.criteria if c[0] == code)
        questions = tuple(q for q in self.questions if q.criterion_code == code)
        return dataclasses.replace(
            self,
            sections=tuple(s for s in self.sections if s[0] == criterion[2]),
            criteria=(criterion,),
            questions=questions,
            headlines=(),
            counted_question_ids=tuple(q.id for q in questions),
        )

    @cached_property
    def members(self) -> dict[tuple[str, str], tuple[tuple[int, ...], tuple[str, ...]]]:
        """(level, code) → (positions of its parts, their codes): a criterion's questions, a
        section's criteria, a headline's questions. Computed once per structure, not per group."""
        result = {}
        for code, _, _ in self.criteria:
            idx = tuple(i for i, q in enumerate(self.questions) if q.criterion_code == code)
            result[("criterion", code)] = (idx, tuple(self.questions[i].code for i in idx))
        for code, _ in self.sections:
            idx = tuple(i for i, c in enumerate(self.criteria) if c[2] == code)
            result[("section", code)] = (idx, tuple(self.criteria[i][0] for i in idx))
        for code, _, _ in self.headlines:
            idx = tuple(i for i, q in enumerate(self.questions) if code in q.headline_codes)
            result[("headline", code)] = (idx, tuple(self.questions[i].code for i in idx))
        return result

    @cached_property
    def question_ids(self) -> tuple[int, ...]:
        return tuple(q.id for q in self.questions)

    @cached_property
    def question_by_code(self) -> dict[str, StructureQuestion]:
        return {q.code: q for q in self.questions}


def load_structure(*, criteria_set_id: int) -> Structure:
    """The structure of a criteria set: 7 queries the first time in a process, then none (see the
    module's docstring for what empties the cache)."""
    return _STRUCTURES.get(criteria_set_id)


def _load(criteria_set_id: int) -> Structure:
    """The structure of a criteria set in 7 queries (bands, sections, criteria, questions,
    headlines, question-headline links, answer options)."""
    section_rows = list(
        Section.objects.filter(criteria_set_id=criteria_set_id).order_by("order").values_list("id", "code", "title")
    )
    section_code = {pk: code for pk, code, _ in section_rows}
    criterion_rows = list(
        GeneralCriterion.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "title", "section_id")
    )
    headline_rows = list(
        Headline.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "title", "method")
    )
    # Sections in their order; criteria in section order, then their own order.
    section_order = {code: i for i, (_, code, _) in enumerate(section_rows)}
    criteria = sorted(
        ((code, title, section_code[section_id]) for _, code, title, section_id in criterion_rows),
        key=lambda row: section_order[row[2]],
    )
    scoring_options = _scoring_options(criteria_set_id)
    return Structure(
        criteria_set_id=criteria_set_id,
        bands=_bands(criteria_set_id),
        sections=tuple((code, title) for _, code, title in section_rows),
        criteria=tuple(criteria),
        questions=_questions(criteria_set_id, criterion_rows, section_code, headline_rows),
        headlines=tuple((code, title, method) for _, code, title, method in headline_rows),
        above_option_ids=tuple(scoring_options[ABOVE]),
        below_option_ids=tuple(scoring_options[BELOW]),
    )


def _bands(criteria_set_id: int) -> tuple[Band, ...]:
    """The rating bands, highest first (1 query)."""
    return tuple(
        Band(min_score, label)
        for min_score, label in RatingBand.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("-min_score")
        .values_list("min_score", "label")
    )


def _questions(criteria_set_id: int, criterion_rows, section_code, headline_rows) -> tuple[StructureQuestion, ...]:
    """The questions in order, each with its criterion, section and headlines (2 queries)."""
    criterion_of = {pk: (code, section_code[section_id]) for pk, code, _, section_id in criterion_rows}
    headline_code = {pk: code for pk, code, _, _ in headline_rows}
    links = defaultdict(list)
    for question_id, headline_id in (
        Question.headlines.through.objects.filter(headline__criteria_set_id=criteria_set_id)
        .order_by("headline__order")
        .values_list("question_id", "headline_id")
    ):
        links[question_id].append(headline_code[headline_id])
    return tuple(
        StructureQuestion(
            id=pk,
            code=code,
            text=text,
            group=group,
            full_text=f"{group} {text}" if group else text,
            criterion_code=criterion_of[criterion_id][0],
            section_code=criterion_of[criterion_id][1],
            headline_codes=tuple(links[pk]),
            sentence=sentence,
        )
        for pk, code, text, group, criterion_id, sentence in Question.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "text", "group", "general_criterion_id", "sentence")
    )


def _scoring_options(criteria_set_id: int) -> dict[str, list[int]]:
    """Answer option ids by their scoring (above, below, excluded) (1 query)."""
    scoring_options = defaultdict(list)
    for pk, scoring in (
        AnswerOption.objects.filter(scale__criteria_set_id=criteria_set_id).order_by("pk").values_list("pk", "scoring")
    ):
        scoring_options[scoring].append(pk)
    return scoring_options


_STRUCTURES: KeptPerSet[Structure] = KeptPerSet("structure", _load)
