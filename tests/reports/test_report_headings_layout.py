"""Headings and captions stay with what follows them, whatever the length of what comes before: no page
ends with a criterion's heading row in Appendix 1, a group heading, a question table's caption or a
"Strengths:" heading (the real templates and report.css, rendered by WeasyPrint at several lengths)."""

import datetime

import pytest
from django.template.loader import render_to_string
from weasyprint import HTML

from reports.pdf import PDF_ORIGIN, pdf_static_url
from reports.pdf.fetcher import StaticOnlyURLFetcher
from reports.report_data.blocks import CriterionBlock, Figure, QuestionRow, SectionBlock
from reports.report_data.types import ReportData, ScoringApproach
from reports.scoring import Score

pytestmark = pytest.mark.pdf

HEADINGS = ("Criterion heading", "Grouped heading:", "figures for each question", "Strengths:", "Strength:")


def figure(n=7, d=9) -> Figure:
    return Figure(Score.from_counts(n, d))


def criterion(code: str, questions: int, strengths: int, units: int) -> CriterionBlock:
    rows = tuple(
        QuestionRow(
            code=f"{code}.{q:02d}",
            text=f"Question {code}.{q:02d} asks whether the work was done well enough and on time",
            group="Grouped heading:" if q >= questions - 3 else "",
            group_starts=q == questions - 3,
            full_text="",
            figure=figure(),
            by_unit=tuple(figure() for _ in range(units)),
        )
        for q in range(questions)
    )
    lettered = tuple((f"({chr(97 + i)})", "A strength written at some length. " * 3) for i in range(strengths))
    return CriterionBlock(code, f"Criterion heading {code}", "", figure(), rows, lettered, ())


def report(filler: int, units: int = 4) -> ReportData:
    """Criteria whose length grows with ``filler``, so headings fall at every height of a page."""
    sections = (
        SectionBlock(
            "1",
            "Assessment",
            figure(),
            tuple(criterion(f"1.{c}", 4 + (filler + c) % 6, filler % 4, units) for c in range(6)),
        ),
    )
    return ReportData(
        inspection_name="Northshire",
        inspection_slug="northshire",
        area="Northshire",
        criteria_set="Set",
        fieldwork="",
        previous_name="",
        version_number=1,
        is_draft=True,
        generated_at=datetime.datetime(2026, 12, 7),
        case_count=250,
        counted_case_count=247,
        foreword=(),
        recommendations=(),
        notable_examples=(),
        headlines=(),
        sections=sections,
        unit_columns=tuple((f"Unit {u}", 60) for u in range(units)),
        units=tuple((f"Unit {u}", 60) for u in range(units)),
        charts=(),
        scoring=ScoringApproach((), (), (), (), (), 0),
        glossary=(),
        excluded=(("File not available", 3),),
    )


def page_lines(template: str, data: ReportData) -> list[list[str]]:
    body = render_to_string(template, {"report": data})
    stylesheet = pdf_static_url("css/report.css")
    html = f'<html><head><link rel="stylesheet" href="{stylesheet}"></head><body>{body}</body></html>'
    document = HTML(string=html, base_url=PDF_ORIGIN, url_fetcher=StaticOnlyURLFetcher()).render()

    def lines(box) -> list[str]:
        found = []
        for child in getattr(box, "children", None) or ():
            if getattr(child, "text", None) and child.text.strip():
                found.append(child.text.strip())
            found += lines(child)
        return found

    return [[line for line in lines(page._page_box) if not line.startswith("Page ")] for page in document.pages]


@pytest.mark.parametrize("template", ["reports/pdf/_sections.html", "reports/pdf/_appendix_units.html"])
def test_no_page_ends_with_a_heading_or_caption(template):
    pages_seen = set()
    for filler in range(0, 12, 2):
        pages = page_lines(template, report(filler))
        pages_seen.add(len(pages))
        for number, lines in enumerate(pages[:-1], start=1):
            last = lines[-1]
            assert not any(heading in last for heading in HEADINGS), f"filler {filler}: page {number} ends {last!r}"
    assert max(pages_seen) > 2


def test_appendix_1_shares_four_units_evenly_and_says_what_is_counted():
    tables = report(0, units=4).unit_tables
    assert [len(t.columns) - 1 for t in tables] == [2, 2]
    assert tables[0].headers[0] == "ALL CASES (250 cases; 247 counted)"
    assert [len(t.columns) - 1 for t in report(0, units=5).unit_tables] == [3, 2]
    assert [len(t.columns) - 1 for t in report(0, units=3).unit_tables] == [3]
