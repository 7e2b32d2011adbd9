"""The per-row checks of the ``inspection-judgements/1`` import (``judgement_import``): each row
against the inspection's sample, criteria set and team, then the ``second`` rows against the
primary assessments. Problems are collected by column, worded for the file's reader; nothing here
writes.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from criteria import vocabulary
from criteria.models import AnswerOption, Question

from ..models import Assessment, Case, Inspection, Membership
from .assessments import MAX_RATIONALE
from .csv_files import Problems

# The marking value -> whether the row is the second marker's judgement.
MARKINGS = {"": False, "primary": False, "second": True}


@dataclass(slots=True)
class Row:
    number: int
    case: Case
    question: Question
    option: AnswerOption
    rationale: str | None  # None: the file has no rationale column (keep the existing one)
    assessor_id: int | None
    second: bool = False  # the second marker's judgement on a double-marked case

    @property
    def key(self) -> tuple[int, bool]:
        """Which of the case's assessments the row belongs to."""
        return (self.case.pk, self.second)


@dataclass
class Known:
    """What a file's rows are checked against: the inspection's sample, criteria set and team."""

    cases: dict[str, Case]
    questions: dict[str, Question]
    options: dict[int, dict[str, AnswerOption]]  # scale id -> value -> option
    team: dict[str, int]  # username -> user id
    other_users: set[str]  # names in the file of users outside the team (known once the file is read)
    applicable: dict[str, set[int]] = field(default_factory=dict)  # case_ref -> ids of the questions that apply
    # the case's values of the fields the questions' rules name -> ids of the questions that apply
    applicable_by_values: dict[tuple, set[int]] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)  # names in the file that are not the team's
    # case id -> assessor id (or None) of the case's primary / second assessment in the database
    primary_assessors: dict[int, int | None] = field(default_factory=dict)
    second_assessors: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def load(cls, *, inspection: Inspection) -> "Known":
        """Five queries."""
        options: dict[int, dict[str, AnswerOption]] = defaultdict(dict)
        for option in AnswerOption.objects.filter(scale__criteria_set_id=inspection.criteria_set_id):
            options[option.scale_id][option.value] = option
        assessors: dict[bool, dict[int, int | None]] = {True: {}, False: {}}
        for case_id, is_primary, assessor_id in Assessment.objects.filter(case__inspection=inspection).values_list(
            "case_id", "is_primary", "assessor_id"
        ):
            assessors[is_primary].setdefault(case_id, assessor_id)
        return cls(
            primary_assessors=assessors[True],
            second_assessors=assessors[False],
            cases={c.case_ref: c for c in Case.objects.filter(inspection=inspection)},
            questions={q.code: q for q in Question.objects.filter(criteria_set_id=inspection.criteria_set_id)},
            options=options,
            team=dict(Membership.objects.filter(inspection=inspection).values_list("user__username", "user_id")),
            other_users=set(),
        )

    def find_other_users(self) -> None:
        """Of the names outside the team, those of users (in other teams): one query, after the file is read."""
        if self.outside:
            users = get_user_model().objects.filter(username__in=self.outside).values_list("username", flat=True)
            self.other_users = set(users)

    def applies(self, case: Case, question: Question) -> bool:
        return question.id in self.applicable_to(case)

    def applicable_to(self, case: Case) -> set[int]:
        """The ids of the questions that apply to ``case`` (not to change): worked out once for
        each set of values of the fields the rules name, which cases share (a few dozen sets for
        thousands of cases), by the one rule (``Case.applicable_questions``)."""
        applicable = self.applicable.get(case.case_ref)
        if applicable is None:
            values = tuple(getattr(case, name, None) for name in self.rule_fields)
            applicable = self.applicable_by_values.get(values)
            if applicable is None:
                applicable = {q.id for q in case.applicable_questions(self.questions.values())}
                self.applicable_by_values[values] = applicable
            self.applicable[case.case_ref] = applicable
        return applicable

    @functools.cached_property
    def rule_fields(self) -> list[str]:
        """The case fields that the questions' ``applies_when`` rules name."""
        return sorted({name for q in self.questions.values() for name in q.applies_when or ()})


class _OutsideTeam:
    """The assessor problem of a name outside the team, worded once the file's names are looked up."""

    def __init__(self, username: str, known: Known):
        self.username, self.known = username, known

    def __str__(self) -> str:
        if self.username in self.known.other_users:
            return f"'{self.username}' is not in this inspection's team"
        return f"'{self.username}' is not a known username"


class Located:
    """A problem's message after its place in the file ("FILE, row N, field: "), put together when shown."""

    def __init__(self, place: str, message):
        self.place, self.message = place, message

    def __str__(self) -> str:
        return f"{self.place}{self.message}"


