"""How the report PDF is rendered (reports/pdf/__init__.py): the garbage collector is left as it was
found and the render's garbage collected, the fonts loaded once per thread are embedded in every PDF,
and a fetcher passed in still sees every request, fonts included."""

import gc
import io
import re

import pytest
from pypdf import PdfReader

from reports import pdf
from reports.pdf.fetcher import StaticOnlyURLFetcher
from reports.report_data import assemble

pytestmark = pytest.mark.pdf  # real WeasyPrint


def embedded_fonts(content: bytes) -> set[str]:
    """The fonts of a PDF, without their subset prefix (``ABCDEF+Arimo-Bold`` → ``Arimo-Bold``)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(re.sub(r"^/[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])))
    return names


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_rendering_leaves_the_garbage_collector_as_it_found_it_and_its_garbage_collected(inspection, sample):
    data = assemble(inspection=inspection, version=None)
    pdf.render(data)  # WeasyPrint's first-use caches
    gc.collect()
    assert gc.isenabled()
    pdf.render(data)
    assert gc.isenabled()
    # Left to the collector, a render's box tree (tens of thousands of objects in cycles) would wait
    # for a full collection; render collects it itself.
    assert gc.collect() < 2000
    gc.disable()
    try:
        pdf.render(data)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_pdf_embeds_the_shipped_fonts_and_a_fetcher_passed_in_sees_them_requested(inspection, sample):
    data = assemble(inspection=inspection, version=None)
    first, second = pdf.render(data), pdf.render(data)  # the second reuses this thread's loaded fonts
    assert embedded_fonts(first.content) == embedded_fonts(second.content)
    assert {"Arimo", "Arimo-Bold"} <= embedded_fonts(second.content)
    assert page_texts(first.content) == page_texts(second.content)

    fetcher = StaticOnlyURLFetcher()
    pdf.render(data, fetcher=fetcher)
    assert any(url.endswith("/arimo-latin-400-normal.woff") for url in fetcher.requested)
