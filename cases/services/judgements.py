"""Writes of a criterion page: saving the answers to one general criterion's questions.

The save is one call: it checks who may edit (``Assessment.edit_refusal``), validates every answer,
settles the conflicts the person chose on the conflict page and writes the changed judgements in
bulk, each a new ``version``. No judgement is overwritten silently: an answer made against an
older version than the judgement's raises ``StaleEditError`` (with the other person's current
answers) instead. The assessment's transitions (started, submitted, returned) are in
``cases.services.assessments``.

History: a judgement change's reason is its source (``SOURCE_FORM``, ``SOURCE_IMPORT`` or
``SOURCE_MODERATION``), which ``cases.selectors.history.judgement_history`` shows.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from criteria import kept, vocabulary
from criteria.models import AnswerOption, GeneralCriterion, Question
from inspection.errors import ServiceError, StaleEditError

from ..models import Assessment, Case, Judgement
from .assessments import MAX_RATIONALE, lock_assessment, require_editor, start_work
from .bulk_writes import create_objects_with_history, update_objects_with_history

SOURCE_FORM = "form"
SOURCE_IMPORT = "import"
SOURCE_MODERATION = "moderation"

MAX_EXAMPLE = 2000
EDITED_FIELDS = [
    "option",
    "rationale",
    "notable_practice",
    "notable_example",
    "applicable",
    "version",
    "updated_by",
    "updated_at",
]


@dataclass(frozen=True)
class Answer:
    """One question's answer as a criterion page edits it (the option by its value), with the
    ``version`` of the judgement it was made against (0: none yet), which is not part of its value."""

    option: str = ""
    rationale: str = ""
    notable_practice: str = ""
    notable_example: str = ""
    version: int = field(default=0, compare=False)

    @classmethod
    def of(cls, judgement: Judgement | None) -> "Answer":
        """The judgement's current answer (blank, version 0, when there is none)."""
        if judgement is None:
            return cls()
        return cls(
            option=judgement.option.value if judgement.option_id else "",
            rationale=judgement.rationale,
            notable_practice=judgement.notable_practice,
            notable_example=judgement.notable_example,
            version=judgement.version,
        )


@dataclass(frozen=True)
class Conflict:
    """A question someone else changed after the page was opened: their current answer and yours."""

    question: Question
    theirs: Answer
    mine: Answer
    updated_by: object | None = None
    updated_at: datetime | None = None

    @classmethod
    def between(cls, question: Question, judgement: Judgement | None, mine: Answer) -> "Conflict":
        return cls(
            question=question,
            theirs=Answer.of(judgement),
            mine=mine,
            updated_by=judgement.updated_by if judgement else None,
            updated_at=judgement.updated_at if judgement else None,
        )

    @property
    def version(self) -> int:
        """Their current version (0: their judgement was deleted meanwhile)."""
        return self.theirs.version

    @property
    def resubmitted(self) -> Answer:
        """Mine made against their version: what the page sends back, so that "use mine" then saves
        (and a change newer still is a new conflict)."""
        return replace(self.mine, version=self.theirs.version)


@dataclass
class SaveResult:
    created: int
    updated: int
    status: str = ""  # the assessment's status after the save (saving may start work on it)

    @property
    def changed(self) -> int:
        return self.created + self.updated


@transaction.atomic
def save_criterion_page(
    *,
    assessment: Assessment,
    general_criterion: GeneralCriterion,
    answers: Mapping[str, Answer],
    keep_theirs: Collection[str] = (),
    actor,
) -> SaveResult:
    """Save the answers to one general criterion's questions as a draft (partly answered is fine).

    ``answers``: question code → ``Answer``, each with the version of the judgement it was made
    against. ``keep_theirs``: the codes whose conflict the person settled by keeping the other
    person's answer (their current one is kept, whatever it now is). Only questions of this
    criterion that apply to the case are accepted (``ServiceError`` listing every problem).

    Raises ``StaleEditError``, writing nothing, when a judgement on the page changed since its
    answer's version (someone else's new judgement included) and differs from that answer: its
    ``conflicts`` are ``Conflict``s and its ``answers`` every answer of the page with the settled
    ones as kept, for the page to carry on.
    """
    locked = lock_assessment(assessment)
    require_editor(locked, actor)
    questions = _checked_questions(case=locked.case, general_criterion=general_criterion, answers=answers)
    existing = {
        j.question_id: j
        for j in Judgement.objects.filter(
            assessment=locked, question__general_criterion=general_criterion
        ).select_related("option", "updated_by")
    }
    judgements = {code: existing.get(questions[code].pk) for code in answers}
    changes = _changes(answers=answers, keep_theirs=keep_theirs, questions=questions, judgements=judgements)
    source = SOURCE_FORM if locked.assessor_id == actor.pk else SOURCE_MODERATION
    result = _write_answers(
        assessment=locked, questions=questions, judgements=judgements, changes=changes, actor=actor, source=source
    )
    if result.changed:
        start_work(locked, actor)
    result.status = locked.status
    return result


