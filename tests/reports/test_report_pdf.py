"""The report PDF: its sections and figures (text extracted with pypdf), pages, watermark, escaping."""

import functools
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cases.models import Inspection
from criteria.models import GeneralCriterion
from reports import pdf
from reports.models import ReportVersion
from reports.pdf.fetcher import StaticOnlyURLFetcher, pdf_static_url
from reports.report_data import assemble
from reports.services import reports as services
from tests.conftest import SHIPPED_SET

from .conftest import build_sample, make_ready_to_finalise

pytestmark = pytest.mark.pdf  # every test here reads the real PDF

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report-pages"


@functools.cache  # the module's shared PDF is read by many tests; extracting its text takes seconds
def pages_text(content: bytes) -> tuple[str, ...]:
    """Each page's text with runs of whitespace made single spaces."""
    return tuple(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def write_report(inspection, lead, notable_judgement=None) -> ReportVersion:
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(
        version=version,
        foreword="Our foreword about <b>Northshire</b>.\n\nA second paragraph.",
        recommendations=["Complete assessments on time", "Plan <i>release</i> earlier"],
        revision=1,
        actor=lead,
    )
    services.save_narrative(
        version=version,
        criterion=GeneralCriterion.objects.get(criteria_set=inspection.criteria_set, code="A.1"),
        strengths=[
            "The assessment accurately reflected risk to the public in 33 of 34 cases (97%).",
            'Managers <img src="file:///etc/passwd"> checked plans',
        ],
        improvements=["The assessment was completed on time in 28 of 34 cases (82%)."],
        revision=0,
        actor=lead,
    )
    if notable_judgement is not None:
        judgement = (
            type(notable_judgement)
            .objects.select_related("assessment__case", "question__general_criterion")
            .get(pk=notable_judgement.pk)
        )
        services.set_notable_examples(version=version, judgements=[judgement], actor=lead)
    return ReportVersion.objects.get(pk=version.pk)


@pytest.fixture
def draft(inspection, lead, notable_judgement):
    return write_report(inspection, lead, notable_judgement)


_RENDERED = {}


@pytest.fixture
def rendered(draft):
    """The fixture report's PDF, rendered once for the module (the same data gives the same PDF)."""
    if "draft" not in _RENDERED:
        _RENDERED["draft"] = pdf.render_version(draft)
    return _RENDERED["draft"]


def test_the_draft_holds_every_part_of_the_report_in_order(rendered):
    text = " ".join(pages_text(rendered.content))
    parts = [
        "A report on the inspection of Northshire Probation Trust",
        "CONTENTS",
        "FOREWORD AND SUMMARY",
        "RECOMMENDATIONS FOR IMPROVEMENT",
        "MAKING A DIFFERENCE",
        "SCORING AND SUMMARY TABLE",
        "A. ASSESSMENT",
        "A.1 General Criterion: INITIAL ASSESSMENT",
        "A.2 General Criterion: CUSTODY PLANNING",
        "B. LEADERSHIP",
        "APPENDIX 1: KEY FINDINGS BY UNIT",
        "APPENDIX 2: CHARACTERISTICS OF THE CASES INSPECTED",
        "APPENDIX 3: SCORING APPROACH",
        "APPENDIX 4: GLOSSARY",
    ]
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)


def test_the_scoring_summary_shows_headlines_with_band_comments_and_criterion_scores(rendered):
    text = " ".join(pages_text(rendered.content))
    # SAFE = mean(28/34, 33/34, 9/10) = 89.8% → 90%; COMP pooled (28+5)/(34+9) = 76.7% → 77%.
    assert "KEEPING PEOPLE SAFE SCORE" in text.upper()
    assert "Keeping people safe score This score indicates" in text
    assert "Score: 90%. Comment: Good." in text
    assert "Compliance score This score" in text and "Score: 77%. Comment: Good." in text
    assert "Northshire – Scores for General Criteria" in text
    assert "A.1 Initial assessment 90% Good" in text
    assert "A.2 Custody planning 56% Requires improvement" in text
    assert "Assessment overall 73% Requires improvement" in text  # mean(89.8, 55.6) = 72.7


def test_each_criterion_has_its_statement_score_narrative_and_question_table(rendered):
    text = " ".join(pages_text(rendered.content))
    assert "Each case is assessed promptly and well." in text
    assert "OVERALL SCORE: 73%" in text
    assert "Strengths: (a) The assessment accurately reflected risk to the public in 33 of 34 cases (97%)." in text
    assert "Area for Improvement: (a) The assessment was completed on time in 28 of 34 cases (82%)." in text
    assert "The assessment was completed on time. 28 34 82%" in text
    assert "The assessment accurately reflected risk: to the public 33 34 97%" in text
    assert "The risk management plan was sufficient. 9 10 90%" in text
    assert "A release plan was made in good time. 5 9 56%" in text
    assert "judged from interviews and documents; it has no case score" in text


