"""Corrections to the case sample: replacing the whole sample with a corrected file before
fieldwork, and removing one case until reporting starts. Every deletion is kept in history naming
``actor`` and the reason.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import BinaryIO

from django.db import router, transaction
from django.db.models.deletion import Collector
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from inspection import history
from inspection.errors import FileRejectedError, ServiceError

from ..models import Assessment, Case, Inspection, Unit
from ..selectors.inspections import sample_replace_refusal
from .sample import CASE_FIELDS, parse_sample, sample_editable

REMOVAL_REASON_MAX = 100  # history keeps the reason with each record (django-simple-history: 100 characters)


def _delete_with_history(objs: list, *, actor, reason: str) -> int:
    """Delete ``objs`` and everything that goes with them (a case's assessments, their answers and
    moderation records), each deletion kept in history naming ``actor`` and ``reason``. Returns how
    many rows went."""
    if not objs:
        return 0
    collector = Collector(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    for instances in collector.data.values():  # the instances the post_delete signals will carry
        history.attribute_all(instances, actor=actor, reason=reason)
    deleted, _ = collector.delete()
    return deleted


def _as_strings(row: dict) -> dict[str, str]:
    return {field: "" if row[field] is None else str(row[field]) for field in CASE_FIELDS}


@dataclass(frozen=True)
class SampleReplacement:
    """What replacing the sample with a file does: the references removed, added and kept (and
    those kept whose unit or characteristics change), the units created and removed, and how many
    removed cases lose an allocation. ``fingerprint`` names this plan, so the replacement made is
    the one the lead was shown."""

    source: str
    removed: list[str]
    added: list[str]
    kept: list[str]
    changed: list[str]
    removed_allocated: int
    units_created: list[str]
    units_removed: list[str]
    fingerprint: str


def _replacement_plan(*, inspection: Inspection, data, source: str) -> tuple[SampleReplacement, list[dict], list[Case]]:
    refusal = sample_replace_refusal(inspection=inspection)
    if refusal:
        raise FileRejectedError([f"{source}: {refusal}"])
    rows = parse_sample(data=data, source=source)
    current = list(Case.objects.filter(inspection=inspection).select_related("unit"))
    by_ref = {case.case_ref: case for case in current}
    file_refs = {row["case_ref"] for row in rows}
    removed = sorted(set(by_ref) - file_refs)
    added = sorted(file_refs - set(by_ref))
    kept = sorted(file_refs & set(by_ref))
    changed = sorted(
        row["case_ref"]
        for row in rows
        if row["case_ref"] in by_ref
        and (
            by_ref[row["case_ref"]].unit.name != row["unit"]
            or by_ref[row["case_ref"]].characteristics() != _as_strings(row)
        )
    )
    allocated = set(
        Assessment.objects.primary()
        .filter(case__inspection=inspection, case__case_ref__in=removed, assessor__isnull=False)
        .values_list("case__case_ref", flat=True)
    )
    unit_names = set(Unit.objects.filter(inspection=inspection).values_list("name", flat=True))
    file_units = {row["unit"] for row in rows}
    units_created = sorted(file_units - unit_names)
    units_removed = sorted(unit_names - file_units)  # every case left is in the file, so these are empty
    plan = [removed, added, kept, changed, sorted(allocated), units_created, units_removed]
    replacement = SampleReplacement(
        source=source,
        removed=removed,
        added=added,
        kept=kept,
        changed=changed,
        removed_allocated=len(allocated),
        units_created=units_created,
        units_removed=units_removed,
        fingerprint=hashlib.sha256(json.dumps(plan).encode()).hexdigest()[:32],
    )
    return replacement, rows, current


def plan_sample_replacement(*, inspection: Inspection, data: bytes | str | BinaryIO, source: str) -> SampleReplacement:
    """What replacing the sample with this file would do, changing nothing (for the "Are you sure?"
    page). Raises FileRejectedError for a file with problems, or when the sample can no longer be
    replaced (``sample_replace_refusal``)."""
    return _replacement_plan(inspection=inspection, data=data, source=source)[0]


@transaction.atomic
def replace_sample(
    *, inspection: Inspection, data: bytes | str | BinaryIO, source: str, fingerprint: str, actor=None
) -> SampleReplacement:
    """Make the sample exactly the file's cases, or change nothing.

    Only before fieldwork and before any answer is recorded (``sample_replace_refusal``). Cases not
    in the file are removed with their allocations, each removal kept in history with the reason;
    cases in both take the file's unit and characteristics; new ones are added; units left with no
    case and not in the file are removed. ``fingerprint`` is the plan the lead confirmed
    (``plan_sample_replacement``): if the sample changed since, nothing is done (ServiceError).
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    replacement, rows, current = _replacement_plan(inspection=inspection, data=data, source=source)
    if replacement.fingerprint != fingerprint:
        raise ServiceError("The sample changed after you checked this file: check what will change again")
    reason = f"Sample replaced from {source}"[:REMOVAL_REASON_MAX]
    by_ref = {case.case_ref: case for case in current}
    _delete_with_history([by_ref[ref] for ref in replacement.removed], actor=actor, reason=reason)

    units = {unit.name: unit for unit in Unit.objects.filter(inspection=inspection)}
    if replacement.units_created:
        bulk_create_with_history(
            [Unit(inspection=inspection, name=name) for name in replacement.units_created],
            Unit,
            default_user=actor,
            default_change_reason=reason,
        )
        units = {unit.name: unit for unit in Unit.objects.filter(inspection=inspection)}
    changed = set(replacement.changed)
    updates, new = [], []
    for row in rows:
        case = by_ref.get(row["case_ref"])
        if case is None:
            case = Case(inspection=inspection, case_ref=row["case_ref"])
            new.append(case)
        elif case.case_ref in changed:
            updates.append(case)
        else:
            continue
        case.unit = units[row["unit"]]
        for field in CASE_FIELDS:
            setattr(case, field, row[field])
    if updates:
        bulk_update_with_history(
            updates, Case, ["unit", *CASE_FIELDS], default_user=actor, default_change_reason=reason
        )
    if new:
        bulk_create_with_history(new, Case, batch_size=500, default_user=actor, default_change_reason=reason)
    empty = list(Unit.objects.filter(inspection=inspection, name__in=replacement.units_removed, cases__isnull=True))
    _delete_with_history(empty, actor=actor, reason=reason)
    return replacement


@transaction.atomic
def remove_case(*, case: Case, reason: str, actor=None) -> int:
    """Take a case out of the sample, with the reason, until reporting starts.

    The case goes with its assessments, answers and moderation records, so it counts nowhere: not
    in the scores, the breakdowns, the agreement figures, the exports or the report. Each deletion
    is kept in history naming ``actor`` and the reason (the sample page lists removed cases from
    it). A case that belongs in the sample but could not be assessed is not removed: it is excluded
    from the report's counts when the report is finalised, and the report says why. Returns how
    many rows went (the case and everything with it).
    """
    case = Case.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    sample_editable(case.inspection)
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError({"reason": "Enter why the case is removed from the sample"})
    if len(reason) > REMOVAL_REASON_MAX:
        raise ServiceError({"reason": f"The reason must be {REMOVAL_REASON_MAX} characters or fewer"})
    return _delete_with_history([case], actor=actor, reason=reason)
