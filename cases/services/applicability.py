"""Keeps each judgement's ``applicable`` flag in step with its case's characteristics, and
returns a submitted assessment to its assessor when a change makes a question apply that it
does not answer, or stop applying to one it does."""

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

SENTENCE_PHRASES = {
    "community_order": "on a community order",
    "suspended_sentence_order": "on a suspended sentence order",
    "licence": "on licence",
    "custody": "in custody",
}
RETURN_REASON = "returned: case characteristics changed"


def _cause(question: Question, before: dict[str, str], after: dict[str, str]) -> str:
    """Why ``question``'s applicability changed, in plain words: the fields of its rule that changed."""
    parts = []
    for name in question.applies_when or {}:
        if before.get(name, "") == after.get(name, ""):
            continue
        value = after.get(name, "")
        if name == "sentence_type":
            parts.append(f"the case is now {SENTENCE_PHRASES.get(value, value.replace('_', ' '))}")
        else:
            shown = value.replace("_", " ") if value else "not recorded"
            parts.append(f"the case's {vocabulary.LABELS.get(name, name)} is now {shown}")
    return " and ".join(parts) or "the case's characteristics changed"


def return_comment(*, applies: list[Question], stopped: list[Question], before: dict, after: dict) -> str:
    """The generated return comment: one line per question that now applies or stopped applying."""
    lines = [
        f"Question {q.code} now applies because {_cause(q, before, after)}: answer it and submit again."
        for q in applies
    ]
    lines += [
        f"Question {q.code} no longer applies because {_cause(q, before, after)}: its answer no longer counts. "
        "Check your other answers and submit again."
        for q in stopped
    ]
    return "\n".join(lines)


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
        answered = set(
            Judgement.objects.filter(assessment=assessment, option__isnull=False).values_list("question_id", flat=True)
        )
        applies = assessment.missing_questions(questions=questions, answered=answered)
        stopped = [q for q in questions if q.pk in was and q.pk in answered and not case.applies(q)]
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
