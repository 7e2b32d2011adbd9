"""The binding CSV formats of pooled analysis (DOMAIN.md: ``programme-table/1`` and
``programme-regression/1``) and an XLSX workbook with both tables. Text cells a spreadsheet could
read as a formula are neutralised (``reports.exports``), in CSV and XLSX alike."""

import io
from decimal import Decimal

from openpyxl import Workbook

from reports.exports import _append, _header, write_csv
from reports.scoring.rounding import measured

from .pooled import ProgrammeTable

TABLE_COLUMNS = ["question", "group_by", "group", "programme", "numerator", "denominator", "score"]
REGRESSION_COLUMNS = [
    "question",
    "n",
    "variable",
    "level",
    "reference",
    "in_model",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "p_value",
]


def half_up(value: float | None, places: int) -> Decimal | None:
    """``value`` rounded half up to ``places`` decimals (None stays None): the one rounding rule."""
    if value is None:
        return None
    return measured(float(value), places)


def table_rows(table: ProgrammeTable) -> list[list]:
    return [
        [table.question, r.group_by, r.group, r.programme, r.numerator, r.denominator, r.one_decimal]
        for r in table.rows
    ]


def regression_rows(fit) -> list[list]:
    """Rows of ``programme-regression/1``: per variable in the order asked, a row per non-reference
    level when in the model, else one row with the LR p-value of adding it."""
    rows = []
    for variable in fit.variables:
        if not variable.in_model:
            rows.append(
                [fit.question, fit.n, variable.name, "", "", "no", None, None, None, half_up(variable.p_value, 4)]
            )
            continue
        for level in variable.levels:
            rows.append(
                [
                    fit.question,
                    fit.n,
                    variable.name,
                    level.level,
                    variable.reference,
                    "yes",
                    half_up(level.odds_ratio, 3),
                    half_up(level.ci_low, 3),
                    half_up(level.ci_high, 3),
                    half_up(level.p_value, 4),
                ]
            )
    return rows


def _csv(rows: list[list], header: list[str]) -> str:
    out = io.StringIO()
    write_csv(rows, header, out)
    return out.getvalue()


def table_csv(table: ProgrammeTable) -> str:
    return _csv(table_rows(table), TABLE_COLUMNS)


def regression_csv(fit) -> str:
    return _csv(regression_rows(fit), REGRESSION_COLUMNS)


def workbook(*, table: ProgrammeTable, fit=None) -> bytes:
    """An XLSX workbook: the programme table, then (with ``fit``) the regression, each sheet with the
    columns of its CSV format."""
    book = Workbook()
    book.remove(book.active)
    sheets = [("Programme table", TABLE_COLUMNS, table_rows(table))]
    if fit is not None:
        sheets.append(("Logistic regression", REGRESSION_COLUMNS, regression_rows(fit)))
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        _header(sheet, header)
        for row in rows:
            _append(sheet, [None if value == "" else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
