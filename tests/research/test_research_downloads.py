"""The research downloads: the table and the regression as CSV in the binding formats, both in a
workbook, and a Word document of every question chosen; each one in the audit log, and none
carrying a formula a spreadsheet would run."""

import csv
import io

import pytest
from django.urls import reverse
from docx import Document

from inspection.models import AuditEvent

from .data import QUESTION
from .pages import document_text, workbook_values

pytestmark = pytest.mark.django_db

TABLE_HEADER = ["question", "group_by", "group", "programme", "numerator", "denominator", "score"]
REGRESSION_HEADER = [
    "question", "n", "variable", "level", "reference", "in_model", "odds_ratio", "ci_low", "ci_high", "p_value",
]  # fmt: skip


def download(client, name: str, query: str):
    response = client.get(f"{reverse(f'research:{name}')}?{query}")
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_table_csv_is_in_the_programme_table_format_with_the_hand_counted_figures(client_as, analyst, research):
    rows = csv_rows(download(client_as(analyst), "table_csv", f"{research.both}&question={QUESTION}"))
    assert rows[0] == TABLE_HEADER
    assert rows[1:4] == [
        [QUESTION, "all", "all", "all", "5", "9", "55.6"],
        [QUESTION, "all", "all", "omi2", "4", "6", "66.7"],
        [QUESTION, "all", "all", "qi", "1", "3", "33.3"],
    ]
    assert [QUESTION, "gender", "female", "qi", "0", "1", "0.0"] in rows


def test_the_regression_csv_is_in_the_programme_regression_format(client_as, analyst, research):
    rows = csv_rows(download(client_as(analyst), "regression_csv", f"{research.both}&question={QUESTION}"))
    assert rows[0] == REGRESSION_HEADER
    assert {row[2] for row in rows[1:]} <= {
        "programme",
        "gender",
        "age_group",
        "bame",
        "supervision",
        "rosh_band",
        "mappa",
    }


def test_the_workbook_holds_the_table_and_the_regression(client_as, analyst, research):
    values = workbook_values(download(client_as(analyst), "xlsx", f"{research.both}&question={QUESTION}").content)
    assert "omi2" in values or "OMI2" in values
    assert "in_model" in values or "In model" in values


def test_the_word_document_has_a_section_with_tables_for_every_question_chosen(client_as, analyst, research):
    response = download(client_as(analyst), "docx", f"{research.both}&question={QUESTION}&question=A.1.01")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{QUESTION}: The assessment accurately reflected risk: to the public",
                        "A.1.01: The assessment was completed on time."]  # fmt: skip
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert f"Table 1: {QUESTION}, n and percent yes by group" in captions
    assert "Table 2: A.1.01, n and percent yes by group" in captions
    assert document.core_properties.language == "en-GB"
    table = document.tables[0]
    all_cases = [cell.text for cell in table.rows[1].cells]
    assert all_cases == ["All cases", "6", "66.7", "3", "33.3", "9", "55.6"]


def test_the_word_document_needs_a_question(client_as, analyst, research):
    response = client_as(analyst).get(f"{reverse('research:docx')}?{research.both}")
    assert response.status_code == 400
    assert "Choose one or more questions for the Word document" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("table_csv", "Programme table CSV"),
        ("regression_csv", "Programme regression CSV"),
        ("xlsx", "Programme analysis XLSX"),
        ("docx", "Programme analysis Word document"),
    ],
)
def test_each_download_is_recorded_in_the_audit_log(client_as, analyst, research, name, what):
    download(client_as(analyst), name, f"{research.both}&question={QUESTION}")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert event.user == analyst
    assert event.detail.startswith(f"{what}: {reverse(f'research:{name}')}?")


def test_a_refused_download_is_not_recorded(client_as, lead, research):
    client_as(lead).get(f"{reverse('research:table_csv')}?{research.both}&question={QUESTION}")
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_no_download_carries_a_formula(client_as, analyst, research):
    research.qi.name = '=HYPERLINK("http://example.invalid","Quality")'
    research.qi.save()
    client = client_as(analyst)
    query = f"{research.both}&question={QUESTION}"
    for name in ("table_csv", "regression_csv"):
        for row in csv_rows(download(client, name, query)):
            assert not any(cell[:1] in ("=", "+", "@") for cell in row)
    for value in workbook_values(download(client, "xlsx", query).content):
        assert not (isinstance(value, str) and value[:1] in ("=", "+", "@"))
    assert "HYPERLINK" in document_text(download(client, "docx", query).content)  # text, never a field
