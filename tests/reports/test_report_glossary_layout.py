"""The glossary never ends on a page holding a single row: its last three terms are one row group
that WeasyPrint keeps together (the template and report.css, rendered for real)."""

import pytest
from django.template.loader import render_to_string
from weasyprint import HTML

from reports.pdf import PDF_ORIGIN, pdf_static_url
from reports.pdf.fetcher import StaticOnlyURLFetcher


class Glossary:
    """The part of the report data the glossary appendix reads."""

    def __init__(self, size: int):
        self.glossary = tuple(
            (f"Term {n:02d}", "A meaning long enough to fill a line or two. " * 2) for n in range(size)
        )
        self.glossary_head, self.glossary_tail = self.glossary[:-3], self.glossary[-3:]


def last_page_terms(size: int) -> tuple[int, int]:
    body = render_to_string("reports/pdf/_appendix_glossary.html", {"report": Glossary(size)})
    stylesheet = pdf_static_url("css/report.css")
    html = f'<html><head><link rel="stylesheet" href="{stylesheet}"></head><body>{body}</body></html>'
    document = HTML(string=html, base_url=PDF_ORIGIN, url_fetcher=StaticOnlyURLFetcher()).render()
    text = []

    def walk(box):
        for child in getattr(box, "children", None) or ():
            if getattr(child, "text", "").startswith("Term "):
                text.append(child.text)
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    printed = " ".join(line for page in document.pages for line in lines_of(page._page_box))
    assert printed.count("line or two") == 2 * size  # every term is printed with its meaning
    text.clear()
    walk(document.pages[-1]._page_box)
    return len(document.pages), len(text)


def lines_of(box) -> list[str]:
    found = []
    for child in getattr(box, "children", None) or ():
        if getattr(child, "text", None):
            found.append(child.text)
        found += lines_of(child)
    return found


@pytest.mark.pdf
def test_the_last_glossary_page_holds_at_least_three_terms_whatever_the_length():
    pages_seen = set()
    for size in (1, 2, *range(18, 44, 2)):
        pages, on_last_page = last_page_terms(size)
        pages_seen.add(pages)
        assert pages == 1 or on_last_page >= 3, f"{size} terms: the last page holds {on_last_page}"
    assert len(pages_seen) > 1  # the sizes tried do reach a second page


def test_the_glossary_sorts_past_quote_marks_and_leaves_out_lowercase_phrases():
    from reports.report_data.assembly import glossary

    entries = [
        ("RoSH", "Risk of Serious Harm"),
        ("'RoH work' or 'Risk of Harm work'", "Work to protect the public"),
        ("appropriate strategic contribution is made to public protection", "e.g. via MAPPA"),
        ("Approved premises", "Controlled accommodation"),
        ("\u201cMAPPA\u201d", "Multi-Agency Public Protection Arrangements"),
    ]
    assert [term for term, _ in glossary(entries)] == [
        "Approved premises",
        "\u201cMAPPA\u201d",
        "'RoH work' or 'Risk of Harm work'",
        "RoSH",
    ]
