"""The ``inspection-judgements/1`` CSV import (DOMAIN.md, "Exchange formats").

Columns: ``case_ref``, ``question_code``, ``answer`` (an option value of the question's scale),
then optionally ``rationale``, ``assessor`` (a username in the inspection's team) and ``marking``
(``primary``, the default, or ``second``: the second marker's judgement on a double-marked case,
``assessor`` naming that marker, who must differ from the primary assessor). One row per
judgement; importing again updates the same judgements in place (their ``version`` goes up).

All or nothing: the whole file is validated first, read as a stream, and its problems are listed
as ``FILE, row N, field: …`` (header row 1; past ``csv_files.MAX_PROBLEMS`` only how many more);
nothing is written unless the file is clean. Imports into one inspection take turns.

An import carries finished work: each case it touches gets a primary assessment (created if the
case has none, allocated to the first assessor named for it), and with ``second`` rows a second
assessment by that marker (the case must have a primary assessment, in the database or in the
file); each is **submitted** when every applicable question is then answered, otherwise **in
progress**. The second rows' checks against the primary assessments come after the other problems
(the checks of each row are in ``judgement_rows``).

History: every judgement and assessment change is recorded with ``history_change_reason``
"import" and ``history_user`` the importing user (or, from the command line with no user, the
row's assessor). Fast: a fixed number of queries whatever the file's size; the clean rows, the
common case, are checked on their cells as read (``judgement_rows.CleanRows``) and only a row with
a problem goes through the checks that word it; new and changed judgements with their history
through ``bulk_writes`` (on PostgreSQL new ones copied straight into both tables, their foreign
keys checked once per referenced row).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from inspection import history
from inspection.collector import collector_paused
from inspection.errors import FileRejectedError

from ..models import Assessment, Inspection, Judgement
from .assessments import submit_assessments
from .bulk_writes import (
    bulk_create_with_history,
    insert_with_history,
    update_objects_with_history,
    update_with_history,
)
from .csv_files import CsvFile, Problems
from .judgement_rows import CleanRows, Known, Located, Row, check_second_rows, checked_row
from .judgements import SOURCE_IMPORT

REQUIRED_COLUMNS = ["case_ref", "question_code", "answer"]
OPTIONAL_COLUMNS = ["rationale", "assessor", "marking"]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_FILE_BYTES = 64 * 1024 * 1024
BATCH_SIZE = 2000


@dataclass
class JudgementImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    cases: int
    submitted: int  # touched cases whose assessment is now submitted
    in_progress: int  # touched cases still missing answers
    assessments_created: int


def parse_judgements(*, inspection: Inspection, data: bytes | str | BinaryIO, source: str) -> list[Row]:
    """Read (as a stream) and validate the file against the inspection's sample, criteria set and team.

    Returns the rows, or raises ``FileRejectedError`` listing the problems in row order (the first
    ``csv_files.MAX_PROBLEMS``, then how many more). 4 queries (5 when it names users outside the team).
    """
    return _parsed(inspection=inspection, data=data, source=source)[0]


def _parsed(*, inspection: Inspection, data, source: str) -> tuple[list[Row], Known]:
    """``parse_judgements``' rows, and what they were checked against."""
    csv_file = CsvFile(data=data, source=source, max_bytes=MAX_FILE_BYTES, columns=COLUMNS, required=REQUIRED_COLUMNS)
    header = csv_file.header
    known = Known.load(inspection=inspection)
    problems = Problems(source)
    parsed: list[Row] = []
    first_row: dict[tuple[str, str, bool], int] = {}  # (case_ref, question code, second) -> its first row
    seconds: list[Row] = []
    clean = CleanRows(header, known=known, first_row=first_row)
    for number, cells in csv_file.records(problems):
        checked = clean.row(cells, number)
        if checked is None:
            values = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
            row_errors, checked = checked_row(values, number=number, known=known, first_row=first_row)
            # Report in the file's column order, as a person reads the row.
            for column in header:
                if column in row_errors:
                    problems.add(Located(f"{source}, row {number}, {column}: ", row_errors[column]))
        if checked is not None and checked.second:
            seconds.append(checked)
        if not problems.count:  # a refused file's rows are not kept
            parsed.append(checked)
    if seconds:  # (a file of primary rows has nothing to check here)
        primary_rows = [r for r in parsed if not r.second]
        check_second_rows(seconds, parsed_primary=primary_rows, known=known, problems=problems)
    known.find_other_users()
    if not problems and not parsed:
        problems.add(f"{source}: the file has a header row but no judgements")
    problems.raise_if_any()
    return parsed, known


