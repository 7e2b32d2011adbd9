"""The programme pages in a real browser: an admin's end date before the start is shown in the error
summary, the programme is created with a confirmation, an inspection is placed in it and taken out
after an "Are you sure?" page, and the history says who did what. axe checks each page; at 375 px
the programme's page never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_an_admin_creates_a_programme_places_an_inspection_and_takes_it_out(browsing, new_page, small_set, admin):
    inspection = factories.InspectionFactory(
        slug="cheshire-2011", name="Cheshire", area="Cheshire Probation Trust", criteria_set=small_set
    )
    page = new_page()
    browsing.sign_in(page, admin.username)

    page.goto(f"{browsing.base_url}/inspections/programmes/")
    browsing.axe(page, "programmes list")
    page.get_by_role("button", name="Create programme").click()
    page.get_by_label("Name").fill("OMI2 2009–2012")
    page.get_by_label("Reference").fill("omi2")
    fill_date(page, "Start date", 1, 4, 2012)
    fill_date(page, "End date", 31, 3, 2009)
    page.get_by_role("button", name="Create programme").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The end date must be the same as or after the start date")
    browsing.axe(page, "create programme with an error")

    fill_date(page, "Start date", 1, 4, 2009)
    fill_date(page, "End date", 31, 3, 2012)
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Programme created")
    browsing.axe(page, "programme created")

    page.get_by_role("link", name="Place inspections in OMI2 2009–2012").click()
    page.get_by_label("Inspection").select_option(label="Cheshire (Cheshire Probation Trust)")
    page.get_by_role("button", name="Place in the programme").click()
    expect(page.get_by_role("link", name="Cheshire", exact=True)).to_be_visible()
    expect(page.locator("table")).to_contain_text("Not final")
    browsing.axe(page, "programme page")
    page.set_viewport_size({"width": 375, "height": 800})
    browsing.screenshot(page, "programme-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Take out Cheshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to take Cheshire out of OMI2 2009–2012?"
    )
    browsing.axe(page, "take out: are you sure")
    page.get_by_role("button", name="Take Cheshire out").click()
    expect(page.get_by_text("Cheshire has been taken out of OMI2 2009–2012.")).to_be_visible()
    expect(page.get_by_text("There are no inspections in this programme yet.")).to_be_visible()

    page.get_by_role("link", name="History").click()
    expect(page.locator("tbody")).to_contain_text("Cheshire taken out of the programme")
    browsing.axe(page, "programme history")
    inspection.refresh_from_db()
    assert inspection.programme is None
