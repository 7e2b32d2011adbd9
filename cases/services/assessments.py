"""The assessment's transitions: work started, submitted (one assessment from the web form or many
from the judgements import, through the same ``submit_assessments``), returned by the lead; and the
interview with the offender manager.

Every write is keyword-only, runs in one transaction and locks the assessment row first, so two
writes of the same assessment are applied one after the other. Who may write is
``Assessment.edit_refusal``; when an assessment is complete, ``Assessment.missing_questions``.
Every change names the acting user and a reason in the history (``inspection.history``).
"""

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from criteria.models import AnswerOption, Question
from inspection import history
from inspection.errors import ServiceError

from ..models import Assessment, Judgement
from .bulk_writes import update_objects_with_history

# Statuses a save moves on to "in progress" (a submitted assessment stays submitted while moderated).
STARTS_WORK = (Assessment.Status.NOT_STARTED, Assessment.Status.RETURNED)
MAX_RATIONALE = 5000  # a judgement's rationale; also an interview's notes and a return comment
BATCH_SIZE = 2000


class AssessmentIncomplete(ServiceError):
    """Submit refused: ``missing`` lists the applicable questions without an answer, in order;
    ``unexplained`` the judgements answered below the line without the rationale the criteria set
    requires (``unexplained_answers``), in question order."""

    def __init__(self, missing: list[Question], unexplained: Sequence[Judgement] = ()):
        self.missing = list(missing)
        self.unexplained = list(unexplained)
        super().__init__(
            [f"Answer question {q.code}: {q.full_text}" for q in self.missing]
            + [reason_needed(j.question, j.option) for j in self.unexplained]
        )


def reason_needed(question: Question, option: AnswerOption) -> str:
    """The message for an answer below the line given without the rationale its set requires."""
    return f"Give a reason for answering \u2018{option.label}\u2019 to question {question.code}"


def unexplained_answers(*, assessments: Sequence[Assessment]) -> dict[int, list[Judgement]]:
    """Assessment id -> its answers below the line without a rationale, where its criteria set
    requires one (``JudgementQuerySet.unexplained``), in question order. One query."""
    found: dict[int, list[Judgement]] = {a.pk: [] for a in assessments}
    judgements = (
        Judgement.objects.unexplained()
        .filter(assessment__in=[a.pk for a in assessments])
        .select_related("question", "option")
        .order_by("question__order")
    )
    for judgement in judgements:
        found[judgement.assessment_id].append(judgement)
    return found


