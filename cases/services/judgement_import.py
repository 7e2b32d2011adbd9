"""The ``inspection-judgements/1`` CSV import (DOMAIN.md, "Exchange formats").

Columns: ``case_ref``, ``question_code``, ``answer`` (an option value of the question's scale),
then optionally ``rationale`` and ``assessor`` (a username in the inspection's team). One row per
judgement; importing again updates the same judgements in place (their ``version`` goes up).

All or nothing: the whole file is validated first and every problem is listed as
``FILE, row N, field: …`` (header row 1); nothing is written unless the file is clean.

An import carries finished work: each case it touches gets a primary assessment (created if the
case has none, allocated to the first assessor named for it) which is **submitted** when every
applicable question is then answered, otherwise **in progress**.

History: every judgement and assessment change is recorded with ``history_change_reason``
"import" and ``history_user`` the importing user (or, from the command line with no user, the
row's assessor). Fast: a fixed number of queries whatever the file's size (new judgements and
their history through ``bulk_writes``: COPY on PostgreSQL; changed ones by one executemany UPDATE).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria import vocabulary
from criteria.errors import ImportErrors
from criteria.models import AnswerOption, Question

from ..models import Assessment, Case, Inspection, Judgement, Membership
from .bulk_writes import history_fields, insert_history, insert_rows, update_rows
from .csv_files import read_header, read_rows
from .judgements import MAX_RATIONALE, SOURCE_IMPORT

REQUIRED_COLUMNS = ["case_ref", "question_code", "answer"]
OPTIONAL_COLUMNS = ["rationale", "assessor"]
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


@dataclass
class _Row:
    number: int
    case: Case
    question: Question
    option: AnswerOption
    rationale: str | None  # None: the file has no rationale column (keep the existing one)
    assessor_id: int | None


def parse_judgements(*, inspection: Inspection, data: bytes | str, source: str) -> list[_Row]:
    """Read and validate the file against the inspection's sample, criteria set and team.

    Returns the rows, or raises ImportErrors listing every problem in row order (4 queries).
    """
    rows = read_rows(data=data, source=source, max_bytes=MAX_FILE_BYTES)
    header = read_header(rows=rows, source=source, columns=COLUMNS, required=REQUIRED_COLUMNS)
    has_rationale = "rationale" in header

    cases = {c.case_ref: c for c in Case.objects.filter(inspection=inspection)}
    questions = {q.code: q for q in Question.objects.filter(criteria_set_id=inspection.criteria_set_id)}
    options: dict[int, dict[str, AnswerOption]] = defaultdict(dict)
    for option in AnswerOption.objects.filter(scale__criteria_set_id=inspection.criteria_set_id):
        options[option.scale_id][option.value] = option
    team = dict(Membership.objects.filter(inspection=inspection).values_list("user__username", "user_id"))
    # Names outside the team: one query tells an unknown username from a user in another team.
    named = (
        {row[header.index("assessor")].strip() for row in rows[1:] if len(row) == len(header)}
        if "assessor" in header
        else set()
    )
    known_users = (
        set(get_user_model().objects.filter(username__in=named - set(team) - {""}).values_list("username", flat=True))
        if named - set(team) - {""}
        else set()
    )

    errors: list[str] = []
    parsed: list[_Row] = []
    first_row: dict[tuple[str, str], int] = {}
    characteristics: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, e.g. at the end of a spreadsheet export
        if len(row) != len(header):
            errors.append(f"{source}, row {number}: has {len(row)} values but the header has {len(header)} columns")
            continue
        values = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        row_errors: dict[str, str] = {}
        ref, code, answer = values["case_ref"], values["question_code"], values["answer"]
        case = cases.get(ref)
        if not ref:
            row_errors["case_ref"] = "a value is required"
        elif case is None:
            row_errors["case_ref"] = f"'{ref}' is not in the inspection's sample"
        question = questions.get(code)
        if not code:
            row_errors["question_code"] = "a value is required"
        elif question is None:
            row_errors["question_code"] = f"'{code}' is not a question of this inspection's criteria set"
        elif case is not None:
            if ref not in characteristics:
                characteristics[ref] = case.characteristics()
            if not vocabulary.applies(question.applies_when, characteristics[ref]):
                rule = vocabulary.describe_rule(question.applies_when)
                row_errors["question_code"] = f"'{code}' does not apply to case '{ref}' ({rule})"
            elif (ref, code) in first_row:
                row_errors["question_code"] = (
                    f"case '{ref}' question '{code}' is repeated (first on row {first_row[(ref, code)]})"
                )
            else:
                first_row[(ref, code)] = number
        option = None
        if not answer:
            row_errors["answer"] = "a value is required"
        elif question is not None:
            option = options[question.scale_id].get(answer)
            if option is None:
                allowed = ", ".join(options[question.scale_id])
                row_errors["answer"] = f"'{answer}' is not one of {allowed} (the answers to '{code}')"
        rationale = values.get("rationale", "")
        if len(rationale) > MAX_RATIONALE:
            row_errors["rationale"] = f"is longer than {MAX_RATIONALE} characters"
        username = values.get("assessor", "")
        assessor_id = None
        if username:
            assessor_id = team.get(username)
            if assessor_id is None:
                row_errors["assessor"] = (
                    f"'{username}' is not in this inspection's team"
                    if username in known_users
                    else f"'{username}' is not a known username"
                )
        # Report in the file's column order, as a person reads the row.
        errors.extend(
            f"{source}, row {number}, {field}: {row_errors[field]}" for field in header if field in row_errors
        )
        if not row_errors:
            parsed.append(_Row(number, case, question, option, rationale if has_rationale else None, assessor_id))
    if not errors and not parsed:
        errors.append(f"{source}: the file has a header row but no judgements")
    if errors:
        raise ImportErrors(errors)
    return parsed


@transaction.atomic
def import_judgements(*, inspection: Inspection, data: bytes | str, source: str, by=None) -> JudgementImportResult:
    """Import an ``inspection-judgements/1`` CSV into the inspection, all or nothing.

    ``by``: the importing user (history_user of every change; the row's assessor when None).
    Raises ImportErrors (nothing written) when the file has any problem or the inspection's
    judgements can no longer change.
    """
    if not inspection.judgements_editable:
        raise ImportErrors(
            [
                f"{source}: judgements cannot be changed while the inspection is in "
                f"{inspection.get_status_display().lower()}"
            ]
        )
    rows = parse_judgements(inspection=inspection, data=data, source=source)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={r.assessor_id for r in rows} - {None})}
    now = timezone.now()

    # Primary assessments of the touched cases; create the missing ones.
    case_ids = {row.case.pk for row in rows}
    # Filter by inspection, not by a list of ids: a fixed query whatever the number of cases.
    assessments = {
        a.case_id: a
        for a in Assessment.objects.select_for_update().filter(case__inspection=inspection, is_primary=True)
        if a.case_id in case_ids
    }
    first_assessor: dict[int, int | None] = {}
    for row in rows:
        if first_assessor.get(row.case.pk) is None:
            first_assessor[row.case.pk] = row.assessor_id
    new_assessments = [
        _with_history(
            Assessment(
                case_id=case_id,
                is_primary=True,
                assessor_id=first_assessor[case_id],
                status=Assessment.Status.IN_PROGRESS,
            ),
            by or users.get(first_assessor[case_id]),
        )
        for case_id in sorted(case_ids - set(assessments))
    ]
    if new_assessments:
        for assessment in bulk_create_with_history(
            new_assessments, Assessment, batch_size=BATCH_SIZE, default_user=by, default_change_reason=SOURCE_IMPORT
        ):
            assessments[assessment.case_id] = assessment

    # Existing judgements of those assessments, by (assessment, question).
    touched = {a.pk for a in assessments.values()}
    existing = {
        (j.assessment_id, j.question_id): j
        for j in Judgement.objects.filter(assessment__case__inspection=inspection, assessment__is_primary=True)
        if j.assessment_id in touched
    }
    to_create: list[dict] = []
    to_update: list[tuple[Judgement, int | None]] = []  # (changed judgement, history user id)
    answered: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        assessment = assessments[row.case.pk]
        actor = by or users.get(row.assessor_id)
        updated_by_id = row.assessor_id or (by.pk if by else None)
        judgement = existing.get((assessment.pk, row.question.pk))
        answered[assessment.pk].add(row.question.pk)
        if judgement is None:
            to_create.append(
                {
                    "assessment_id": assessment.pk,
                    "question_id": row.question.pk,
                    "option_id": row.option.pk,
                    "rationale": row.rationale or "",
                    "notable_practice": "",
                    "notable_example": "",
                    "applicable": True,
                    "version": 1,
                    "updated_at": now,
                    "updated_by_id": updated_by_id,
                    "history_user_id": actor.pk if actor else None,
                }
            )
            continue
        rationale = judgement.rationale if row.rationale is None else row.rationale
        if judgement.option_id == row.option.pk and judgement.rationale == rationale and judgement.applicable:
            continue
        judgement.option_id = row.option.pk
        judgement.rationale = rationale
        judgement.applicable = True
        judgement.version += 1
        judgement.updated_by_id = updated_by_id
        judgement.updated_at = now
        to_update.append((judgement, actor.pk if actor else None))
    if to_create:
        _create_judgements(inspection=inspection, values=to_create, when=now)
    if to_update:
        _update_judgements(changed=to_update, when=now)

    # Each touched case: submitted when every applicable question is answered, else in progress.
    for (assessment_id, question_id), judgement in existing.items():
        if judgement.option_id is not None and judgement.applicable:
            answered[assessment_id].add(question_id)
    questions = list(
        Question.objects.filter(criteria_set_id=inspection.criteria_set_id).values_list("id", "applies_when")
    )
    cases = {row.case.pk: row.case for row in rows}
    changed_assessments = []
    submitted = 0
    for case_id, assessment in assessments.items():
        characteristics = cases[case_id].characteristics()
        complete = all(
            qid in answered[assessment.pk] for qid, rule in questions if vocabulary.applies(rule, characteristics)
        )
        status = Assessment.Status.SUBMITTED if complete else Assessment.Status.IN_PROGRESS
        submitted += complete
        if assessment.status != status:
            assessment.status = status
            assessment.submitted_at = now if complete else None
            changed_assessments.append(_with_history(assessment, by or users.get(first_assessor[case_id])))
    if changed_assessments:
        bulk_update_with_history(
            changed_assessments,
            Assessment,
            ["status", "submitted_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=SOURCE_IMPORT,
        )
    return JudgementImportResult(
        rows=len(rows),
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
        cases=len(case_ids),
        submitted=submitted,
        in_progress=len(case_ids) - submitted,
        assessments_created=len(new_assessments),
    )


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


def _create_judgements(*, inspection: Inspection, values: list[dict], when) -> None:
    """Insert the new judgements and their "created" history records (3 queries, any number of rows)."""
    insert_rows(model=Judgement, fields=JUDGEMENT_FIELDS, rows=[[v[f] for f in JUDGEMENT_FIELDS] for v in values])
    ids = {
        (assessment_id, question_id): pk
        for pk, assessment_id, question_id in Judgement.objects.filter(
            assessment__case__inspection=inspection, assessment__is_primary=True, updated_at=when, version=1
        ).values_list("pk", "assessment_id", "question_id")
    }
    tracked = history_fields(Judgement)
    insert_history(
        model=Judgement,
        rows=[
            (
                [ids[(v["assessment_id"], v["question_id"])] if f == "id" else v[f] for f in tracked],
                v["history_user_id"],
            )
            for v in values
        ],
        when=when,
        reason=SOURCE_IMPORT,
    )


UPDATED_FIELDS = ["option_id", "rationale", "applicable", "version", "updated_by_id", "updated_at"]


def _update_judgements(*, changed: list[tuple[Judgement, int | None]], when) -> None:
    """Write the changed judgements and their "changed" history records (2 statements)."""
    update_rows(
        model=Judgement,
        fields=UPDATED_FIELDS,
        rows=[[getattr(judgement, f) for f in UPDATED_FIELDS] + [judgement.pk] for judgement, _ in changed],
    )
    tracked = history_fields(Judgement)
    insert_history(
        model=Judgement,
        rows=[([getattr(judgement, f) for f in tracked], user_id) for judgement, user_id in changed],
        when=when,
        reason=SOURCE_IMPORT,
        kind="~",
    )


def _with_history(obj, user):
    """Attach the history user (simple-history reads ``_history_user`` per object in bulk writes)."""
    if user is not None:
        obj._history_user = user
    return obj
