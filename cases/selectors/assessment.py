"""Reads for the case-assessment pages: My cases, the case's task list, a criterion page and
check your answers (the judgement history is in ``history``). Each issues a fixed number of
queries whatever the number of questions, cases or judgements (pinned in
tests/assessment/test_query_counts.py)."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import ngettext

from criteria import kept, vocabulary
from criteria.models import CriteriaSet, GeneralCriterion, Question, Section

from ..models import Assessment, Case, Inspection, Judgement, Unit

# --- My cases ---


# Inspections whose fieldwork is going on come first in My cases, finished ones last.
CURRENT_FIRST = [
    Inspection.Status.FIELDWORK,
    Inspection.Status.MODERATION,
    Inspection.Status.SETUP,
    Inspection.Status.REPORTING,
    Inspection.Status.CLOSED,
]


def my_assessments(
    *, user, inspection_id: int | None = None, unit_id: int | None = None, status: str = ""
) -> QuerySet[Assessment]:
    """The user's allocated assessments (primary, or as second marker) in inspections they still
    belong to: current inspections first (``CURRENT_FIRST``), then by inspection, unit and case
    reference. One query."""
    assessments = (
        Assessment.objects.filter(assessor=user, case__inspection__memberships__user=user)
        .select_related("case", "case__unit", "case__inspection")
        .annotate(
            inspection_rank=models.Case(
                *(models.When(case__inspection__status=value, then=rank) for rank, value in enumerate(CURRENT_FIRST)),
                default=len(CURRENT_FIRST),
            )
        )
        .order_by(
            "inspection_rank", "case__inspection__name", "case__inspection_id", "case__unit__name", "case__case_ref"
        )
    )
    if inspection_id is not None:
        assessments = assessments.filter(case__inspection_id=inspection_id)
    if unit_id is not None:
        assessments = assessments.filter(case__unit_id=unit_id)
    if status:
        assessments = assessments.filter(status=status)
    return assessments


def my_units(*, user) -> list[Unit]:
    """Units holding at least one case allocated to the user, with their inspection (for the
    filters), current inspections first as in ``my_assessments``. One query."""
    units = list(
        Unit.objects.filter(
            cases__assessments__assessor=user,
            inspection__memberships__user=user,
        )
        .select_related("inspection")
        .distinct()
        .order_by("inspection__name", "inspection_id", "name")
    )
    rank = {value: n for n, value in enumerate(CURRENT_FIRST)}
    return sorted(units, key=lambda unit: rank.get(unit.inspection.status, len(CURRENT_FIRST)))


# --- The case and its task list ---


def hidden_assessment_ids(*, user, assessments: list[Assessment]) -> set[int]:
    """The blindness rule of double marking: while a double-marked case's assessments are not all
    submitted, each marker sees only their own (answers, rationale, history), nobody else's.
    ``assessments``: all of one case's. Everyone else (the lead) sees them all."""
    if all(a.is_primary for a in assessments) or all(a.status == Assessment.Status.SUBMITTED for a in assessments):
        return set()
    if not any(a.assessor_id == user.pk for a in assessments):
        return set()
    return {a.pk for a in assessments if a.assessor_id != user.pk}


@dataclass(frozen=True)
class ShownCase:
    """A case as one user sees it (``case_with_assessment``)."""

    case: Case | None  # None: no such case in the inspection
    assessment: Assessment | None = None  # the one shown
    hidden_assessment_ids: frozenset[int] = frozenset()  # the ones ``user`` may not see
    is_double_marked: bool = False


def case_with_assessment(*, inspection, case_ref: str, user=None, second: bool = False) -> ShownCase:
    """The case of this inspection with that reference and the assessment shown to ``user``: the
    second one when ``second`` (a moderator's view of a double-marked case) and blindness allows,
    else their own (a second marker's is theirs), else the primary; with the assessments ``user``
    may not see (``hidden_assessment_ids``). Two queries."""
    case = Case.objects.select_related("unit").filter(inspection=inspection, case_ref=case_ref).first()
    if case is None:
        return ShownCase(None)
    case.inspection = inspection  # already loaded (and scoped) by the caller
    assessments = list(Assessment.objects.select_related("assessor").filter(case=case).order_by("-is_primary", "pk"))
    hidden = frozenset() if user is None else frozenset(hidden_assessment_ids(user=user, assessments=assessments))
    own = [a for a in assessments if user is not None and a.assessor_id == user.pk]
    seconds = [a for a in assessments if not a.is_primary]
    if second and seconds and seconds[0].pk not in hidden:
        assessment = seconds[0]  # asked for, and blindness allows it (a marker sees it once both submitted)
    elif own:
        assessment = own[-1]
    else:
        assessment = next((a for a in assessments if a.is_primary), None)
    if assessment is not None:
        assessment.case = case
    return ShownCase(case, assessment, hidden, is_double_marked=any(not a.is_primary for a in assessments))


