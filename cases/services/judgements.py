"""Writes for the case assessment: saving a criterion page of judgements, the interview with the
offender manager, submitting an assessment and returning it to the assessor.

Every function is keyword-only, runs in one transaction and locks the assessment row first, so
two saves of the same assessment are applied one after the other. No judgement is overwritten
silently: ``save_criterion_page`` compares each judgement's ``version`` with the version the form
was opened at and raises ``StaleEdit`` (with the other person's current values) instead of saving.

History: simple-history records every judgement change with ``history_user`` and
``history_change_reason`` set to the source of the change (``SOURCE_FORM``, ``SOURCE_IMPORT`` or
``SOURCE_MODERATION``); ``cases.selectors.assessment.judgement_history`` turns it into old → new rows.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria import vocabulary
from criteria.models import GeneralCriterion, Question

from ..models import Assessment, Inspection, Judgement, Membership

SOURCE_FORM = "form"
SOURCE_IMPORT = "import"
SOURCE_MODERATION = "moderation"
SOURCE_LABELS = {SOURCE_FORM: "Form", SOURCE_IMPORT: "Import", SOURCE_MODERATION: "Moderation"}

# Statuses a save moves on to "in progress" (a submitted assessment stays submitted while moderated).
STARTS_WORK = (Assessment.Status.NOT_STARTED, Assessment.Status.RETURNED)
MAX_RATIONALE = 5000
MAX_EXAMPLE = 2000


@dataclass(frozen=True)
class Answer:
    """The values of one judgement that a criterion page edits (option by its value)."""

    option: str = ""
    rationale: str = ""
    notable_practice: str = ""
    notable_example: str = ""

    @classmethod
    def from_dict(cls, values: dict) -> "Answer":
        return cls(
            option=(values.get("option") or "").strip(),
            rationale=(values.get("rationale") or "").strip(),
            notable_practice=(values.get("notable_practice") or "").strip(),
            notable_example=(values.get("notable_example") or "").strip(),
        )

    @classmethod
    def of(cls, judgement: Judgement | None) -> "Answer":
        if judgement is None:
            return cls()
        return cls(
            option=judgement.option.value if judgement.option_id else "",
            rationale=judgement.rationale,
            notable_practice=judgement.notable_practice,
            notable_example=judgement.notable_example,
        )

    @property
    def is_blank(self) -> bool:
        return self == Answer()

    def as_dict(self) -> dict[str, str]:
        return {
            "option": self.option,
            "rationale": self.rationale,
            "notable_practice": self.notable_practice,
            "notable_example": self.notable_example,
        }


@dataclass
class Conflict:
    """A question someone else changed after the page was opened: their current answer and yours."""

    question: Question
    theirs: Answer
    mine: Answer
    version: int  # their current version (0: their judgement was deleted meanwhile)
    updated_by: object | None
    updated_at: datetime | None


class StaleEdit(Exception):
    """Raised instead of saving when judgements on the page changed since it was opened."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        codes = ", ".join(c.question.code for c in conflicts)
        super().__init__(f"Someone else changed {codes} after you opened the page")


class AssessmentIncomplete(ValidationError):
    """Submit refused: ``missing`` lists the applicable questions without an answer, in order."""

    def __init__(self, missing: list[Question]):
        self.missing = missing
        super().__init__([f"Answer question {q.code}: {q.full_text}" for q in missing])


@dataclass
class SaveResult:
    created: int
    updated: int

    @property
    def changed(self) -> int:
        return self.created + self.updated


def edit_refusal(*, inspection: Inspection, assessment: Assessment | None, user_id: int, is_lead: bool) -> str:
    """Why ``user_id`` may not change this assessment's judgements, or "" when they may.

    The assessor edits until they submit; the lead edits at any time (moderation); both only while
    the inspection's status allows judgement edits. Views use it to show a page read-only.
    """
    if assessment is None:
        return "This case has not been allocated yet."
    if not inspection.judgements_editable:
        return f"Judgements cannot be changed while the inspection is in {inspection.get_status_display().lower()}."
    if is_lead:
        return ""
    if assessment.assessor_id != user_id:
        return "Only the case's assessor and the lead inspector can change this assessment."
    if assessment.status == Assessment.Status.SUBMITTED:
        return "You have submitted this assessment. The lead inspector can return it to you if it needs changes."
    return ""


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("case", "case__inspection")
        .get(pk=assessment.pk)
    )


def _is_lead(inspection: Inspection, actor) -> bool:
    return Membership.objects.filter(inspection=inspection, user=actor, role=Membership.Role.LEAD).exists()