class CleanRows:
    """The rows that pass every check of ``checked_row``, the common case, found in fewer steps on
    the cells as read: ``row(cells, number)`` is the row, or None to send the cells to
    ``checked_row`` for its problems (so a problem is only ever worded there)."""

    def __init__(self, header: list[str], *, known: Known, first_row: dict[tuple[str, str, bool], int]):
        self.known, self.first_row = known, first_row
        self.ref, self.code, self.answer = (header.index(c) for c in ("case_ref", "question_code", "answer"))
        self.rationale, self.assessor, self.marking = (
            header.index(c) if c in header else None for c in ("rationale", "assessor", "marking")
        )
        # question code -> (question, its options by value)
        self.questions = {code: (q, known.options[q.scale_id]) for code, q in known.questions.items()}

    def row(self, cells: list[str], number: int) -> Row | None:
        known, first_row = self.known, self.first_row
        marking = "" if self.marking is None else cells[self.marking].strip()
        second = marking == "second"
        if not second and marking and marking != "primary":
            return None
        ref, code = cells[self.ref].strip(), cells[self.code].strip()
        case, (question, options) = known.cases.get(ref), self.questions.get(code, (None, None))
        key = (ref, code, second)
        if case is None or question is None or key in first_row:
            return None
        option = options.get(cells[self.answer].strip())
        applicable = known.applicable.get(ref)
        if applicable is None:
            applicable = known.applicable_to(case)
        if option is None or question.id not in applicable:
            return None
        rationale = None if self.rationale is None else cells[self.rationale].strip()
        username = "" if self.assessor is None else cells[self.assessor].strip()
        assessor_id = known.team.get(username) if username else None
        if (username and assessor_id is None) or (second and not username) or len(rationale or "") > MAX_RATIONALE:
            return None
        first_row[key] = number
        return Row(number, case, question, option, rationale, assessor_id, second)


def checked_row(
    values: dict[str, str], *, number: int, known: Known, first_row: dict[tuple[str, str, bool], int]
) -> tuple[dict[str, object], Row | None]:
    """One row's problems by column (text, or an ``_OutsideTeam``), and the row when it has none."""
    errors: dict[str, object] = {}
    ref, code, answer = values["case_ref"], values["question_code"], values["answer"]
    marking = values.get("marking", "")
    second = MARKINGS.get(marking, False)
    if marking not in MARKINGS:
        errors["marking"] = f"'{marking}' is not one of primary, second (empty means primary)"
    elif second and not values.get("assessor"):
        # Without an assessor column the problem shows under marking, a column the row has.
        errors["assessor" if "assessor" in values else "marking"] = (
            "a second row needs the assessor: the username of the second marker"
        )
    case, question, option = known.cases.get(ref), known.questions.get(code), None
    if not ref:
        errors["case_ref"] = "a value is required"
    elif case is None:
        errors["case_ref"] = f"'{ref}' is not in the inspection's sample"
    if not code:
        errors["question_code"] = "a value is required"
    elif question is None:
        errors["question_code"] = f"'{code}' is not a question of this inspection's criteria set"
    elif case is not None:
        if not known.applies(case, question):
            rule = vocabulary.describe_rule(question.applies_when)
            errors["question_code"] = f"'{code}' does not apply to case '{ref}' ({rule})"
        elif (ref, code, second) in first_row:
            errors["question_code"] = (
                f"case '{ref}' question '{code}' is repeated (first on row {first_row[(ref, code, second)]})"
            )
        else:
            first_row[(ref, code, second)] = number
    if not answer:
        errors["answer"] = "a value is required"
    elif question is not None:
        option = known.options[question.scale_id].get(answer)
        if option is None:
            allowed = ", ".join(known.options[question.scale_id])
            errors["answer"] = f"'{answer}' is not one of {allowed} (the answers to '{code}')"
    rationale = values.get("rationale")  # None: the file has no rationale column
    if rationale and len(rationale) > MAX_RATIONALE:
        errors["rationale"] = f"is longer than {MAX_RATIONALE} characters"
    username = values.get("assessor", "")
    assessor_id = known.team.get(username) if username else None
    if username and assessor_id is None:
        known.outside.add(username)
        errors["assessor"] = _OutsideTeam(username, known)
    if errors:
        return errors, None
    return errors, Row(number, case, question, option, rationale, assessor_id, second)


def check_second_rows(seconds: list[Row], *, parsed_primary: list[Row], known: Known, problems: Problems) -> None:
    """Each second row's case must have a primary assessment (in the database or this file's
    primary rows) whose assessor is not the second marker, and one second marker only."""
    primary_assessor = dict(known.primary_assessors)
    for row in parsed_primary:  # a new primary assessment goes to the first assessor named for the case
        if primary_assessor.get(row.case.pk) is None:
            primary_assessor[row.case.pk] = row.assessor_id
    second_assessor = dict(known.second_assessors)
    names = {user_id: name for name, user_id in known.team.items()}
    for row in seconds:
        place = f"{problems.source}, row {row.number}, "
        ref = row.case.case_ref
        if row.case.pk not in primary_assessor:
            problems.add(f"{place}marking: case '{ref}' has no primary assessment (in the inspection or this file)")
        elif primary_assessor[row.case.pk] == row.assessor_id:
            problems.add(f"{place}assessor: '{names[row.assessor_id]}' is the primary assessor of case '{ref}'")
        elif second_assessor.setdefault(row.case.pk, row.assessor_id) not in (None, row.assessor_id):
            other = names.get(second_assessor[row.case.pk], "another marker")
            problems.add(f"{place}assessor: case '{ref}' is already double-marked by '{other}'")