def import_judgements(
    *, inspection: Inspection, data: bytes | str | BinaryIO, source: str, actor=None
) -> JudgementImportResult:
    """Import an ``inspection-judgements/1`` CSV into the inspection, all or nothing.

    ``actor``: the importing user (history_user of every change; the row's assessor when None).
    Raises ``FileRejectedError`` (nothing written) when the file has any problem or the
    inspection's judgements can no longer change. Imports into one inspection take turns: the
    inspection's row is locked first, so a second import sees what the first wrote.
    """
    try:
        # A row object or two per judgement, all kept to the end: no collector passes over them.
        with collector_paused(), transaction.atomic():
            return _import(inspection=inspection, data=data, source=source, actor=actor)
    except IntegrityError as exc:  # a web save created the same assessment or judgement meanwhile
        raise FileRejectedError(
            [f"{source}: the inspection's judgements changed while this file was imported; upload it again"]
        ) from exc


def _import(*, inspection: Inspection, data, source: str, actor) -> JudgementImportResult:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not inspection.judgements_editable:
        raise FileRejectedError([f"{source}: judgements cannot be changed while the inspection is {inspection.stage}"])
    rows, known = _parsed(inspection=inspection, data=data, source=source)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={r.assessor_id for r in rows} - {None})}
    now = timezone.now()
    assessments, created = _touched_assessments(inspection=inspection, rows=rows, actor=actor, users=users)
    # Existing judgements of those assessments, by (assessment, question).
    touched = {a.pk for a in assessments.values()}
    existing = {
        (j.assessment_id, j.question_id): j
        for j in Judgement.objects.filter(assessment__case__inspection=inspection)
        if j.assessment_id in touched
    }
    answered: dict[int, set[int]] = defaultdict(set)
    for judgement in existing.values():
        if judgement.is_answer:
            answered[judgement.assessment_id].add(judgement.question_id)
    to_create, to_update = _changes(
        rows=rows, assessments=assessments, existing=existing, answered=answered, actor=actor, now=now
    )
    # New and changed judgements with their history records (a COPY each on PostgreSQL).
    if to_create:
        insert_with_history(model=Judgement, fields=JUDGEMENT_FIELDS, rows=to_create, when=now, reason=SOURCE_IMPORT)
    if to_update:
        update_with_history(model=Judgement, fields=UPDATED_FIELDS, rows=to_update, when=now, reason=SOURCE_IMPORT)
    submitted = _settle_statuses(assessments=list(assessments.values()), answered=answered, known=known)
    return JudgementImportResult(
        rows=len(rows),
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
        cases=len({case_id for case_id, _ in assessments}),
        submitted=submitted,
        in_progress=len(assessments) - submitted,
        assessments_created=created,
    )


def _touched_assessments(
    *, inspection: Inspection, rows: list[Row], actor, users: dict
) -> tuple[dict[tuple[int, bool], Assessment], int]:
    """The touched assessments by (case id, second) (locked; the missing ones created, in progress:
    a primary one allocated to the first assessor named for the case, a second one to its marker),
    and how many were created.

    Each is attributed for its history to ``actor``, or without one to its assessor.
    """
    cases = {}
    first_assessor: dict[tuple[int, bool], int | None] = {}
    for row in rows:
        key = (row.case.id, row.second)
        if first_assessor.get(key) is None:
            first_assessor[key] = row.assessor_id
            cases[key[0]] = row.case
    # Filter by inspection, not by a list of ids: a fixed query whatever the number of cases.
    assessments: dict[tuple[int, bool], Assessment] = {}
    for a in Assessment.objects.select_for_update().filter(case__inspection=inspection).order_by("pk"):
        key = (a.case_id, not a.is_primary)
        if key in first_assessor and key not in assessments:
            assessments[key] = a
    new = [
        Assessment(
            case_id=case_id,
            is_primary=not second,
            assessor_id=first_assessor[(case_id, second)],
            status=Assessment.Status.IN_PROGRESS,
        )
        for case_id, second in sorted(first_assessor.keys() - assessments.keys())
    ]
    for key, assessment in [*assessments.items(), *(((a.case_id, not a.is_primary), a) for a in new)]:
        assessment.case = cases[key[0]]  # with its characteristics, for completeness: no query
        history.attribute(assessment, actor=actor or users.get(first_assessor[key]), reason=SOURCE_IMPORT)
    if new:
        for assessment in bulk_create_with_history(
            new, Assessment, batch_size=BATCH_SIZE, default_user=actor, default_change_reason=SOURCE_IMPORT
        ):
            assessments[(assessment.case_id, not assessment.is_primary)] = assessment
    return assessments, len(new)


