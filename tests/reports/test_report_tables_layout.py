"""No table row is left alone at a page foot or head: a table that runs over a page break keeps at
least two of its rows on each page (the real templates and report.css, rendered by WeasyPrint at
several lengths; issue 17 saw a question table's first row alone under its header at a page foot)."""

from collections import defaultdict

import pytest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from reports.pdf import PDF_ORIGIN, pdf_static_url
from reports.pdf.fetcher import StaticOnlyURLFetcher

from .test_report_headings_layout import report

pytestmark = pytest.mark.pdf

HEADING_ROWS = {"group", "criterion-row"}


def rows_per_page(template: str, data) -> dict[object, list[int]]:
    """For each table: the number of its data rows (not group or criterion headings) on each page it is on."""
    body = render_to_string(template, {"report": data})
    stylesheet = pdf_static_url("css/report.css")
    html = f'<html><head><link rel="stylesheet" href="{stylesheet}"></head><body>{body}</body></html>'
    document = HTML(string=html, base_url=PDF_ORIGIN, url_fetcher=StaticOnlyURLFetcher()).render()
    found: dict[object, list[int]] = defaultdict(list)

    def walk(box) -> None:
        if isinstance(box, boxes.TableBox):
            rows = [
                row
                for group in box.children
                if not (group.is_header or group.is_footer)
                for row in group.children
                if not HEADING_ROWS & set((row.element.get("class") or "").split())
            ]
            found[box.element].append(len(rows))
            return
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


@pytest.mark.parametrize("template", ["reports/pdf/_sections.html", "reports/pdf/_appendix_units.html"])
def test_a_table_split_over_pages_keeps_two_rows_on_each(template):
    split = 0
    for filler in range(12):
        for table, counts in rows_per_page(template, report(filler)).items():
            if len(counts) > 1:
                split += 1
                caption = table.find("caption")
                name = caption.text if caption is not None else table.get("class")
                assert min(counts) >= 2, f"filler {filler}: {name} split {counts}"
    assert split  # the lengths tried do split tables
