"""The error pages, the footer's pages and signing out, in a real browser: axe-core finds no WCAG 2.2
A/AA violations, every bit of content sits in a landmark (axe's "region" rule: the phase banner is in
the header), and the pages read well 375 pixels wide (screenshots kept as artifacts)."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def content_outside_landmarks(page) -> list[str]:
    """axe's "region" rule (a best practice, not a WCAG tag, so Browsing.axe does not run it)."""
    return page.evaluate(
        "axe.run(document, {runOnly: ['region']}).then(r => r.violations.flatMap(v => v.nodes.map(n =>"
        " n.target.join(' '))))"
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def look(browsing, page, name: str) -> None:
    """axe on the page, then screenshots at 1000 and 375 pixels wide, with no sideways scrolling on a phone."""
    browsing.axe(page, name)
    assert content_outside_landmarks(page) == [], name
    page.set_viewport_size({"width": 1000, "height": 900})
    browsing.screenshot(page, f"{name}-1000")
    page.set_viewport_size({"width": 375, "height": 812})
    browsing.screenshot(page, f"{name}-375")
    assert no_horizontal_scroll(page), f"{name} scrolls sideways at 375 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_footer_pages_error_pages_and_signing_out(browsing, new_page, inspection, assessor, settings):
    settings.ROOT_URLCONF = "tests.foundation.error_urls"  # the project's pages plus one that fails
    factories.CaseFactory(inspection=inspection, case_ref="NS001")
    page = new_page()

    # Before signing in: the footer's pages, reached from the sign-in page's footer.
    page.goto(f"{browsing.base_url}/accounts/login/")
    look(browsing, page, "sign-in")
    footer = page.locator("footer")
    for link, heading, name in [
        ("Privacy notice", "Privacy notice", "privacy-notice"),
        ("Accessibility statement", "Accessibility statement for Probation case assessment", "accessibility"),
        ("Help and contact", "Help and contact", "help"),
    ]:
        footer.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        look(browsing, page, name)

    # An address that does not exist.
    page.goto(f"{browsing.base_url}/no-such-page/")
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    look(browsing, page, "page-not-found")

    # A page that fails: no details, a way home.
    response = page.goto(f"{browsing.base_url}/broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1, name="Sorry, there is a problem with the service")).to_be_visible()
    look(browsing, page, "server-error")

    # Signed in as a local assessor: the sample is the lead's page.
    browsing.sign_in(page, "asha")
    response = page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/sample/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1, name="You cannot view this page")).to_be_visible()
    expect(page.get_by_text("ask the lead inspector of the inspection to give you access")).to_be_visible()
    look(browsing, page, "forbidden")
    page.get_by_role("link", name="Go to My cases").click()
    expect(page.get_by_role("heading", level=1, name="My cases")).to_be_visible()

    # Signing out says so.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    look(browsing, page, "signed-out")