def _changes(
    *, rows: list[Row], assessments: dict[int, Assessment], existing: dict, answered: dict, actor, now
) -> tuple[list[tuple], list[tuple]]:
    """The judgements to create and the changed ones, as rows for ``bulk_writes``: the values of
    ``JUDGEMENT_FIELDS`` (of ``UPDATED_FIELDS`` and the pk) and the id of the user their history
    names. Each row's question is added to its assessment's ``answered``."""
    to_create: list[tuple] = []
    to_update: list[tuple] = []
    actor_id = actor.pk if actor else None
    assessment_ids = {key: assessment.id for key, assessment in assessments.items()}
    for row in rows:
        assessment_id = assessment_ids[(row.case.id, row.second)]
        question_id, option_id = row.question.id, row.option.id
        answered[assessment_id].add(question_id)  # every imported row answers its question
        history_user_id = actor_id if actor else row.assessor_id
        updated_by_id = row.assessor_id or actor_id
        judgement = existing.get((assessment_id, question_id)) if existing else None
        if judgement is None:
            # JUDGEMENT_FIELDS, the history user.
            rationale = row.rationale or ""
            to_create.append(
                (assessment_id, question_id, option_id, rationale, "", "", True, 1, now, updated_by_id, history_user_id)
            )
            continue
        rationale = judgement.rationale if row.rationale is None else row.rationale
        if judgement.option_id == option_id and judgement.rationale == rationale and judgement.applicable:
            continue
        # UPDATED_FIELDS, the pk, the history user.
        values = (option_id, rationale, True, judgement.version + 1, updated_by_id, now, judgement.pk)
        to_update.append((*values, history_user_id))
    return to_create, to_update


def _settle_statuses(*, assessments: list[Assessment], answered: dict[int, set[int]], known: Known) -> int:
    """Each touched assessment: submitted (through the web form's transition) when every
    applicable question is answered, else in progress. Returns how many are submitted."""
    # Complete: no question that applies unanswered (``Assessment.missing_questions``' rule).
    complete = {a.pk for a in assessments if known.applicable_to(a.case) <= answered[a.pk]}
    to_submit = [a for a in assessments if a.pk in complete and a.status != Assessment.Status.SUBMITTED]
    if to_submit:
        # The binding format's rationale is optional, and a complete file's assessments are submitted
        # even where the criteria set asks the web form for a rationale below the line.
        submit_assessments(
            assessments=to_submit,
            actor=None,
            reason=SOURCE_IMPORT,
            questions=list(known.questions.values()),
            answered=answered,
            require_rationales=False,
        )
    reopened = [a for a in assessments if a.pk not in complete and a.status != Assessment.Status.IN_PROGRESS]
    for assessment in reopened:
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.submitted_at = None
    update_objects_with_history(
        objs=reopened, fields=["status", "submitted_at"], when=timezone.now(), reason=SOURCE_IMPORT
    )
    return len(complete)


JUDGEMENT_FIELDS = [
    "assessment_id",
    "question_id",
    "option_id",
    "rationale",
    "notable_practice",
    "notable_example",
    "applicable",
    "version",
    "updated_at",
    "updated_by_id",
]
UPDATED_FIELDS = ["option_id", "rationale", "applicable", "version", "updated_by_id", "updated_at"]
