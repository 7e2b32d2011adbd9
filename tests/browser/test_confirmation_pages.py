"""The "Are you sure?" pages in a real browser (issue 12): starting reporting, removing a case and
replacing the sample, each checked with axe-core and kept as screenshots at 1000 and 375 pixels."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Inspection
from cases.services.sample import import_sample
from tests import factories
from tests.inspections.conftest import VALID_SAMPLE, sample_csv

pytestmark = pytest.mark.browser


@pytest.fixture
def in_moderation(inspection, lead, inspector):
    """Northshire in moderation: 3 assessments in progress, 1 submitted, 2 cases not allocated."""
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.MODERATION)
    for n, status in enumerate(["in_progress"] * 3 + ["submitted"]):
        case = factories.CaseFactory(inspection=inspection, case_ref=f"N{n:03d}")
        factories.AssessmentFactory(case=case, assessor=inspector, status=status)
    factories.CaseFactory(inspection=inspection, case_ref="U001", rosh="high")
    factories.CaseFactory(inspection=inspection, case_ref="U002")
    Inspection.objects.filter(pk=inspection.pk).update(sample_minimums={"high_rosh": 3})
    return inspection


def look(browsing, page, name: str) -> None:
    """axe on the page, and screenshots at 1000 and 375 pixels wide (no sideways scrolling at 375)."""
    browsing.axe(page, name)
    for width in (1000, 375):
        page.set_viewport_size({"width": width, "height": 900})
        browsing.screenshot(page, f"confirm-{name}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_lead_confirms_each_change_that_cannot_be_undone(browsing, new_page, in_moderation, lead, small_set):
    page = new_page()
    browsing.sign_in(page, "lena")

    # Removing a case, with a reason
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/sample/")
    page.get_by_role("link", name="Remove case U002").click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to remove case U002 from the sample?")
    ).to_be_visible()
    look(browsing, page, "case-remove")
    page.get_by_role("button", name="Remove case U002").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the case is removed from the sample")
    browsing.axe(page, "case-remove-error")
    page.get_by_label("Why is the case being removed?").fill("Transferred out before the sample date")
    page.get_by_role("button", name="Remove case U002").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Case U002 was removed")
    expect(page.get_by_role("row", name=re.compile("U002.*Transferred out"))).to_be_visible()
    browsing.axe(page, "sample-with-removed-case")
    browsing.screenshot(page, "confirm-sample-after-removal")

    # Starting reporting: the consequences first, Cancel changes nothing
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/")
    page.get_by_role("button", name="Start reporting").click()
    expect(page.get_by_role("heading", name="Are you sure you want to start reporting?")).to_be_visible()
    consequences = page.locator("#consequences")
    expect(consequences).to_contain_text("3 assessments are in progress and will be frozen")
    expect(consequences).to_contain_text("1 case is not allocated to anyone.")
    expect(consequences).to_contain_text("high or very high RoSH (1 of 3)")
    look(browsing, page, "start-reporting")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name="Northshire")).to_be_visible()
    assert Inspection.objects.get(slug="northshire-2026").status == "moderation"
    page.get_by_role("button", name="Start reporting").click()
    page.locator("form").get_by_role("button", name="Start reporting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Reporting has started")
    browsing.axe(page, "after-reporting")

    # Closing: a warning button
    page.get_by_role("button", name="Close the inspection").click()
    expect(page.get_by_role("heading", name="Are you sure you want to close the inspection?")).to_be_visible()
    look(browsing, page, "close")

    # Replacing the sample of an inspection still setting up
    eastshire = factories.InspectionFactory(
        slug="eastshire-2026", name="Eastshire", criteria_set=small_set, status=Inspection.Status.SETUP
    )
    factories.MemberFactory(inspection=eastshire, user=lead, role="lead")
    import_sample(inspection=eastshire, data=VALID_SAMPLE, source="first.csv", actor=lead)
    corrected = sample_csv("N001,North cluster,community_order,high,3,1,yes,no,no,male,34,black")
    page.goto(f"{browsing.base_url}/inspections/eastshire-2026/sample/upload/")
    browsing.axe(page, "sample-upload")
    browsing.screenshot(page, "confirm-sample-upload")
    page.get_by_label("Case sample CSV file").set_input_files(
        {"name": "corrected.csv", "mimeType": "text/csv", "buffer": corrected.encode()}
    )
    page.get_by_label("Replace the sample with this file").check()
    page.get_by_role("button", name="Upload sample").click()
    expect(page.get_by_role("heading", name="Are you sure you want to replace the sample?")).to_be_visible()
    expect(page.locator("#replacement-summary")).to_contain_text("3 cases: N002, N003, N004")
    look(browsing, page, "sample-replace")
    page.get_by_role("button", name="Replace the sample").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The sample was replaced")
    assert list(Case.objects.filter(inspection=eastshire).values_list("case_ref", flat=True)) == ["N001"]
