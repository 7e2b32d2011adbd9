"""The research journey in a real browser, as a new user meets it: an admin creates two programmes,
places inspections in them and makes a colleague an analyst; the analyst signs in, finds a question,
reads its table, charts and regression, and downloads the Word document. axe checks each research
page; at 375 px the page never scrolls sideways. Screenshots at 1280 and 375 px."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from tests import factories
from tests.research.data import QUESTION, record_cases, record_rosh_effect

pytestmark = pytest.mark.browser


def create_programme(page, base_url: str, *, name: str, reference: str, start: tuple, end: tuple) -> None:
    page.goto(f"{base_url}/inspections/programmes/new/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Reference").fill(reference)
    for legend, (day, month, year) in (("Start date", start), ("End date", end)):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day))
        group.get_by_label("Month").fill(str(month))
        group.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()


def place(page, base_url: str, reference: str, inspection) -> None:
    page.goto(f"{base_url}/inspections/programmes/{reference}/")
    page.get_by_label("Inspection", exact=True).select_option(label=f"{inspection.name} ({inspection.area})")
    page.get_by_role("button", name="Place in the programme").click()
    expect(page.get_by_role("link", name=inspection.name, exact=True)).to_be_visible()


def test_an_analyst_reads_a_pooled_question_and_downloads_the_word_document(
    browsing, new_page, small_set, admin, tmp_path
):
    inspections = record_cases(small_set, {})
    record_rosh_effect(inspections["omi-north"])  # OMI2: 26 of 46 yes; all: 27 of 49
    analyst = factories.UserFactory(username="anna", first_name="Anna", last_name="Lyst")

    # The admin: two programmes, the inspections placed in them, Anna made an analyst.
    page = new_page()
    browsing.sign_in(page, admin.username)
    create_programme(page, browsing.base_url, name="OMI2", reference="omi2", start=(1, 4, 2009), end=(31, 3, 2012))
    create_programme(
        page, browsing.base_url, name="Quality & Impact", reference="qi", start=(1, 4, 2016), end=(31, 3, 2017)
    )
    for reference, slug in (("omi2", "omi-north"), ("omi2", "omi-south"), ("qi", "qi-east")):
        place(page, browsing.base_url, reference, inspections[slug])
    page.goto(f"{browsing.base_url}/inspections/programmes/analysts/")
    page.get_by_role("link", name="Change whether Anna Lyst is an analyst").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()

    # The analyst: find the question, read its figures.
    page = new_page()
    browsing.sign_in(page, analyst.username)
    page.get_by_role("link", name="Research").click()
    expect(page.get_by_role("heading", name="Research across inspections")).to_be_visible()
    browsing.axe(page, "research start page")
    page.get_by_label("OMI2 (2009\u20132012)").check()
    page.get_by_label("Quality & Impact (2016\u20132017)").check()
    page.get_by_label("Find a question").fill("reflected risk")
    page.get_by_role("button", name="Find questions").click()
    expect(page.get_by_role("heading", name="1 question found")).to_be_visible()
    browsing.axe(page, "research questions found")
    browsing.screenshot(page, "research-questions-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    browsing.screenshot(page, "research-questions-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=f"See the figures of {QUESTION}").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    table = page.locator("#programme-table")
    expect(table.get_by_role("row", name="All cases")).to_have_text(
        re.compile(r"All cases\s*46\s*56.5\s*3\s*33.3\s*49\s*55.1")
    )
    expect(page.get_by_role("img", name=f"{QUESTION}: percent yes by RoSH level")).to_be_visible()
    expect(page.locator("#model-terms")).to_contain_text("RoSH level: High or very high")
    expect(page.locator("#regression")).to_contain_text("more likely")
    browsing.axe(page, "research figures")
    browsing.screenshot(page, "research-figures-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    browsing.screenshot(page, "research-figures-375")
    browsing.axe(page, "research figures at 375 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Table and regression (Word)").click()
    path = tmp_path / "research.docx"
    download_info.value.save_as(path)
    document = Document(io.BytesIO(path.read_bytes()))
    assert next(p.text for p in document.paragraphs if p.style.name == "Heading 1").startswith(f"{QUESTION}: ")
