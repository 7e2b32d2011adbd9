"""Keeps each judgement's ``applicable`` flag in step with its case's characteristics."""

from simple_history.utils import bulk_update_with_history

from ..models import Case, Judgement


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