def _check_editor(locked: Assessment, actor) -> str:
    """Raise unless ``actor`` may edit; return the history source of their changes."""
    inspection = locked.case.inspection
    is_assessor = locked.assessor_id == actor.pk
    is_lead = False if is_assessor and locked.status != Assessment.Status.SUBMITTED else _is_lead(inspection, actor)
    if not is_assessor and not is_lead:
        raise PermissionDenied("Only the case's assessor and the lead inspector can change this assessment")
    refusal = edit_refusal(inspection=inspection, assessment=locked, user_id=actor.pk, is_lead=is_lead)
    if refusal:
        raise ValidationError(refusal)
    return SOURCE_FORM if is_assessor else SOURCE_MODERATION


def _save_assessment(assessment: Assessment, actor, reason: str) -> None:
    assessment._history_user = actor
    assessment._change_reason = reason
    assessment.save()


def _start_work(locked: Assessment, actor) -> None:
    if locked.status in STARTS_WORK:
        locked.status = Assessment.Status.IN_PROGRESS
        _save_assessment(locked, actor, "started")


@transaction.atomic
def save_criterion_page(
    *,
    assessment: Assessment,
    general_criterion: GeneralCriterion,
    answers: dict[str, dict],
    expected_versions: dict[str, int],
    actor,
) -> SaveResult:
    """Save the answers to one general criterion's questions as a draft (partly answered is fine).

    ``answers``: question code → {"option": value, "rationale", "notable_practice", "notable_example"};
    ``expected_versions``: question code → the judgement's version when the page was opened (0: none).
    Only questions of this criterion that apply to the case are accepted. Raises ``StaleEdit``,
    writing nothing, when a judgement on the page changed since then (someone else's new judgement
    included) and differs from the answer being saved.
    """
    locked = _lock(assessment)
    source = _check_editor(locked, actor)
    case = locked.case
    if general_criterion.criteria_set_id != case.inspection.criteria_set_id:
        raise ValidationError("That criterion is not in this inspection's criteria set")
    questions = {
        q.code: q
        for q in Question.objects.filter(general_criterion=general_criterion)
        .select_related("general_criterion", "scale")
        .prefetch_related("scale__options")
    }
    characteristics = case.characteristics()
    errors = []
    for code, values in answers.items():
        question = questions.get(code)
        if question is None:
            errors.append(f"{code} is not a question of criterion {general_criterion.code}")
        elif not vocabulary.applies(question.applies_when, characteristics):
            errors.append(f"{code} does not apply to this case ({vocabulary.describe_rule(question.applies_when)})")
        else:
            errors.extend(_value_errors(question, Answer.from_dict(values)))
    if errors:
        raise ValidationError(errors)

    existing = {
        j.question_id: j
        for j in Judgement.objects.filter(
            assessment=locked, question__general_criterion=general_criterion
        ).select_related("option", "updated_by")
    }
    now = timezone.now()
    conflicts: list[Conflict] = []
    to_create: list[Judgement] = []
    to_update: list[Judgement] = []
    for code, values in answers.items():
        question = questions[code]
        mine = Answer.from_dict(values)
        judgement = existing.get(question.pk)
        theirs = Answer.of(judgement)
        current = judgement.version if judgement else 0
        if current != expected_versions.get(code, 0):
            if mine != theirs:
                conflicts.append(
                    Conflict(
                        question=question,
                        theirs=theirs,
                        mine=mine,
                        version=current,
                        updated_by=judgement.updated_by if judgement else None,
                        updated_at=judgement.updated_at if judgement else None,
                    )
                )
            continue
        if mine == theirs and (judgement is None or judgement.applicable):
            continue
        option = _option(question, mine.option)
        if judgement is None:
            to_create.append(
                Judgement(
                    assessment=locked,
                    question=question,
                    option=option,
                    rationale=mine.rationale,
                    notable_practice=mine.notable_practice,
                    notable_example=mine.notable_example,
                    applicable=True,
                    version=1,
                    updated_by=actor,
                    updated_at=now,
                )
            )
        else:
            judgement.option = option
            judgement.rationale = mine.rationale
            judgement.notable_practice = mine.notable_practice
            judgement.notable_example = mine.notable_example
            judgement.applicable = True
            judgement.version += 1
            judgement.updated_by = actor
            judgement.updated_at = now
            to_update.append(judgement)
    if conflicts:
        raise StaleEdit(conflicts)

    # Bulk writes: a fixed number of queries however many questions the criterion has.
    if to_create:
        bulk_create_with_history(to_create, Judgement, default_user=actor, default_change_reason=source)
    if to_update:
        bulk_update_with_history(
            to_update,
            Judgement,
            [
                "option",
                "rationale",
                "notable_practice",
                "notable_example",
                "applicable",
                "version",
                "updated_by",
                "updated_at",
            ],
            default_user=actor,
            default_change_reason=source,
        )
    if to_create or to_update:
        _start_work(locked, actor)
    assessment.status = locked.status
    return SaveResult(created=len(to_create), updated=len(to_update))