TASK_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "not_applicable": "Not applicable",
}


@dataclass
class Task:
    criterion: GeneralCriterion
    applicable: int  # questions that apply to this case
    answered: int
    unexplained: int = 0  # answers below the line still needing a rationale (where the set asks for one)

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self.status]

    @property
    def title(self) -> str:
        return f"{self.criterion.code} {self.criterion.title}"

    @property
    def html_id(self) -> str:
        return "task-" + "".join(c if c.isalnum() else "-" for c in self.criterion.code)

    @property
    def hint(self) -> str:
        if not self.applicable:
            return "No question in this criterion applies to this case"
        text = f"{self.answered} of {self.applicable} question{'s' if self.applicable != 1 else ''} answered"
        if self.unexplained:
            text += ngettext("; %(n)d answer needs a reason", "; %(n)d answers need a reason", self.unexplained) % {
                "n": self.unexplained
            }
        return text

    @property
    def status(self) -> str:
        if not self.applicable:
            return "not_applicable"
        if self.answered >= self.applicable and not self.unexplained:
            return "completed"
        return "in_progress" if self.answered else "not_started"


@dataclass
class TaskSection:
    section: Section
    tasks: list[Task] = field(default_factory=list)


@dataclass
class TaskList:
    sections: list[TaskSection]

    @property
    def tasks(self) -> list[Task]:
        return [t for s in self.sections for t in s.tasks]

    @property
    def completed(self) -> int:
        return sum(t.status == "completed" for t in self.tasks)

    @property
    def to_do(self) -> int:
        return sum(t.status != "not_applicable" for t in self.tasks)


def _set_questions(criteria_set_id: int) -> list[Question]:
    """Every question of the set in order, with its criterion and section (kept per process:
    ``criteria.kept``)."""
    return list(kept.set_questions(criteria_set_id).questions)


def task_list(*, case: Case, assessment: Assessment | None) -> TaskList:
    """One task per general criterion that has questions, in criteria-set order. Two queries."""
    questions = _set_questions(case.inspection.criteria_set_id)
    applicable = case.applicable_questions(questions)
    answered: set[int] = set()
    unexplained: set[int] = set()
    if assessment is not None:
        needs_reason = Exists(Judgement.objects.unexplained().filter(pk=OuterRef("pk")))
        for question_id, unexplained_answer in assessment.judgements.answered().values_list(
            "question_id", needs_reason
        ):
            answered.add(question_id)
            if unexplained_answer:
                unexplained.add(question_id)
        missing = {q.pk for q in assessment.missing_questions(questions=applicable, answered=answered)}
    else:
        missing = {q.pk for q in applicable}
    applies = {q.pk for q in applicable}
    sections: dict[int, TaskSection] = {}
    tasks: dict[int, Task] = {}
    for question in questions:
        criterion = question.general_criterion
        task = tasks.get(criterion.pk)
        if task is None:
            task = tasks[criterion.pk] = Task(criterion=criterion, applicable=0, answered=0)
            section = sections.setdefault(criterion.section_id, TaskSection(section=criterion.section))
            section.tasks.append(task)
        if question.pk in applies:
            task.applicable += 1
            task.answered += question.pk not in missing
            task.unexplained += question.pk in unexplained
    return TaskList(sections=list(sections.values()))


def interview_status(assessment: Assessment | None) -> str:
    if assessment is None:
        return "not_started"
    if assessment.interview_done is not None:
        return "completed"
    if assessment.interview_date or assessment.interview_notes:
        return "in_progress"
    return "not_started"


# --- A criterion page ---


