"""WeasyPrint's layout is stubbed unless a test is marked ``pdf`` (tests/conftest.py)."""

import io

import pytest
import weasyprint
from pypdf import PdfReader

HTML = "<html><body><p>Northshire figures</p></body></html>"


def test_without_the_mark_a_one_page_blank_pdf_stands_in(tmp_path):
    document = weasyprint.HTML(string=HTML).render()
    content = document.write_pdf()
    assert content.startswith(b"%PDF") and len(document.pages) == len(PdfReader(io.BytesIO(content)).pages) == 1
    assert "Northshire" not in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    target = tmp_path / "out.pdf"
    assert weasyprint.HTML(string=HTML).write_pdf(target) is None
    assert target.read_bytes() == content


@pytest.mark.pdf
def test_with_the_mark_weasyprint_renders_for_real():
    document = weasyprint.HTML(string=HTML).render()
    content = document.write_pdf()
    assert len(document.pages) == 1
    assert "Northshire figures" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert (
        "Northshire figures" in PdfReader(io.BytesIO(weasyprint.HTML(string=HTML).write_pdf())).pages[0].extract_text()
    )