def test_appendix_1_gives_each_unit_its_denominators_and_percents(rendered):
    text = " ".join(pages_text(rendered.content))
    assert "ALL CASES (35 cases; 34 counted)" in text and "NORTH CLUSTER (20 cases)" in text
    assert "SOUTH CLUSTER (15 cases)" in text
    # Whole sample, North (cases 1-20: all on time), South (8 of 14 on time).
    assert "The assessment was completed on time. 34 82% 20 100% 14 57%" in text
    # No custody or licence case in North: no denominator, no score (never 0%).
    assert "A release plan was made in good time. 9 56% 0 – 9 56%" in text


def test_appendix_2_charts_the_sample_and_appendix_3_explains_the_scoring(rendered):
    text = " ".join(pages_text(rendered.content))
    for number, title in enumerate(
        ["Units", "Sentence type", "Tier", "RoSH classification", "Gender", "Ethnic group", "Offence type"], 1
    ):
        assert f"Chart {number} Case sample: {title}" in text
    assert "Community order 24 (69%)" in text and "North cluster 20 (57%)" in text
    assert "Violence against the person" in text
    assert "75% and above Good" in text and "50% to 74% Requires improvement" in text
    assert "0% to 49% Inadequate" in text
    assert "Keeping people safe headline score is calculated as an average" in text
    assert "Compliance headline score is calculated as the number of cases judged above the line" in text
    assert "Yes, but late Below the line" in text
    assert "RoSH Risk of Serious Harm" in text


def test_pages_are_numbered_n_of_m_under_a_running_header(rendered):
    pages = pages_text(rendered.content)
    assert 10 <= rendered.page_count == len(pages) <= 20
    assert "Page 1 of" not in pages[0]  # the cover carries no page number
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text
    for text in pages[1:]:
        assert "Northshire Probation Trust DRAFT Page" in text  # header: the area and the report's state


def test_the_contents_gives_the_page_each_part_starts_on(rendered):
    pages = pages_text(rendered.content)
    contents = pages[1]
    for heading, entry in [
        ("APPENDIX 4: GLOSSARY", "Appendix 4: Glossary"),
        ("A.2 General Criterion: CUSTODY PLANNING", "A.2 General Criterion: Custody planning"),
    ]:
        page = next(i for i, text in enumerate(pages[2:], start=3) if heading in text)
        assert re.search(re.escape(entry) + r"[ .]*" + str(page) + r"\b", contents), (entry, page)


def test_a_draft_has_the_watermark_on_every_page(rendered):
    assert all("DRAFT" in text for text in pages_text(rendered.content))


def test_a_final_version_has_no_draft_marking(draft, lead):
    make_ready_to_finalise(draft.report.inspection, lead)
    services.finalise_version(version=draft, actor=lead)
    draft.refresh_from_db()
    text = " ".join(pages_text(pdf.render_version(draft).content))
    assert "DRAFT" not in text and "draft" not in text
    assert "1 (final)" in text


def test_user_text_renders_as_text_and_fetches_nothing(draft):
    fetcher = StaticOnlyURLFetcher()
    rendered = pdf.render(assemble(inspection=draft.report.inspection, version=draft), fetcher=fetcher)
    text = " ".join(pages_text(rendered.content))
    # The notable example, a strength, the foreword and a recommendation keep their markup as text.
    assert 'Good joint work <img src="file:///etc/passwd"> <b>bold</b> <img src="http://127.0.0.1/' in text
    assert '<a href="http://127.0.0.1/">link</a>' in text
    assert 'Managers <img src="file:///etc/passwd"> checked plans' in text
    assert "Our foreword about <b>Northshire</b>." in text
    assert "Plan <i>release</i> earlier" in text
    # The only resources WeasyPrint asked for are the app's own stylesheet, font and watermark.
    assert fetcher.requested[0] == pdf_static_url("css/report.css")
    assert {url.rsplit("/", 2)[1] for url in fetcher.requested[1:]} == {"arimo", "reports"}
    assert pdf_static_url("reports/draft-watermark.svg") in fetcher.requested
    assert fetcher.refused == []
    assert rendered.content.count(b"/Subtype /Image") == 0


def test_a_reinspection_shows_each_figure_against_the_original(reinspection, lead):
    version = services.ensure_report(inspection=reinspection, actor=lead)
    text = " ".join(pages_text(pdf.render_version(version).content))
    assert "Original inspection Northshire" in text
    # A.1.01: 9 of 10 (90%) against 28 of 34 (82%) → +8 points.
    assert "The assessment was completed on time. 9 10 90% 82% +8" in text
    # Headlines: SAFE mean(9/10, 10/10, 3/3) = 96.7% → 97% against 90%; COMP pooled 9/10 → 90% against 77%.
    assert "Score: 97%. Comment: Good. Original inspection: 90%; change: +7." in text
    assert "Score: 90%. Comment: Good. Original inspection: 77%; change: +13." in text


