"""Reads for a case's judgement history: who changed which answer, when and why, leaving out the
assessments a marker may not see yet (blind double marking). One query for the history records."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from criteria.models import Question

from ..models import Assessment, Case, Judgement
from .assessment import hidden_assessment_ids

# --- The judgement history ---


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime
    who: str
    question: Question
    source: str
    changes: list[Change]
    created: bool
    history_id: int


TRACKED = [
    ("option", "Answer"),
    ("rationale", "Rationale"),
    ("notable_practice", "Notable practice"),
    ("notable_example", "Example"),
    ("applicable", "Applies to the case"),
]
NOTABLE_LABELS = dict(Judgement.NotablePractice.choices)


def _shown(name: str, record) -> str:
    if name == "option":
        return record.option.label if record.option_id else ""
    if name == "notable_practice":
        return NOTABLE_LABELS.get(record.notable_practice, "") if record.notable_practice else ""
    if name == "applicable":
        return "Yes" if record.applicable else "No"
    return getattr(record, name)


def judgement_history(*, case: Case, hidden_assessment_ids: Collection[int] = ()) -> list[HistoryRow]:
    """Every recorded change to the case's judgements as old → new rows, newest first, except
    those of the assessments hidden from the reader (double marking's blindness).

    One query: each judgement's historical records in order, compared with the record before.
    """
    records = (
        Judgement.history.filter(assessment__case=case)
        .exclude(assessment_id__in=list(hidden_assessment_ids))
        .select_related("history_user", "question", "option")
        .order_by("id", "history_date", "history_id")
    )
    rows: list[HistoryRow] = []
    previous = None
    for record in records:
        if previous is None or previous.id != record.id:
            previous = None
        if record.history_type == "-":
            previous = record
            continue
        changes = []
        for name, label in TRACKED:
            new = _shown(name, record)
            old = _shown(name, previous) if previous is not None else ""
            if previous is None and name == "applicable" and record.applicable:
                continue  # a new judgement applies: not worth a line
            if old != new:
                changes.append(Change(label=label, old=old, new=new))
        if changes:
            user = record.history_user
            rows.append(
                HistoryRow(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else "System",
                    question=record.question,
                    source=record.history_change_reason or "",
                    changes=changes,
                    created=previous is None,
                    history_id=record.history_id,
                )
            )
        previous = record
    rows.sort(key=lambda row: row.history_id, reverse=True)  # records are numbered as they are written
    return rows


def judgement_in(*, inspection, pk: int, user) -> Judgement | None:
    """The inspection's judgement with that id, with its case and criterion, or None when there is
    none or ``user`` may not see it (``hidden_assessment_ids``): two queries."""
    judgement = (
        Judgement.objects.select_related("assessment__case", "question__general_criterion")
        .filter(pk=pk, assessment__case__inspection=inspection)
        .first()
    )
    if judgement is None:
        return None
    assessments = list(Assessment.objects.filter(case_id=judgement.assessment.case_id))
    return None if judgement.assessment_id in hidden_assessment_ids(user=user, assessments=assessments) else judgement
