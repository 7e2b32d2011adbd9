"""Writes for the case sample: the ``inspection-sample/1`` CSV import, adding and editing one case,
and allocating cases to the team (replacing the sample and removing a case: ``sample_corrections``).

The import reads the file as a stream, validates every row against ``criteria.vocabulary`` and
either writes every case (with bulk inserts, a fixed number of queries) or raises
``FileRejectedError`` listing the problems as ``FILE, row N, field: …`` (spreadsheet numbering: the
header is row 1; past ``csv_files.MAX_PROBLEMS`` only how many more).
The other writes raise ``ServiceError`` keyed by the case form's fields. Each history record names
``actor``, the acting user (None for the system).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria import vocabulary
from inspection import history
from inspection.errors import FileRejectedError, ServiceError

from ..models import Assessment, Case, Inspection, Membership, Unit
from ..roles import ASSESSORS
from ..selectors.inspections import person_name, sample_replace_refusal
from .applicability import refresh_applicability, return_changed_assessments
from .csv_files import CsvFile, Problems

REQUIRED_COLUMNS = ["case_ref", "unit", *vocabulary.REQUIRED_CHARACTERISTICS]
OPTIONAL_COLUMNS = [f for f in vocabulary.CHARACTERISTICS if f not in vocabulary.REQUIRED_CHARACTERISTICS]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
CASE_FIELDS = list(vocabulary.CHARACTERISTICS)  # the Case model fields holding characteristics
MAX_LENGTHS = {"case_ref": 50, "unit": 200, "offence_type": 200}
AGE_RANGE = (10, 120)
# References appear in URLs (/inspections/<slug>/cases/<case_ref>/), so no slashes or spaces.
CASE_REF_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_FILE_BYTES = 2 * 1024 * 1024


def sample_editable(inspection: Inspection) -> None:
    """Refuse (ServiceError) when the inspection's stage no longer lets the sample change."""
    if not inspection.judgements_editable:
        raise ServiceError(f"The sample cannot change while the inspection is {inspection.stage}")


