"""The caseload page in a real browser: the lead reaches it from the sample page, enters each unit's
caseload, is told of a caseload smaller than the unit's sample, and saves. axe-core checks the page;
screenshots at 1000 and 375 px wide."""

import pytest
from playwright.sync_api import expect

from cases.models import Unit
from tests import factories

pytestmark = pytest.mark.browser


def test_the_lead_records_each_units_caseload(browsing, new_page, inspection, lead):
    north = factories.UnitFactory(inspection=inspection, name="North cluster")
    factories.UnitFactory(inspection=inspection, name="South cluster")
    for n in range(3):
        factories.CaseFactory(inspection=inspection, case_ref=f"NS{n:03d}", unit=north)

    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/sample/")
    page.get_by_role("link", name="Record the caseload of each unit").click()
    expect(page.get_by_role("heading", name="Caseload of each unit")).to_be_visible()
    browsing.axe(page, "caseload page")

    page.get_by_label("North cluster").fill("2")
    page.get_by_role("button", name="Save caseloads").click()
    expect(page.get_by_role("link", name="The caseload of North cluster must be at least 3")).to_be_visible()
    browsing.axe(page, "caseload page with an error")
    for width in (1000, 375):
        page.set_viewport_size({"width": width, "height": 900})
        browsing.screenshot(page, f"caseload-error-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("North cluster").fill("120")
    page.get_by_label("South cluster").fill("40")
    page.get_by_role("button", name="Save caseloads").click()
    expect(page.get_by_text("2 caseloads saved.")).to_be_visible()
    assert dict(Unit.objects.values_list("name", "caseload")) == {"North cluster": 120, "South cluster": 40}
