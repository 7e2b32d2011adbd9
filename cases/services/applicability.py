"""Keeps each judgement's ``applicable`` flag in step with its case's characteristics, and
returns a submitted assessment to its assessor when a change makes a question apply that it
does not answer, or stop applying to one it does."""

from django.utils.text import capfirst
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from criteria import vocabulary
from criteria.models import Question
from inspection import history

from ..models import Assessment, Case, Judgement


def refresh_applicability(*, case: Case, actor=None) -> int:
    """Re-evaluate every judgement of ``case`` (``Case.applicable_questions``); returns how many changed.

    A judgement whose question no longer applies is kept (no work is lost, history stays) but is
    flagged so scores never count it; it counts again if the characteristics change back.
    """
    judgements = list(Judgement.objects.filter(assessment__case=case).select_related("question"))
    applies = {q.pk for q in case.applicable_questions({j.question for j in judgements})}
    changed = []
    for judgement in judgements:
        applicable = judgement.question_id in applies
        if judgement.applicable != applicable:
            judgement.applicable = applicable
            changed.append(judgement)
    if changed:
        bulk_update_with_history(
            changed,
            Judgement,
            ["applicable"],
            default_user=actor,
            default_change_reason="case characteristics changed",
        )
    return len(changed)


# --- Returning submitted assessments whose questions changed (issue 9) ---

RETURN_REASON = "returned: case characteristics changed"


def _changes(questions: list[Question], before: dict[str, str], after: dict[str, str]) -> str:
    """The changed characteristics that decide ``questions``, for people, in the vocabulary's
    order: 'sentence type: now licence; RoSH level: now medium' ("" when none of them changed)."""
    fields = {name for question in questions for name in question.applies_when or {}}
    return "; ".join(
        f"{vocabulary.characteristic_name(name)}: now {vocabulary.characteristic_value(name, after.get(name, ''))}"
        for name in vocabulary.CHARACTERISTICS
        if name in fields and before.get(name, "") != after.get(name, "")
    )


def _named(question: Question) -> str:
    """A question by code and text in single quotes: A.1.02 'The assessment accurately reflected risk:
    to the public' (curly quotes, and no full stop: the sentence goes on)."""
    return f"{question.code} \u2018{question.full_text.strip().rstrip('.')}\u2019"


def _about(questions: list[Question], one: str, several: str) -> str:
    """One question named in the sentence (``one``), or several counted and listed a line each."""
    return ngettext(one, several, len(questions)) % {
        "question": _named(questions[0]),
        "count": len(questions),
        "list": "".join(f"\n{_named(question)}" for question in questions),
    }


def return_comment(*, applies: list[Question], stopped: list[Question], before: dict, after: dict) -> str:
    """The generated return comment, for the assessor: what changed about the case, which questions
    now apply (unanswered) or stopped applying (their answers no longer count), and what to do."""
    changes = _changes([*applies, *stopped], before, after)
    parts = []
    if applies:
        parts.append(
            _about(
                applies,
                "question %(question)s now applies and has no answer.",
                "%(count)d questions now apply and have no answers:%(list)s",
            )
        )
    if stopped:
        parts.append(
            _about(
                stopped,
                "question %(question)s no longer applies and its answer no longer counts.",
                "%(count)d questions no longer apply and their answers no longer count:%(list)s",
            )
        )
    if applies:
        parts.append(ngettext("Answer it and submit again.", "Answer them and submit again.", len(applies)))
    else:
        parts.append("Check your other answers and submit again.")
    head = f"The case's details changed ({changes})" if changes else "The case's details changed"
    # Lists read better with a blank line before what follows them.
    gap = "\n\n" if len(applies) > 1 or len(stopped) > 1 else " "
    return gap.join([f"{head}, so {parts[0]}", *(capfirst(part) for part in parts[1:])])


def return_changed_assessments(*, case: Case, before: dict[str, str], actor=None) -> list[Assessment]:
    """Return to their assessors the case's submitted assessments that a change of characteristics
    (from ``before``, ``Case.characteristics()``) left with an unanswered question that now applies,
    or an answered one that no longer does, with a generated comment naming the questions. A
    returned assessment stops counting in scores until it is submitted again. Call after
    ``refresh_applicability``, inside the caller's transaction."""
    after = case.characteristics()
    if before == after:
        return []
    submitted = list(Assessment.objects.select_for_update().filter(case=case, status=Assessment.Status.SUBMITTED))
    if not submitted:
        return []
    questions = list(Question.objects.filter(criteria_set_id=case.inspection.criteria_set_id).order_by("order"))
    was = {q.pk for q in questions if vocabulary.applies(q.applies_when, before)}
    returned = []
    for assessment in submitted:
        assessment.case = case
        judgements = list(assessment.judgements.only("question_id", "option_id", "applicable"))
        answered = {j.question_id for j in judgements if j.is_answer}
        # An option chosen for a question that applied before (refresh_applicability has since
        # marked it not applicable, so it is no longer an answer).
        chosen = {j.question_id for j in judgements if j.option_id is not None}
        applies = assessment.missing_questions(questions=questions, answered=answered)
        stopped = [q for q in questions if q.pk in was and q.pk in chosen and not case.applies(q)]
        if not applies and not stopped:
            continue
        assessment.status = Assessment.Status.RETURNED
        assessment.submitted_at = None
        assessment.moderated_at = assessment.moderated_by = None
        assessment.returned_for_characteristics = True
        assessment.return_comment = return_comment(applies=applies, stopped=stopped, before=before, after=after)
        history.save(assessment, actor=actor, reason=RETURN_REASON)
        returned.append(assessment)
    return returned