@dataclass
class CriterionPage:
    criterion: GeneralCriterion
    applicable: list[Question]
    not_applicable: list[tuple[Question, str]]  # (question, why not, ``vocabulary.not_applicable_reason``)
    judgements: dict[int, Judgement]  # question id -> judgement
    next_criterion_code: str | None  # the next criterion with a question that applies to this case
    criteria_set: CriteriaSet  # the inspection's (``requires_rationale``)


def criterion_page(*, case: Case, assessment: Assessment | None, criterion_code: str) -> CriterionPage | None:
    """The criterion's questions split by whether they apply to the case, the judgements already
    recorded for them and the next criterion to go to. Four queries; None if no such criterion
    has questions."""
    questions = kept.set_questions(case.inspection.criteria_set_id, options=True)
    page = list(questions.by_criterion_code.get(criterion_code, ()))
    if not page:
        return None
    criterion = page[0].general_criterion
    applicable = case.applicable_questions(page)
    characteristics = case.characteristics()
    following = questions.following(criterion)
    next_code = next((q.general_criterion.code for q in case.applicable_questions(following)), None)
    judgements: dict[int, Judgement] = {}
    if assessment is not None:
        judgements = {
            j.question_id: j
            for j in Judgement.objects.filter(
                assessment=assessment, question__general_criterion=criterion
            ).select_related("option", "updated_by")
        }
    return CriterionPage(
        criterion=criterion,
        applicable=applicable,
        not_applicable=[
            (q, vocabulary.not_applicable_reason(q.applies_when, characteristics)) for q in page if q not in applicable
        ],
        judgements=judgements,
        next_criterion_code=next_code,
        criteria_set=case.inspection.criteria_set,
    )


# --- Check your answers ---


@dataclass
class AnswerRow:
    question: Question
    judgement: Judgement | None  # its answer, if any (with its option)
    needs_reason: bool  # answered below the line without the rationale the set requires

    @property
    def answered(self) -> bool:
        return self.judgement is not None and self.judgement.is_answer


@dataclass
class CriterionAnswers:
    criterion: GeneralCriterion
    rows: list[AnswerRow] = field(default_factory=list)
    not_applicable: int = 0  # questions of the criterion that do not apply to the case

    @property
    def unanswered(self) -> int:
        return sum(not row.answered for row in self.rows)

    @property
    def needing_reasons(self) -> int:
        return sum(row.needs_reason for row in self.rows)


@dataclass
class SectionAnswers:
    section: Section
    criteria: list[CriterionAnswers] = field(default_factory=list)


@dataclass
class CheckAnswers:
    sections: list[SectionAnswers]

    @property
    def criteria(self) -> list[CriterionAnswers]:
        return [c for s in self.sections for c in s.criteria]

    @property
    def unanswered(self) -> int:
        return sum(c.unanswered for c in self.criteria)

    @property
    def needing_reasons(self) -> int:
        return sum(c.needing_reasons for c in self.criteria)


def check_answers(*, case: Case, assessment: Assessment) -> CheckAnswers:
    """Every question of the set that applies to the case with the assessment's answer, by section
    and general criterion (those with no question that applies are left out). Two queries: the
    set's questions with their criteria and sections, the assessment's judgements with options."""
    criteria_set = case.inspection.criteria_set
    questions = _set_questions(criteria_set.pk)
    judgements = {j.question_id: j for j in Judgement.objects.filter(assessment=assessment).select_related("option")}
    applies = {q.pk for q in case.applicable_questions(questions)}
    sections: dict[int, SectionAnswers] = {}
    criteria: dict[int, CriterionAnswers] = {}
    for question in questions:
        criterion = question.general_criterion
        entry = criteria.get(criterion.pk)
        if entry is None:
            entry = criteria[criterion.pk] = CriterionAnswers(criterion=criterion)
            sections.setdefault(criterion.section_id, SectionAnswers(section=criterion.section)).criteria.append(entry)
        if question.pk not in applies:
            entry.not_applicable += 1
            continue
        judgement = judgements.get(question.pk)
        answered = judgement is not None and judgement.is_answer
        entry.rows.append(
            AnswerRow(
                question=question,
                judgement=judgement,
                needs_reason=answered and criteria_set.requires_rationale(judgement.option) and not judgement.rationale,
            )
        )
    for section in sections.values():
        section.criteria = [c for c in section.criteria if c.rows]
    return CheckAnswers(sections=[s for s in sections.values() if s.criteria])