def lock_assessment(assessment: Assessment) -> Assessment:
    """The assessment locked until the transaction ends, with its case and inspection (one query)."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("case", "case__inspection")
        .get(pk=assessment.pk)
    )


def require_editor(locked: Assessment, actor) -> None:
    """Raise unless ``actor`` may edit now: PermissionDenied for who may never, ServiceError for when."""
    refusal = locked.edit_refusal(actor)
    if refusal:
        raise ServiceError(refusal) if locked.is_editor(actor) else PermissionDenied(refusal)


def start_work(locked: Assessment, actor) -> None:
    """Work saved on a locked assessment not started, or returned, puts it in progress."""
    if locked.status in STARTS_WORK:
        locked.status = Assessment.Status.IN_PROGRESS
        history.save(locked, actor=actor, reason="started")


@transaction.atomic
def submit_assessment(*, assessment: Assessment, actor) -> Assessment:
    """Submit when every applicable question is answered, each answer below the line with the
    rationale its criteria set may require; raises ``AssessmentIncomplete`` otherwise."""
    locked = lock_assessment(assessment)
    require_editor(locked, actor)
    if locked.status == Assessment.Status.SUBMITTED:
        raise ServiceError("This assessment has already been submitted")
    submit_assessments(assessments=[locked], actor=actor)
    return locked


@transaction.atomic
def submit_assessments(
    *,
    assessments: Sequence[Assessment],
    actor,
    reason: str = "submitted",
    questions: Sequence[Question] | None = None,
    answered: Mapping[int, Collection[int]] | None = None,
    require_rationales: bool = True,
) -> None:
    """The submit transition, for the web form's one assessment and the judgements import's many.

    Each must be complete (``Assessment.missing_questions``) and, with ``require_rationales``, give
    every answer below the line the rationale its criteria set requires (``unexplained_answers``);
    otherwise ``AssessmentIncomplete``, nothing written, names what the first incomplete one lacks.
    Each becomes submitted now, its return comment answered by the submission (the history keeps
    it): one bulk update and its history however many. ``questions`` and ``answered`` (assessment
    id → answered question ids) as ``missing_questions`` takes them, read when not given; ``actor``
    None keeps the user each assessment was attributed to (``inspection.history.attribute``).
    The judgements import passes ``require_rationales=False``: in its binding format the
    rationale is optional and a complete file's assessments are submitted.
    """
    unexplained = unexplained_answers(assessments=assessments) if require_rationales else {}
    for assessment in assessments:
        missing = assessment.missing_questions(
            questions=questions, answered=None if answered is None else answered[assessment.pk]
        )
        if missing or unexplained.get(assessment.pk):
            raise AssessmentIncomplete(missing, unexplained.get(assessment.pk, ()))
    now = timezone.now()
    for assessment in assessments:
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = now
        assessment.return_comment = ""
        assessment.returned_for_characteristics = False
        history.attribute(assessment, actor=actor, reason=reason)
    update_objects_with_history(
        objs=assessments,
        fields=["status", "submitted_at", "return_comment", "returned_for_characteristics"],
        when=now,
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def return_assessment(*, assessment: Assessment, comment: str, actor) -> Assessment:
    """A moderator (the lead or quality assurance) returns a submitted assessment to its assessor,
    saying why; it is moderated again once resubmitted."""
    locked = lock_assessment(assessment)
    inspection = locked.case.inspection
    if not locked.can_moderate(actor):
        raise PermissionDenied("Only the lead inspector or quality assurance can return an assessment")
    if locked.status != Assessment.Status.SUBMITTED:
        raise ServiceError("Only a submitted assessment can be returned")
    if not inspection.judgements_editable:
        raise ServiceError(f"Assessments cannot be returned while the inspection is {inspection.stage}")
    comment = comment.strip()
    if not comment:
        raise ServiceError({"comment": "Enter why you are returning the assessment"})
    if len(comment) > MAX_RATIONALE:
        raise ServiceError({"comment": f"The comment must be {MAX_RATIONALE} characters or fewer"})
    locked.status = Assessment.Status.RETURNED
    locked.return_comment = comment
    locked.submitted_at = None
    locked.moderated_at = locked.moderated_by = None
    return history.save(locked, actor=actor, reason="returned")


# --- The interview ---


@transaction.atomic
def save_interview(
    *, assessment: Assessment, done: bool | None, interview_date: date | None, notes: str, actor
) -> Assessment:
    """Record the interview with the offender manager: whether it took place, when, and notes."""
    locked = lock_assessment(assessment)
    require_editor(locked, actor)
    errors: dict[str, str] = {}
    if done and interview_date is None:
        errors["interview_date"] = "Enter the date of the interview"
    if interview_date and interview_date > timezone.localdate():
        errors["interview_date"] = "The date of the interview must be today or in the past"
    if len(notes) > MAX_RATIONALE:
        errors["interview_notes"] = f"Notes must be {MAX_RATIONALE} characters or fewer"
    if errors:
        raise ServiceError(errors)
    locked.interview_done = done
    locked.interview_date = interview_date if done else None
    locked.interview_notes = notes.strip()
    if locked.status in STARTS_WORK:
        locked.status = Assessment.Status.IN_PROGRESS
    return history.save(locked, actor=actor, reason="interview")
