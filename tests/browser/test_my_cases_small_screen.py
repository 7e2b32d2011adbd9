"""My cases and the case page on a 375 px phone: no horizontal scrolling, case references kept on
one line, the characteristics collapsed under the task list, and no WCAG A/AA violation (axe)."""

import pytest
from playwright.sync_api import expect

from cases.models import Assessment
from cases.services import judgements as judgement_services
from criteria.models import GeneralCriterion
from tests import factories

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
LONG_REF = "CRN-X123456789-2026"


@pytest.fixture
def inspector_cases(inspection, inspector):
    """Ian's cases in two inspections with long unit names and references, one with history."""
    other = factories.InspectionFactory(
        name="Greater Manchester and Cheshire Probation Trust", slug="gmc-2026", criteria_set=inspection.criteria_set
    )
    factories.MemberFactory(inspection=other, user=inspector)
    unit = factories.UnitFactory(inspection=inspection, name="North cluster (Offender Management Unit 4)")
    cases = []
    for n, (where, status) in enumerate(
        [(inspection, "in_progress"), (inspection, "not_started"), (other, "submitted"), (other, "returned")]
    ):
        case = factories.CaseFactory(
            inspection=where,
            unit=unit
            if where == inspection
            else factories.UnitFactory(inspection=other, name="Stockport and Trafford"),
            case_ref=f"{LONG_REF}-{n}",
            sentence_type="suspended_sentence_order",
            rosh="very_high",
            mappa_level="2",
            mappa_category="1",
        )
        cases.append((case, factories.AssessmentFactory(case=case, assessor=inspector, status=status)))
    case, assessment = cases[0]
    criterion = GeneralCriterion.objects.get(criteria_set=inspection.criteria_set, code="A.1")
    judgement_services.save_criterion_page(
        assessment=assessment,
        general_criterion=criterion,
        answers={
            "A.1.01": judgement_services.Answer(
                option="late", rationale="Screening was completed twelve working days after sentence. " * 3
            )
        },
        actor=inspector,
    )
    Assessment.objects.filter(pk=assessment.pk).update(status="in_progress")
    return cases


def no_horizontal_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert widths[0] <= 375, f"{page.url} is {widths[0]} px wide at 375 px: {wide}"


def test_my_cases_and_the_case_page_fit_a_375_px_screen(browsing, new_page, inspector_cases, inspector):
    page = new_page()
    browsing.sign_in(page, "ian")
    page.set_viewport_size(PHONE)

    page.goto(f"{browsing.base_url}/inspections/my-cases/")
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    no_horizontal_scroll(page)
    links = page.locator("a.app-case-ref")
    expect(links).to_have_count(4)
    for n in range(4):
        assert links.nth(n).evaluate("a => a.getClientRects().length") == 1, "a case reference wrapped"
        box = links.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    browsing.axe(page, "my cases at 375 px")
    browsing.screenshot(page, "my-cases-375")

    page.get_by_label("Inspection").select_option(label="Greater Manchester and Cheshire Probation Trust")
    page.get_by_role("button", name="Apply filters").click()
    assert "inspection=gmc-2026" in page.url and "csrfmiddlewaretoken" not in page.url
    expect(links).to_have_count(2)
    no_horizontal_scroll(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name=f"{LONG_REF}-0").click()
    expect(page.get_by_role("heading", name=f"Case {LONG_REF}-0")).to_be_visible()
    no_horizontal_scroll(page)
    characteristics = page.locator("#case-characteristics")
    expect(characteristics.get_by_text("MAPPA category")).to_be_hidden()  # collapsed
    first_task = page.locator(".govuk-task-list").first.bounding_box()
    assert first_task["y"] < characteristics.bounding_box()["y"]
    browsing.axe(page, "case page at 375 px")
    browsing.screenshot(page, "case-page-375")
    characteristics.get_by_text("Case characteristics").click()
    expect(characteristics.get_by_text("MAPPA category")).to_be_visible()
    no_horizontal_scroll(page)
    browsing.screenshot(page, "case-page-375-characteristics-open")

    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(f"{browsing.base_url}/inspections/my-cases/")
    browsing.screenshot(page, "my-cases-1000")


def test_the_lead_sees_incomplete_sample_data_and_the_inspector_reads_why_a_question_does_not_apply(
    browsing, new_page, inspection, lead, inspector
):
    case = factories.CaseFactory(inspection=inspection, case_ref="M2", rosh="medium", mappa_level="2")
    factories.AssessmentFactory(case=case, assessor=inspector)

    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/dashboard/")
    banner = page.locator("#incomplete-sample-data")
    expect(banner).to_contain_text("MAPPA level 2 but no MAPPA category recorded")
    browsing.axe(page, "dashboard with incomplete sample data")
    browsing.screenshot(page, "dashboard-incomplete-sample-data")
    banner.get_by_role("link", name="Edit case M2").click()
    expect(page.get_by_role("heading", name="Edit case M2")).to_be_visible()
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/sample/")
    expect(page.locator("#incomplete-sample-data")).to_be_visible()
    browsing.axe(page, "sample page with incomplete sample data")

    page = new_page()
    browsing.sign_in(page, "ian")
    page.set_viewport_size(PHONE)
    page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/cases/M2/criteria/A.1/")
    expect(
        page.get_by_text("Applies to cases with a RoSH level of high or very high; this case's RoSH level is medium.")
    ).to_be_visible()
    no_horizontal_scroll(page)
    browsing.screenshot(page, "criterion-reasons-375")
