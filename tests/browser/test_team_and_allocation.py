"""The team and allocation pages in a real browser: the lead adds someone chosen from a list, meets
"Are you sure?" before removing someone, and allocates cases with "Select all" (static/js/select-all.js),
seeing each person's workload. axe-core checks each page; screenshots at 1000 and 375 px wide."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Assessment, Membership
from tests import factories

pytestmark = pytest.mark.browser


def test_the_lead_manages_the_team_from_lists_and_confirms_a_removal(browsing, new_page, inspection, lead, inspector):
    lead.first_name, lead.last_name = "Lena", "Lead"
    lead.save()
    inspector.first_name, inspector.last_name = "Ian", "Inspector"
    inspector.save()
    factories.UserFactory(username="lara", first_name="Lara", last_name="Lane")

    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/team/")
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    browsing.axe(page, "team page")
    for width in (1000, 375):
        page.set_viewport_size({"width": width, "height": 900})
        browsing.screenshot(page, f"team-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Person").select_option(label="Lara Lane (lara)")
    page.get_by_label("Local assessor").check()
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text("Lara Lane has been added to the team as local assessor.")).to_be_visible()

    page.get_by_role("link", name="Remove Ian Inspector from the team").click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to remove Ian Inspector from the team?")
    ).to_be_visible()
    browsing.axe(page, "remove confirmation page")
    browsing.screenshot(page, "team-remove-confirmation")
    page.get_by_role("button", name="Remove Ian Inspector").click()
    expect(page.get_by_text("Ian Inspector has been removed from the team.")).to_be_visible()
    assert not Membership.objects.filter(inspection=inspection, user=inspector).exists()

    page.get_by_role("link", name="Change role of Lara Lane").click()
    browsing.axe(page, "change role page")
    browsing.screenshot(page, "team-change-role")
    page.get_by_label("Inspector", exact=True).check()
    page.get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Lara Lane's role is now inspector.")).to_be_visible()


def test_select_all_ticks_every_case_and_the_lead_sees_workloads(browsing, new_page, inspection, lead, inspector):
    inspector.first_name, inspector.last_name = "Ian", "Inspector"
    inspector.save()
    unit = factories.UnitFactory(inspection=inspection, name="North cluster")
    cases = [factories.CaseFactory(inspection=inspection, unit=unit, case_ref=f"N{n:03}") for n in range(1, 7)]
    factories.AssessmentFactory(case=cases[0], assessor=inspector, status="in_progress")

    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/allocation/")
    expect(page.get_by_text("1 case allocated: 1 in progress, 0 submitted")).to_be_visible()
    select_all = page.get_by_label(re.compile("^Select all"))
    boxes = page.locator("tbody input[name=cases]")

    boxes.nth(1).check()
    assert select_all.evaluate("box => box.indeterminate")  # some ticked: mixed
    select_all.check()
    assert all(boxes.nth(i).is_checked() for i in range(6))
    browsing.axe(page, "allocation page")
    for width in (1000, 375):
        page.set_viewport_size({"width": width, "height": 900})
        browsing.screenshot(page, f"allocation-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the table scrolls, not the page
    page.set_viewport_size({"width": 1280, "height": 900})
    select_all.uncheck()
    assert not any(boxes.nth(i).is_checked() for i in range(6))

    select_all.check()
    boxes.nth(0).uncheck()  # N001 stays with Ian
    assert not select_all.is_checked()
    page.get_by_label("Ian Inspector (inspector)").check()
    page.get_by_role("button", name="Allocate selected cases").click()
    expect(page.get_by_text("5 cases allocated to Ian Inspector.")).to_be_visible()
    expect(page.get_by_text("6 cases allocated: 1 in progress, 0 submitted")).to_be_visible()
    assert Assessment.objects.filter(case__inspection=inspection, assessor=inspector).count() == 6