def _value_errors(question: Question, answer: Answer) -> list[str]:
    errors = []
    if answer.option and _option(question, answer.option) is None:
        allowed = ", ".join(o.value for o in question.scale.options.all())
        errors.append(f"{question.code}: '{answer.option}' is not one of {allowed}")
    if answer.notable_practice not in Judgement.NotablePractice.values:
        errors.append(f"{question.code}: notable practice must be good, poor or none")
    if len(answer.rationale) > MAX_RATIONALE:
        errors.append(f"{question.code}: the rationale must be {MAX_RATIONALE} characters or fewer")
    if len(answer.notable_example) > MAX_EXAMPLE:
        errors.append(f"{question.code}: the example must be {MAX_EXAMPLE} characters or fewer")
    return errors


def _option(question: Question, value: str):
    if not value:
        return None
    return next((o for o in question.scale.options.all() if o.value == value), None)


def missing_questions(*, assessment: Assessment) -> list[Question]:
    """The questions that apply to the case and have no answer yet, in criteria-set order."""
    case = assessment.case
    characteristics = case.characteristics()
    answered = set(
        Judgement.objects.filter(assessment=assessment, option__isnull=False).values_list("question_id", flat=True)
    )
    return [
        q
        for q in Question.objects.filter(criteria_set_id=case.inspection.criteria_set_id)
        .select_related("general_criterion")
        .order_by("order")
        if q.pk not in answered and vocabulary.applies(q.applies_when, characteristics)
    ]


@transaction.atomic
def submit_assessment(*, assessment: Assessment, actor) -> Assessment:
    """Submit when every applicable question is answered; raises ``AssessmentIncomplete`` otherwise."""
    locked = _lock(assessment)
    _check_editor(locked, actor)
    if locked.status == Assessment.Status.SUBMITTED:
        raise ValidationError("This assessment has already been submitted")
    missing = missing_questions(assessment=locked)
    if missing:
        raise AssessmentIncomplete(missing)
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.return_comment = ""  # answered by this submission; the history keeps it
    _save_assessment(locked, actor, "submitted")
    return locked


@transaction.atomic
def return_assessment(*, assessment: Assessment, comment: str, actor) -> Assessment:
    """The lead returns a submitted assessment to its assessor, saying why."""
    locked = _lock(assessment)
    inspection = locked.case.inspection
    if not _is_lead(inspection, actor):
        raise PermissionDenied("Only the lead inspector can return an assessment")
    if locked.status != Assessment.Status.SUBMITTED:
        raise ValidationError("Only a submitted assessment can be returned")
    if not inspection.judgements_editable:
        raise ValidationError(
            f"Assessments cannot be returned while the inspection is in {inspection.get_status_display().lower()}"
        )
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Enter why you are returning the assessment"})
    if len(comment) > MAX_RATIONALE:
        raise ValidationError({"comment": f"The comment must be {MAX_RATIONALE} characters or fewer"})
    locked.status = Assessment.Status.RETURNED
    locked.return_comment = comment
    locked.submitted_at = None
    _save_assessment(locked, actor, "returned")
    return locked


@transaction.atomic
def save_interview(
    *, assessment: Assessment, done: bool | None, interview_date: date | None, notes: str, actor
) -> Assessment:
    """Record the interview with the offender manager: whether it took place, when, and notes."""
    locked = _lock(assessment)
    _check_editor(locked, actor)
    errors: dict[str, str] = {}
    if done and interview_date is None:
        errors["interview_date"] = "Enter the date of the interview"
    if interview_date and interview_date > timezone.localdate():
        errors["interview_date"] = "The date of the interview must be today or in the past"
    if len(notes) > MAX_RATIONALE:
        errors["interview_notes"] = f"Notes must be {MAX_RATIONALE} characters or fewer"
    if errors:
        raise ValidationError(errors)
    locked.interview_done = done
    locked.interview_date = interview_date if done else None
    locked.interview_notes = notes.strip()
    if locked.status in STARTS_WORK:
        locked.status = Assessment.Status.IN_PROGRESS
    _save_assessment(locked, actor, "interview")
    return locked
