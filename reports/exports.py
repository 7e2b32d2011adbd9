"""Exports of an inspection's figures: the ``inspection-scores/1`` CSV, an XLSX workbook, and the
raw judgements CSV for analysts.

Every text cell that a spreadsheet could read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, in CSV and XLSX alike.
"""

import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper
from openpyxl import Workbook
from openpyxl.styles import Font

from cases.models import Case, Inspection, Judgement, JudgementQuerySet
from criteria import vocabulary
from criteria.models import AnswerOption, Question
from inspection.csv_safety import csv_chunks, neutralise, write_csv
from reports.scoring import (
    Breakdown,
    InspectionScores,
    compute_breakdown,
    compute_scores,
    load_structure,
)
from reports.scoring.rounding import measured

SCORES_COLUMNS = ["level", "code", "title", "group_by", "group", "numerator", "denominator", "score"]
ALL = "all"
__all__ = ["neutralise", "write_csv"]  # kept here too: the commands and views import them from the exports


# --- inspection-scores/1 --------------------------------------------------------------------------


def _score_rows(scores: InspectionScores, group_by: str, group: str) -> Iterator[list]:
    """Rows of one group: questions, criteria, sections, headlines, each in criteria-set order."""
    for item in scores.all_items():
        score = item.score
        counted = score.denominator is not None  # question rows and pooled headlines
        yield [
            item.level,
            item.code,
            item.title,
            group_by,
            group,
            score.numerator if counted else None,
            score.denominator if counted else None,
            score.one_decimal,  # None (empty) where there is no score
        ]


def scores_table(*, inspection: Inspection, by: str | None = None) -> list[list]:
    """The rows of the ``inspection-scores/1`` export (values, not yet text): the whole sample
    (``group_by`` "all"), then, with ``by``, each group's rows in the breakdown's group order.
    Submitted work only. Raises ValueError for an unknown ``by``."""
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    if by is None:
        return list(_score_rows(compute_scores(inspection=inspection, structure=structure), ALL, ALL))
    breakdown = compute_breakdown(inspection=inspection, by=by, structure=structure)
    rows = list(_score_rows(breakdown.overall, ALL, ALL))
    for group in breakdown.groups:
        rows.extend(_score_rows(group.scores, by, group.key))
    return rows


def scores_csv(*, inspection: Inspection, by: str | None = None) -> str:
    out = io.StringIO()
    write_csv(scores_table(inspection=inspection, by=by), SCORES_COLUMNS, out)
    return out.getvalue()


# --- XLSX workbook --------------------------------------------------------------------------------

LEVEL_SHEETS = [
    ("question", "Questions"),
    ("criterion", "General criteria"),
    ("section", "Sections"),
    ("headline", "Headlines"),
]


def _sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _append(sheet, row: list) -> None:
    sheet.append([neutralise(v) if isinstance(v, str) else (float(v) if isinstance(v, Decimal) else v) for v in row])


def _header(sheet, row: list[str]) -> None:
    sheet.append([neutralise(value) for value in row])  # group names come from the data
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"  # a coordinate: creating the cell would add a blank row