def _changes(
    *,
    answers: Mapping[str, Answer],
    keep_theirs: Collection[str],
    questions: dict[str, Question],
    judgements: dict[str, Judgement | None],
) -> dict[str, Answer]:
    """The answers to write: those made against their judgement's current version that change it.

    An answer made against an older version is dropped when it equals the current one, otherwise
    it is a conflict; conflicts settled by keeping theirs take the current answer. Any conflict
    left raises ``StaleEditError`` for the whole page.
    """
    current = {code: Answer.of(judgement) for code, judgement in judgements.items()}
    settled = {code: current[code] if code in keep_theirs else answer for code, answer in answers.items()}
    stale = {code for code, answer in settled.items() if answer.version != current[code].version}
    conflicts = [
        Conflict.between(questions[code], judgements[code], settled[code])
        for code in settled
        if code in stale and settled[code] != current[code]
    ]
    if conflicts:
        raise StaleEditError(
            f"Someone else changed {', '.join(c.question.code for c in conflicts)} after you opened the page",
            conflicts=conflicts,
            answers=settled,  # the page carries them on to the person's next choice
        )
    # An unchanged answer is still written where its judgement was flagged not applicable.
    return {
        code: answer
        for code, answer in settled.items()
        if code not in stale
        and (answer != current[code] or (judgements[code] is not None and not judgements[code].applicable))
    }


def _checked_questions(
    *, case: Case, general_criterion: GeneralCriterion, answers: Mapping[str, Answer]
) -> dict[str, Question]:
    """The criterion's questions by code (with their scales) once every answer is known valid."""
    if general_criterion.criteria_set_id != case.inspection.criteria_set_id:
        raise ServiceError("That criterion is not in this inspection's criteria set")
    kept_questions = kept.set_questions(general_criterion.criteria_set_id, options=True).by_criterion_id
    questions = {q.code: q for q in kept_questions.get(general_criterion.pk, ())}
    applicable = {q.code for q in case.applicable_questions(questions.values())}
    errors = []
    for code, answer in answers.items():
        question = questions.get(code)
        if question is None:
            errors.append(f"{code} is not a question of criterion {general_criterion.code}")
        elif code not in applicable:
            errors.append(f"{code} does not apply to this case ({vocabulary.describe_rule(question.applies_when)})")
        else:
            errors.extend(_value_errors(question, answer))
    if errors:
        raise ServiceError(errors)
    return questions


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


def _option(question: Question, value: str) -> AnswerOption | None:
    if not value:
        return None
    return next((o for o in question.scale.options.all() if o.value == value), None)


def _write_answers(
    *,
    assessment: Assessment,
    questions: dict[str, Question],
    judgements: dict[str, Judgement | None],
    changes: dict[str, Answer],
    actor,
    source: str,
) -> SaveResult:
    """Write the changed answers, each a new version, in bulk: a fixed number of queries however
    many questions the criterion has."""
    now = timezone.now()
    to_create: list[Judgement] = []
    to_update: list[Judgement] = []
    for code, answer in changes.items():
        judgement = judgements[code]
        if judgement is None:
            judgement = Judgement(assessment=assessment, question=questions[code], version=0)
            to_create.append(judgement)
        else:
            to_update.append(judgement)
        judgement.option = _option(questions[code], answer.option)
        judgement.rationale = answer.rationale
        judgement.notable_practice = answer.notable_practice
        judgement.notable_example = answer.notable_example
        judgement.applicable = True
        judgement.version += 1
        judgement.updated_by = actor
        judgement.updated_at = now
    # The rows and their history records without simple-history's model instance per record
    # (``bulk_update_with_history``'s CASE … WHEN update was half of a save's time).
    create_objects_with_history(objs=to_create, when=now, reason=source, actor=actor)
    update_objects_with_history(objs=to_update, fields=EDITED_FIELDS, when=now, reason=source, actor=actor)
    return SaveResult(created=len(to_create), updated=len(to_update))
