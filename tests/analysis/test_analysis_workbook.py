"""The XLSX workbook of pooled analysis: the programme table and the regression, as their CSVs."""

import io

from openpyxl import load_workbook

from cases.models import Case
from reports.analysis import REGRESSION_COLUMNS, TABLE_COLUMNS, logistic_regression, programme_table, workbook
from tests.analysis.conftest import QUESTION


def test_the_workbook_holds_both_tables_with_the_csv_columns(pooled):
    Case.objects.filter(case_ref="C1").update(offence_type="=HYPERLINK(1)")
    programmes = [pooled.omi2, pooled.qi]
    table = programme_table(question=QUESTION, programmes=programmes, by=["offence_type"])
    fit = logistic_regression(question=QUESTION, programmes=programmes, variables=["programme"])

    book = load_workbook(io.BytesIO(workbook(table=table, fit=fit)))

    assert book.sheetnames == ["Programme table", "Logistic regression"]
    rows = list(book["Programme table"].iter_rows(values_only=True))
    assert list(rows[0]) == TABLE_COLUMNS
    assert rows[1] == ("RISK1", "all", "all", "all", 5, 8, 62.5)
    assert ("RISK1", "offence_type", "'=HYPERLINK(1)", "all", 1, 1, 100.0) in rows
    assert ("RISK1", "all", "all", "qi", 0, 0, None) not in rows  # qi has cases
    regression = list(book["Logistic regression"].iter_rows(values_only=True))
    assert list(regression[0]) == REGRESSION_COLUMNS
    assert regression[1][:6] == ("RISK1", 8, "programme", None, None, "no")