def scores_workbook(*, inspection: Inspection, breakdowns: Iterable[str] = ("unit",)) -> bytes:
    """An XLSX workbook: one sheet per level (whole sample, with band and 95% CI for counted
    scores), then one sheet per breakdown (rows: every score; columns: numerator, denominator and
    percent of each group). Submitted work only."""
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    scores = compute_scores(inspection=inspection, structure=structure)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for level, title in LEVEL_SHEETS:
        sheet = workbook.create_sheet(title)
        _header(
            sheet,
            [
                "code",
                "title",
                "numerator",
                "denominator",
                "score",
                "whole percent",
                "band",
                "95% CI low",
                "95% CI high",
            ],
        )
        for item in scores.all_items():
            if item.level != level:
                continue
            score = item.score
            ci = score.ci
            _append(
                sheet,
                [
                    item.code,
                    item.title,
                    score.numerator,
                    score.denominator,
                    score.one_decimal,
                    score.whole_percent,
                    score.band_label or None,
                    measured(ci[0], 1) if ci else None,
                    measured(ci[1], 1) if ci else None,
                ],
            )
    for by in breakdowns:
        _breakdown_sheet(workbook, compute_breakdown(inspection=inspection, by=by, structure=structure))
    about = workbook.create_sheet("About")
    for row in [
        ["inspection", inspection.name],
        ["reference", inspection.slug],
        ["counted", "judgements of submitted primary assessments, for questions that apply to the case"],
        ["score", "percent above the line, one decimal, rounded half up; empty where there is no denominator"],
        ["cases in sample", scores.case_count],
    ]:
        _append(about, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _breakdown_sheet(workbook: Workbook, breakdown: Breakdown) -> None:
    sheet = workbook.create_sheet(_sheet_title(f"By {breakdown.label_in_sentence}"))
    groups = [("All cases", breakdown.overall), *[(g.key, g.scores) for g in breakdown.groups]]
    header = ["level", "code", "title"]
    for name, _ in groups:
        header += [f"{name} numerator", f"{name} denominator", f"{name} score"]
    header.append("difference between groups (p)")
    _header(sheet, header)
    _append(sheet, ["cases", "", "", *[v for _, s in groups for v in (None, None, s.case_count)], None])
    for item in breakdown.overall.all_items():
        row = [item.level, item.code, item.title]
        for _, scores in groups:
            score = scores.get(item.level, item.code).score
            row += [score.numerator, score.denominator, score.one_decimal]
        difference = breakdown.significance.get(item.code) if item.level == "question" else None
        row.append(measured(difference.p_value, 4) if difference else None)
        _append(sheet, row)


# --- Raw judgements -------------------------------------------------------------------------------

JUDGEMENT_COLUMNS = [
    "case_ref",
    "unit",
    *vocabulary.CHARACTERISTICS,
    *vocabulary.DERIVED_GROUPINGS,
    "question_code",
    "criterion_code",
    "section_code",
    "answer",
    "answer_label",
    "scoring",
    "applicable",
    "assessment_status",
    "is_primary",
    "counted",
    "assessor",
    "rationale",
    "notable_practice",
    "version",
    "updated_at",
]


def judgement_rows(*, inspection: Inspection) -> Iterator[list]:
    """One row per judgement (every assessment, primary or not), with the case's characteristics
    and derived groupings, and ``counted`` saying whether it counts in the scores, its text cells
    neutralised (``neutralise``). Five queries whatever the inspection's size; the judgements
    streamed from a server-side cursor in chunks (``counted`` is worked out by the database).

    ~250k rows at national size: a row reads the judgement's own values and ids, and the cells of
    its case (read with the sample, made once a case), of its question and answer (read with the
    criteria set) and of its assessor (read with the team) are made once, so per row only the
    free text is neutralised."""
    counting = ExpressionWrapper(JudgementQuerySet.counting(), output_field=BooleanField())
    rows = (
        Judgement.objects.filter(assessment__case__inspection=inspection)
        .annotate(counted=counting)
        .order_by("assessment__case__case_ref", "-assessment__is_primary", "assessment_id", "question__order")
        .values_list(
            "assessment__case_id",
            "question_id",
            "option_id",
            "applicable",
            "assessment__status",
            "assessment__is_primary",
            "assessment__assessor_id",
            "rationale",
            "notable_practice",
            "version",
            "updated_at",
            "counted",
        )
    )
    # The sample's cases by id, read first (a case added since is read when met).
    cases = _Loaded(
        Case.objects.values_list("id", "case_ref", "unit__name", *vocabulary.CHARACTERISTICS),
        first={"inspection": inspection},
    )
    answers, marking = _answer_cells(inspection), _marking_cells(inspection)
    case_id, case_cells = None, []
    last_updated, updated_text = None, ""  # an import's judgements share their time
    for row in rows.iterator(chunk_size=2000):
        if row[0] != case_id:  # rows come case by case
            case_id, (case_ref, unit, *characteristics) = row[0], cases[row[0]]
            case_cells = [neutralise(v) for v in [case_ref, unit, *_case_columns(tuple(characteristics))]]
        if (updated_at := row[10]) != last_updated:
            last_updated, updated_text = updated_at, updated_at.isoformat() if updated_at else ""
        yield [
            *case_cells,
            *answers[row[1], row[2]],
            "yes" if row[3] else "no",  # applicable
            *marking[row[4], row[5], row[6], row[11]],
            neutralise(row[7]),  # rationale
            neutralise(row[8]),  # notable_practice
            row[9],  # version
            updated_text,  # starts with the year's digits: nothing to neutralise
        ]


def _answer_cells(inspection: Inspection) -> "_CellsOf":
    """(question id, option id or None) -> the cells of the question's, criterion's and section's
    codes and the answer's value, label and scoring (one query each for the criteria set's
    questions and options; one more for any other, which no judgement should name)."""
    set_id = inspection.criteria_set_id
    questions = _Loaded(
        Question.objects.values_list("id", "code", "general_criterion__code", "general_criterion__section__code"),
        first={"criteria_set_id": set_id},
    )
    options = _Loaded(
        AnswerOption.objects.values_list("id", "value", "label", "scoring"), first={"scale__criteria_set_id": set_id}
    )
    return _CellsOf(lambda ids: [*questions[ids[0]], *(options[ids[1]] if ids[1] is not None else ("", "", ""))])


def _marking_cells(inspection: Inspection) -> "_CellsOf":
    """(status, is_primary, assessor id, counted) -> the cells of status, is_primary, counted and
    assessor (the team's usernames in one query; anyone else's when first met)."""
    usernames = _Loaded(
        get_user_model().objects.values_list("id", "username"), first={"memberships__inspection": inspection}
    )
    return _CellsOf(
        lambda v: [
            v[0],
            "yes" if v[1] else "no",
            "yes" if v[3] else "no",
            usernames[v[2]][0] if v[2] is not None else "",
        ]
    )


class _Loaded(dict):
    """The rows (id first) of ``query`` by id: those matching ``first`` read at once, any other
    when asked for."""

    def __init__(self, query, *, first: dict):
        super().__init__((row[0], row[1:]) for row in query.filter(**first))
        self.query = query

    def __missing__(self, key):
        row = self[key] = self.query.get(pk=key)[1:]
        return row


class _CellsOf(dict):
    """The neutralised cells made from some values by ``make``, each made once: ``cells[values]``."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, values: tuple) -> list:
        cells = self[values] = [neutralise(v) for v in self.make(values)]
        return cells


def _case_columns(values: tuple) -> list[str]:
    """The case's characteristics as text, then its derived groupings (vocabulary's functions)."""
    raw = dict(zip(vocabulary.CHARACTERISTICS, values, strict=True))
    chars = {k: "" if v is None else str(v) for k, v in raw.items()}
    return [
        *[chars[f] for f in vocabulary.CHARACTERISTICS],
        vocabulary.age_group(raw["age"]),
        vocabulary.bame(chars["ethnic_group"]),
        vocabulary.supervision(chars["sentence_type"]),
        vocabulary.rosh_band(chars["rosh"]),
        vocabulary.mappa(chars["mappa_level"], chars["mappa_category"]),
    ]


def judgements_csv_chunks(*, inspection: Inspection) -> Iterator[str]:
    """The raw judgements CSV in chunks of rows, for a streamed download in constant memory."""
    return csv_chunks(judgement_rows(inspection=inspection), JUDGEMENT_COLUMNS, neutralised=True)


def judgements_csv(*, inspection: Inspection) -> str:
    return "".join(judgements_csv_chunks(inspection=inspection))
