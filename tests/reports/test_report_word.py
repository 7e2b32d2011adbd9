"""The report as an editable Word file: the same content as the PDF, in Word's own structure."""

import io

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from reports import word
from reports.models import GeneratedPDF
from reports.report_data import assemble, version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise
from .test_report_finalising import answer_everything_no
from .test_report_pdf import write_report


@pytest.fixture
def draft(inspection, lead, notable_judgement):
    return write_report(inspection, lead, notable_judgement)


def open_docx(content: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(content))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


def table_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_headings_are_word_headings_in_the_report_order(draft):
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    expected = [
        ("Title", "Northshire Probation Trust"),
        ("Heading 1", "Contents"),
        ("Heading 1", "Foreword and summary"),
        ("Heading 1", "Recommendations for improvement"),
        ("Heading 1", "Making a difference"),
        ("Heading 1", "Scoring and summary table"),
        ("Heading 2", "Keeping people safe score"),
        ("Heading 1", "A. ASSESSMENT"),
        ("Heading 2", "A.1 General Criterion: INITIAL ASSESSMENT"),
        ("Heading 3", "Strengths:"),
        ("Heading 3", "Area for Improvement:"),
        ("Heading 1", "Appendix 1: Key findings by unit"),
        ("Heading 1", "Appendix 4: Glossary"),
    ]
    position = 0
    for heading in expected:
        assert heading in headings[position:], f"{heading} missing or out of order"
        position = headings.index(heading, position) + 1
    assert document.core_properties.title == "Northshire – inspection report (DRAFT)"
    assert document.core_properties.language == "en-GB"


def test_figures_are_word_tables_with_a_repeating_header_row(draft):
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    rows = table_rows(document)
    assert ["The assessment was completed on time.", "28", "34", "82%"] in rows
    assert ["The assessment accurately reflected risk:"] * 4 in rows  # the group heading spans the table
    assert ["A.2 Custody planning", "56%", "Requires improvement"] in rows
    appendix = next(t for t in document.tables if t.rows[0].cells[1].text.startswith("ALL CASES"))
    all_cases = "ALL CASES (35 cases; 34 counted)"
    assert [c.text for c in appendix.rows[0].cells][:3] == ["Question", all_cases, all_cases]
    assert "w:tblHeader" in appendix.rows[0]._tr.xml
    assert [c.text for c in appendix.rows[3].cells][:5] == [
        "The assessment was completed on time.",
        "34",
        "82%",
        "20",
        "100%",
    ]


def test_charts_are_pictures_with_alternative_text(draft):
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    shapes = list(document.inline_shapes)[1:]  # after Appendix 1's criteria chart
    assert len(shapes) == 7
    alt = shapes[0]._inline.docPr.get("descr")
    assert alt == "Chart 1: case sample by units. 35 cases: North cluster 20 (57%), South cluster 15 (43%)."
    assert all(shape._inline.docPr.get("descr").startswith("Chart ") for shape in shapes)
    assert picture(document, shapes[0]).startswith(b"\x89PNG")


def picture(document, shape) -> bytes:
    return document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob


def test_appendix_1_has_the_general_criteria_chart_as_a_captioned_picture(draft):
    """The PDF's chart (Cheshire's Appendix 1) as a picture: its caption before it, its alternative
    text with every score, and a bar as long as each score on the 0–100 strip."""
    data = assemble(inspection=draft.report.inspection, version=draft)
    document = open_docx(word.render(data))
    shape = document.inline_shapes[0]
    assert shape._inline.docPr.get("title") == "Scores for the general criteria"
    alt = shape._inline.docPr.get("descr")
    assert alt == f"Scores for the general criteria. {data.criteria_chart.desc}"
    scores = [(c.code, c.figure.score.whole_percent) for s in data.sections for c in s.criteria if c.questions]
    for code, percent in scores:
        assert f"{code} " in alt and f"{percent}%" in alt
    paragraphs = document.paragraphs
    at = next(
        i for i, p in enumerate(paragraphs) if p._p.xpath(".//wp:docPr[@title='Scores for the general criteria']")
    )
    assert paragraphs[at - 1].style.name == "Caption"
    assert paragraphs[at - 1].text.startswith("Chart: Scores for the general criteria")

    image = Image.open(io.BytesIO(picture(document, shape))).convert("RGB")
    blue = (0x1D, 0x70, 0xB8)
    runs = []  # the blue bar of each row: its length in pixels
    for y in range(image.height):
        row = [image.getpixel((x, y)) == blue for x in range(image.width)]
        if any(row) and (not runs or runs[-1][0] != y - 1):
            runs.append((y, sum(row)))
        elif any(row):
            runs[-1] = (y, runs[-1][1])
    strip = 340 * image.width / 400  # the 0–100% strip: 340 of the chart's 400 units
    assert [round(100 * length / strip) for _, length in runs] == [percent for _, percent in scores]


def test_user_text_stays_text_and_no_case_reference_is_printed(draft):
    text = all_text(open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft))))
    assert 'Good joint work <img src="file:///etc/passwd"> <b>bold</b>' in text
    assert "Our foreword about <b>Northshire</b>." in text
    assert "NS003" not in text and "A.1.03" not in text


def test_a_final_version_word_file_shows_the_frozen_figures(inspection, lead, sample):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    version.refresh_from_db()
    before = all_text(open_docx(word.render(version_data(version))))
    answer_everything_no(inspection)
    after = all_text(open_docx(word.render(version_data(version))))
    assert after.replace(after.split("Date: ")[1][:20], "") == before.replace(before.split("Date: ")[1][:20], "")
    assert "Version: 1 (final)" in after and "DRAFT" not in after


def test_build_report_writes_a_word_file(inspection, lead, sample, tmp_path):
    services.ensure_report(inspection=inspection, actor=lead)
    out = io.StringIO()
    call_command("build_report", inspection.slug, "--format", "docx", "--out", str(tmp_path / "r.docx"), stdout=out)
    assert "version 1 (Draft)" in out.getvalue()
    assert "The assessment was completed on time." in all_text(docx.Document(tmp_path / "r.docx"))


def test_the_team_asks_for_the_word_file_and_it_is_built_in_the_background(
    client_as, inspection, lead, inspector, sample
):
    """Asked for on the report page, built by the task (the tests' immediate backend runs it at
    once), then listed with its status and download, as a PDF is; no row in the PDFs' table."""
    services.ensure_report(inspection=inspection, actor=lead)
    client = client_as(inspector)
    overview = reverse("reports:report_overview", args=[inspection.slug])
    ask = reverse("reports:report_generate_word", args=[inspection.slug])
    assert f'action="{ask}"' in client.get(overview).content.decode()

    response = client.post(ask, follow=True)
    assert "Word file of version 1 requested: done." in response.content.decode()
    built = GeneratedPDF.objects.get()
    assert (built.file_format, built.status, built.requested_by) == ("docx", GeneratedPDF.Status.DONE, inspector)
    page = response.content.decode()
    download = reverse("reports:report_pdf_download", args=[inspection.slug, built.pk])
    assert f'href="{download}"' in page.split('id="word"')[1]
    assert "No PDF has been generated yet." in page

    file = client.get(download)
    assert file["Content-Type"] == word.CONTENT_TYPE
    assert file["Content-Disposition"] == f'attachment; filename="northshire-2026-report-v1-draft-{built.pk}.docx"'
    assert "82%" in all_text(open_docx(b"".join(file.streaming_content)))
    assert client.post(ask, {"version": "7"}).status_code == 404
