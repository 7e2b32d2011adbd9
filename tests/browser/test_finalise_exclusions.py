"""Excluding unfinished cases before finalising, in a real browser: the lead filters the finalise
page's list by progress, ticks "Select all", gives one reason on the are-you-sure page and the
cases are excluded; axe on both pages, and both fit a 375 px phone (screenshots kept)."""

import pytest
from playwright.sync_api import expect

from cases.models import Inspection
from reports.models import ExcludedCase
from reports.services import reports as report_services
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def unfinished(inspection, lead, inspector):
    """Northshire at its reporting stage: three cases in progress, two not started, a draft report."""
    for n, status in enumerate(["in_progress"] * 3 + ["not_started"] * 2):
        case = factories.CaseFactory(inspection=inspection, case_ref=f"N{n:03d}")
        factories.AssessmentFactory(case=case, assessor=inspector, status=status)
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.REPORTING)
    report_services.ensure_report(inspection=inspection, actor=lead)
    return inspection


def test_the_lead_excludes_the_cases_in_progress_at_once(browsing, new_page, unfinished):
    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/{unfinished.slug}/report/finalise/")
    page.get_by_label("Assessment").select_option(label="In progress")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("input[name=cases]")).to_have_count(3)
    page.get_by_label("Select all").check()
    browsing.axe(page, "finalise page with cases to select")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    browsing.screenshot(page, "finalise-select-375")
    page.get_by_role("button", name="Exclude the selected cases").click()

    expect(page.get_by_role("heading", name="Exclude 3 cases from the report?")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    browsing.screenshot(page, "finalise-exclude-are-you-sure-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    browsing.axe(page, "are you sure to exclude cases")
    page.get_by_label("Why are these cases excluded?").fill("Case files could not be read")
    page.get_by_role("button", name="Exclude 3 cases").click()

    expect(page.get_by_text("3 cases are excluded from the report.")).to_be_visible()
    assert sorted(ExcludedCase.objects.values_list("case__case_ref", "reason")) == [
        (f"N00{n}", "Case files could not be read") for n in range(3)
    ]