def test_an_inspection_without_a_report_builds_an_empty_draft(inspection, sample):
    data = assemble(inspection=inspection, version=None)
    text = " ".join(pages_text(pdf.render(data).content))
    assert "1 (draft)" in text and "DRAFT" in text
    assert "A.1 General Criterion: INITIAL ASSESSMENT" in text
    assert "FOREWORD AND SUMMARY" not in text


def test_long_tables_repeat_their_header_rows_on_every_page(admin):
    from criteria.services import load_criteria_set

    criteria_set = load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source="roh").criteria_set
    inspection = Inspection.objects.create(slug="big", name="Bigshire", criteria_set=criteria_set)
    build_sample(inspection, cases=12, seed_answers=False)
    text_pages = pages_text(pdf.render(assemble(inspection=inspection, version=None)).content)
    # The pages of Appendix 1's table (its first page may hold only the criteria chart).
    appendix = [text for text in text_pages if "% meeting the standard" in text]
    assert len(appendix) >= 2  # the shipped set's questions run Appendix 1 over several pages
    assert all("Question ALL CASES (12 cases; 0 counted) NORTH CLUSTER (12 cases)" in text for text in appendix)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_rendered_pages_are_kept_as_png_artifacts(rendered):
    """PNGs of a few pages in test-artifacts/report-pages/ so a reviewer can look at the layout."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "report.pdf"
    source.write_bytes(rendered.content)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / "page")], check=True, timeout=120)
    pngs = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pngs) == rendered.page_count
    assert all(png.read_bytes().startswith(b"\x89PNG") for png in pngs)


# --- An accessible, portable PDF (PDF/UA-1) -------------------------------------------------------


def structure_elements(reader: PdfReader) -> list[dict]:
    """Every element of the structure tree (the tags a screen reader follows), depth first."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack.extend(kid for kid in reversed(kids) if hasattr(kid, "get_object"))
    return found


def test_the_pdf_is_tagged_with_its_title_and_language(rendered):
    reader = PdfReader(io.BytesIO(rendered.content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Northshire – inspection report (DRAFT)"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA
    tags = {element["/S"] for element in structure_elements(reader)}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure", "/Caption"} <= tags


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_pdfinfo_says_tagged(rendered, tmp_path):
    (tmp_path / "r.pdf").write_bytes(rendered.content)
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_every_chart_is_a_figure_with_alternative_text_from_its_svg_title(rendered):
    figures = [e for e in structure_elements(PdfReader(io.BytesIO(rendered.content))) if e["/S"] == "/Figure"]
    alts = [str(figure.get("/Alt", "")) for figure in figures]
    criteria_chart = alts.pop(0)  # Appendix 1's chart of the general criteria scores comes first
    assert criteria_chart.startswith("Scores for the general criteria. Bars against the rating bands.")
    assert len(alts) == 7
    assert alts[0] == "Chart 1: case sample by units. 35 cases: North cluster 20 (57%), South cluster 15 (43%)."
    assert all(alt.startswith(f"Chart {n}: case sample by ") for n, alt in enumerate(alts, 1))


def test_headings_are_headings_not_table_header_cells(draft):
    html = pdf.render_html(assemble(inspection=draft.report.inspection, version=draft))
    assert "<h2>A.1 General Criterion: INITIAL ASSESSMENT</h2>" in html
    assert not re.search(r"<th[^>]*>\s*<h\d", html)


def test_every_font_is_the_shipped_arimo_embedded_and_subset(rendered):
    reader = PdfReader(io.BytesIO(rendered.content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts, "no fonts found"
    for name, descriptor in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+Arimo(-Bold|-Italic|-Bold-Italic)?", name), name  # subset, no system font
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"
    assert {"Arimo", "Arimo-Bold"} <= {name.split("+")[1] for name in fonts}


def test_text_is_at_least_11_pt_and_tables_at_least_9_pt(rendered):
    sizes = {}  # text → effective size in points

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[text.strip()] = round(size * abs(tm[0] or tm[1]) * abs(cm[0] or cm[1]), 2)

    for page in PdfReader(io.BytesIO(rendered.content)).pages:
        page.extract_text(visitor_text=visit)
    assert min(sizes.values()) >= 9
    assert sizes["A second paragraph."] >= 11  # the foreword
    assert sizes["Strengths:"] >= 11


def test_the_draft_watermark_is_not_text(rendered):
    # The cover says so once; every other page has "DRAFT" once, in its running header. The
    # watermark itself is outlines drawn as a page background (an artifact), never extracted.
    pages = pages_text(rendered.content)
    assert pages[0].count("DRAFT") == 1
    assert all(text.count("DRAFT") == 1 for text in pages[1:])
    assert all(f"Northshire Probation Trust DRAFT Page {n}" in text for n, text in enumerate(pages[1:], 2))
