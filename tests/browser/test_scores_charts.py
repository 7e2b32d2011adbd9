"""The scores pages' charts in a real browser, as a lead reads them at 1000 px and on a phone:
the pictures come first, each links to its table, the breakdown's first column stays in view when
the table scrolls sideways, the charts of questions that do not differ are a link away, and charts
and tables both print. axe checks each page."""

import pytest
from playwright.sync_api import expect

from cases.models import Inspection
from tests import factories
from tests.scoring.helpers import judge, make_case

pytestmark = pytest.mark.browser


@pytest.fixture
def reinspection(inspection, small_set):
    """Northshire, a reinspection of Northshire 2024, with three units that differ on A.1.02."""
    previous = factories.InspectionFactory(slug="northshire-2024", name="Northshire 2024", criteria_set=small_set)
    for i in range(10):
        judge(make_case(previous, f"P{i}"), {"A.1.02": "yes" if i < 6 else "no", "A.1.01": "on_time"})
    for unit, yes in [("North cluster", 20), ("South cluster", 10), ("West cluster with a long name", 11)]:
        for i in range(20):
            answers = {"A.1.02": "yes" if i < yes else "no", "A.1.01": "on_time" if i % 3 else "late"}
            judge(make_case(inspection, f"{unit[:1]}{i:02d}", unit=unit), answers)
    inspection.previous = previous
    inspection.save()
    return inspection


@pytest.mark.parametrize("width", [1000, 375])
def test_a_lead_reads_the_scores_and_a_breakdown_as_charts_first(browsing, new_page, reinspection, lead, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    browsing.sign_in(page, lead.username)

    page.goto(f"{browsing.base_url}/inspections/{reinspection.slug}/scores/")
    chart = page.locator("svg#chart-criteria")
    expect(chart).to_be_visible()
    assert chart.get_attribute("role") == "img"
    assert page.get_by_role("img", name="Section and general criterion scores against the rating bands").count() == 1
    expect(page.locator("svg#chart-change")).to_be_visible()
    browsing.screenshot(page, f"scores-charts-{width}")
    browsing.axe(page, f"scores at {width} px")
    # Charts fit and wide tables scroll in their own regions: the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("svg#chart-criteria").locator("xpath=..").get_by_role("link", name="These figures as a table").click()
    assert page.url.endswith("#criteria-table")
    expect(page.locator("#criteria-table")).to_be_in_viewport()

    page.goto(f"{browsing.base_url}/inspections/{reinspection.slug}/scores/breakdown/?by=unit")
    dots = page.locator("svg#chart-question-a102")
    expect(dots).to_be_visible()
    expect(dots.locator(".app-chart__dot--marked")).to_have_count(2)
    browsing.screenshot(page, f"breakdown-charts-{width}")
    browsing.axe(page, f"breakdown at {width} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The table's region scrolls sideways (by keyboard too) and its first column stays put.
    region = page.get_by_role("region", name="Scores by unit (scrolls sideways)")
    first = page.locator("#row-question-a102 th")
    heading = page.locator(".app-sticky-label", has_text="Questions")
    before, heading_before = first.bounding_box()["x"], heading.bounding_box()["x"]
    region.focus()
    page.keyboard.press("End")
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    if region.evaluate("el => el.scrollWidth > el.clientWidth"):
        assert region.evaluate("el => el.scrollLeft") > 0
    assert abs(first.bounding_box()["x"] - before) < 1
    assert abs(heading.bounding_box()["x"] - heading_before) < 1  # the heading row's words stay in view too
    if width == 375:
        browsing.screenshot(page, "breakdown-table-scrolled-375")

    # The questions whose groups do not differ: their charts one click away, the grouping kept.
    expect(page.locator("svg#chart-question-a101")).to_have_count(0)
    page.get_by_role("link", name="Show the chart of the other question").click()
    assert page.url.endswith("?by=unit&charts=all#other-charts")
    other = page.locator("svg#chart-question-a101")
    expect(other).to_be_visible()
    assert other.get_attribute("role") == "img"
    browsing.screenshot(page, f"breakdown-every-chart-{width}")
    browsing.axe(page, f"breakdown with every chart at {width} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Printed: every chart shown and the table, without the links that only work on screen.
    page.emulate_media(media="print")
    expect(page.locator("svg#chart-question-a102")).to_be_visible()
    expect(other).to_be_visible()
    expect(page.locator("#breakdown-table")).to_be_visible()
    expect(
        page.get_by_role("link", name="Show only the charts of the headlines and the questions that differ")
    ).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Show only the charts of the headlines and the questions that differ").click()
    expect(page.locator("svg#chart-question-a101")).to_have_count(0)
    expect(page.locator("svg#chart-question-a102")).to_be_visible()


def test_the_programme_page_marks_an_inspection_with_too_few_cases(browsing, new_page, reinspection, admin):
    page = new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    browsing.sign_in(page, admin.username)
    programme = factories.ProgrammeFactory(slug="omi2", name="OMI2")
    Inspection.objects.filter(pk__in=[reinspection.pk, reinspection.previous_id]).update(programme=programme)
    page.goto(f"{browsing.base_url}/inspections/programmes/omi2/scores/")
    expect(page.get_by_text("1 inspection has fewer than 20 submitted cases")).to_be_visible()
    expect(page.get_by_text("Too few to compare", exact=True)).to_have_count(
        2
    )  # Northshire 2024's column, in both tables
    expect(page.get_by_text("60 of 60 cases submitted").first).to_be_visible()
    browsing.axe(page, "programme")
    browsing.screenshot(page, "programme-too-few-1000")
