"""PDF/UA-1 to the letter, read with pikepdf from the structure tree of a built report: every table
header cell has a /Scope, every data cell (Appendix 1's question cells included) its /Headers, and
every link annotation says in words where it goes."""

import io

import pikepdf
import pytest

from reports import pdf
from reports.report_data import assemble

from .test_report_pdf import write_report

pytestmark = pytest.mark.pdf


@pytest.fixture
def structure(inspection, lead, notable_judgement):
    version = write_report(inspection, lead, notable_judgement)
    content = pdf.render(assemble(inspection=inspection, version=version)).content
    document = pikepdf.open(io.BytesIO(content))
    elements = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            elements.append(node)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(document.Root.StructTreeRoot)
    return document, elements


def by_tag(elements, tag):
    return [e for e in elements if e.get("/S") == tag]


def test_every_table_header_cell_has_a_scope(structure):
    _, elements = structure
    headers = by_tag(elements, "/TH")
    assert len(headers) > 50
    assert all(str(h.A.get("/Scope")) in ("/Row", "/Column") for h in headers)
    assert {str(h.A.Scope) for h in headers} == {"/Row", "/Column"}


def test_every_data_cell_names_its_headers(structure):
    _, elements = structure
    ids = {str(h.ID) for h in by_tag(elements, "/TH") if "/ID" in h}
    cells = by_tag(elements, "/TD")
    assert len(cells) > 100
    for cell in cells:
        headers = cell.A.get("/Headers")
        assert headers is not None and len(headers) > 0
        assert {str(h) for h in headers} <= ids
    # Appendix 1's question cells: under "Question" and their criterion's heading row (at least two).
    assert sum(1 for cell in cells if len(cell.A.Headers) >= 2) > 20


def test_links_say_in_words_where_they_go(structure):
    document, _ = structure
    links = [a for page in document.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert links
    for link in links:
        words = str(link.Contents)
        assert " " in words or words[:1].isupper(), words
        assert not words.startswith("#") and "criterion-" not in words and "section-" not in words
    assert any(str(link.Contents).startswith("A.1 General Criterion") for link in links)


def test_appendix_1_charts_the_general_criteria_scores_with_alternative_text(structure):
    _, elements = structure
    alts = [str(e.get("/Alt", "")) for e in by_tag(elements, "/Figure")]
    chart = next(alt for alt in alts if alt.startswith("Scores for the general criteria"))
    assert "A.1 " in chart and "%" in chart  # the scores themselves, not only a title