def validate_case_values(values: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """Check one case's values (strings, as in the CSV) against the vocabulary.

    Returns (cleaned values ready for the Case model, {field: message}); messages carry no
    location so the CSV import and the case form can each place them.
    """
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for field in COLUMNS:
        value = (values.get(field) or "").strip()
        if field in REQUIRED_COLUMNS and not value:
            errors[field] = "a value is required"
            continue
        if field in MAX_LENGTHS and len(value) > MAX_LENGTHS[field]:
            errors[field] = f"'{value[:20]}…' is longer than {MAX_LENGTHS[field]} characters"
            continue
        if field == "case_ref" and not CASE_REF_PATTERN.fullmatch(value):
            errors[field] = f"'{value}' must be letters and digits, optionally with '-', '_' or '.'"
            continue
        allowed = vocabulary.CHARACTERISTICS.get(field)
        if field == "age":
            if not value:
                cleaned["age"] = None
            elif not (value.isascii() and value.isdigit()) or not AGE_RANGE[0] <= int(value) <= AGE_RANGE[1]:
                errors[field] = f"'{value}' is not a whole number of years from {AGE_RANGE[0]} to {AGE_RANGE[1]}"
            else:
                cleaned["age"] = int(value)
            continue
        if allowed is not None and value and value not in allowed:
            errors[field] = f"'{value}' is not one of {', '.join(allowed)}"
            continue
        cleaned[field] = value
    return cleaned, errors


@dataclass
class SampleImportResult:
    cases: int
    units_created: list[str]


def parse_sample(
    *,
    data: bytes | str | BinaryIO,
    source: str,
    existing_refs: set[str] = frozenset(),
    already_hint: Callable[[int], str] | None = None,
) -> list[dict]:
    """Parse and validate an ``inspection-sample/1`` CSV (bytes, text or a binary file, read as a
    stream); returns the cleaned rows or raises FileRejectedError listing the problems found (the
    first ``csv_files.MAX_PROBLEMS``, then how many more).

    A row whose reference is in ``existing_refs`` is a problem; when there are any,
    ``already_hint(number of such rows)`` goes first: what to do instead."""
    csv_file = CsvFile(data=data, source=source, max_bytes=MAX_FILE_BYTES, columns=COLUMNS, required=REQUIRED_COLUMNS)
    header = csv_file.header
    problems = Problems(source)
    cleaned_rows: list[dict] = []
    first_row_of_ref: dict[str, int] = {}
    already = 0
    for number, values in csv_file.rows(problems):
        cleaned, row_errors = validate_case_values(values)
        ref = cleaned.get("case_ref", "")
        if ref and "case_ref" not in row_errors:
            if ref in first_row_of_ref:
                row_errors["case_ref"] = f"'{ref}' is repeated (first on row {first_row_of_ref[ref]})"
            elif ref in existing_refs:
                row_errors["case_ref"] = f"'{ref}' is already in the inspection's sample"
                already += 1
            else:
                first_row_of_ref[ref] = number
        # Report in the file's column order, as a person reads the row.
        for field in header:
            if field in row_errors:
                problems.add(f"{source}, row {number}, {field}: {row_errors[field]}")
        if not problems:  # a refused file's rows are not kept
            cleaned_rows.append(cleaned)
    if not problems and not cleaned_rows:
        problems.add(f"{source}: the file has a header row but no cases")
    if already and already_hint:
        problems.messages.insert(0, f"{source}: {already_hint(already)}")
        problems.count += 1
    problems.raise_if_any()
    return cleaned_rows


def _already_hint(inspection: Inspection) -> Callable[[int], str]:
    """What to do with a file whose cases are already in the sample (for ``parse_sample``): asks
    whether the sample can still be replaced only when there are such cases."""

    def hint(count: int) -> str:
        if sample_replace_refusal(inspection=inspection):
            todo = (
                "Fieldwork has started or answers have been recorded, so the sample can no longer be replaced: "
                "upload only the new cases, and edit or remove cases on the sample page."
            )
        else:
            todo = "To upload a corrected full sample, choose “Replace the sample with this file” and upload it again."
        already = ngettext(
            "%(count)d of its cases is already in the sample.",
            "%(count)d of its cases are already in the sample.",
            count,
        )
        return f"{already % {'count': count}} {todo}"

    return hint


@transaction.atomic
def import_sample(
    *, inspection: Inspection, data: bytes | str | BinaryIO, source: str, actor=None
) -> SampleImportResult:
    """Add every case in an ``inspection-sample/1`` CSV to the inspection, or nothing.

    Units named in the ``unit`` column are created as needed. Raises FileRejectedError. Imports
    into one inspection take turns (its row is locked), so the second sees the first's cases.
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    try:
        sample_editable(inspection)
    except ServiceError as exc:
        raise FileRejectedError([f"{source}: {exc.messages[0]}"]) from exc
    existing_refs = set(Case.objects.filter(inspection=inspection).values_list("case_ref", flat=True))
    rows = parse_sample(data=data, source=source, existing_refs=existing_refs, already_hint=_already_hint(inspection))

    units = {unit.name: unit for unit in Unit.objects.filter(inspection=inspection)}
    new_names = sorted({row["unit"] for row in rows} - set(units))
    if new_names:
        bulk_create_with_history(
            [Unit(inspection=inspection, name=name) for name in new_names],
            Unit,
            default_user=actor,
            default_change_reason=f"Imported from {source}",
        )
        units = {unit.name: unit for unit in Unit.objects.filter(inspection=inspection)}
    cases = [
        Case(
            inspection=inspection,
            unit=units[row["unit"]],
            case_ref=row["case_ref"],
            **{field: row[field] for field in CASE_FIELDS},
        )
        for row in rows
    ]
    try:
        bulk_create_with_history(
            cases, Case, batch_size=500, default_user=actor, default_change_reason=f"Imported from {source}"
        )
    except IntegrityError as exc:  # another import or edit added one of these references meanwhile
        raise FileRejectedError([f"{source}: the sample changed while this file was read; upload it again"]) from exc
    return SampleImportResult(cases=len(cases), units_created=new_names)


def _get_or_create_unit(*, inspection: Inspection, name: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(inspection=inspection, name=name)
    return unit


def _validated(values: dict[str, str]) -> dict:
    cleaned, errors = validate_case_values(values)
    if errors:
        raise ServiceError({field: message[0].upper() + message[1:] for field, message in errors.items()})
    return cleaned


@transaction.atomic
def add_case(*, inspection: Inspection, values: dict[str, str], actor=None) -> Case:
    """Add one case. ``values``: case_ref, unit (a name; created if new) and characteristics as strings."""
    sample_editable(inspection)
    cleaned = _validated(values)
    if Case.objects.filter(inspection=inspection, case_ref=cleaned["case_ref"]).exists():
        raise ServiceError({"case_ref": f"'{cleaned['case_ref']}' is already in the inspection's sample"})
    case = Case(
        inspection=inspection,
        case_ref=cleaned["case_ref"],
        unit=_get_or_create_unit(inspection=inspection, name=cleaned["unit"]),
        **{field: cleaned[field] for field in CASE_FIELDS},
    )
    return history.save(case, actor=actor)


@transaction.atomic
def update_case(*, case: Case, values: dict[str, str], actor=None) -> Case:
    """Change a case's reference, unit or characteristics.

    Characteristics decide which questions apply, so the judgements' ``applicable`` flags are
    refreshed in the same transaction: a judgement whose question stops applying is kept but no
    longer counted in scores. A submitted assessment left with an unanswered question that now
    applies, or an answer to one that no longer does, is returned to its assessor
    (``return_changed_assessments``).
    """
    case = Case.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    sample_editable(case.inspection)
    cleaned = _validated(values)
    if (
        cleaned["case_ref"] != case.case_ref
        and Case.objects.filter(inspection=case.inspection, case_ref=cleaned["case_ref"]).exists()
    ):
        raise ServiceError({"case_ref": f"'{cleaned['case_ref']}' is already in the inspection's sample"})
    before = case.characteristics()
    case.case_ref = cleaned["case_ref"]
    case.unit = _get_or_create_unit(inspection=case.inspection, name=cleaned["unit"])
    for field in CASE_FIELDS:
        setattr(case, field, cleaned[field])
    history.save(case, actor=actor)
    refresh_applicability(case=case, actor=actor)
    return_changed_assessments(case=case, before=before, actor=actor)
    return case


def case_values(case: Case) -> dict[str, str]:
    """A case as the strings ``add_case``/``update_case`` take (for initial form data)."""
    return {"case_ref": case.case_ref, "unit": case.unit.name, **case.characteristics()}


@dataclass
class AllocationResult:
    allocated: int  # new assessments
    reassigned: int
    unchanged: int


@transaction.atomic
def allocate_cases(*, inspection: Inspection, case_ids: list[int], assessor, actor=None) -> AllocationResult:
    """Allocate the cases to ``assessor`` (a team member): creates each case's primary assessment,
    or reassigns it (its judgements, drafts included, stay with the case)."""
    sample_editable(inspection)
    membership = Membership.objects.filter(inspection=inspection, user=assessor).first()
    if membership is None:
        raise ServiceError({"assessor": f"{person_name(assessor)} is not in this inspection's team"})
    if membership.role not in ASSESSORS:
        raise ServiceError({"assessor": f"{person_name(assessor)} is quality assurance: they moderate, not assess"})
    ids = set(case_ids)
    if not ids:
        raise ServiceError({"cases": "Select at least one case"})
    cases = list(Case.objects.filter(inspection=inspection, pk__in=ids).only("pk"))
    if len(cases) != len(ids):
        raise ServiceError({"cases": "Some of the selected cases are not in this inspection"})
    existing = {a.case_id: a for a in Assessment.objects.select_for_update().primary().filter(case__in=cases)}
    new = [Assessment(case=case, assessor=assessor, is_primary=True) for case in cases if case.pk not in existing]
    changed = [a for a in existing.values() if a.assessor_id != assessor.pk]
    for assessment in changed:
        assessment.assessor = assessor
    reason = f"Allocated to {assessor.username}"
    if new:
        bulk_create_with_history(new, Assessment, default_user=actor, default_change_reason=reason)
    if changed:
        bulk_update_with_history(changed, Assessment, ["assessor"], default_user=actor, default_change_reason=reason)
    return AllocationResult(allocated=len(new), reassigned=len(changed), unchanged=len(existing) - len(changed))
