"""The sign-in page in a real Chromium: GOV.UK styles and scripts load under the CSP, it passes
axe-core's accessibility rules, and signing in works."""

import json
from pathlib import Path

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def test_sign_in_page_loads_gov_uk_styles_and_scripts_without_csp_violations(browser_page):
    page = browser_page
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert page.watch.csp_violations() == []
    assert page.watch.errors == []
    # js-enabled.js ran (GOV.UK's "supported" class) and app.js initialised the components.
    assert "govuk-frontend-supported" in page.get_attribute("body", "class")
    assert page.get_attribute("[data-module=govuk-skip-link]", "data-govuk-skip-link-init") is not None
    # The GOV.UK stylesheet applied: the green button (v6 brand colour) and the GDS font stack.
    button = page.locator("#submit-id-submit")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(15, 122, 82)"
    assert "GDS Transport" in page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    # The font files themselves were served (their URLs are relative to the stylesheet).
    loaded = page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family))"
    )
    assert any("GDS Transport" in family for family in loaded)


def test_sign_in_page_has_no_accessibility_violations(browser_page):
    page = browser_page
    page.goto("/accounts/login/")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser, not subject to the page's CSP
    results = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in results["violations"]]
    assert violations == [], json.dumps(violations, indent=2)


def test_wrong_password_in_the_browser_focuses_the_error_summary(browser_page):
    page = browser_page
    factories.UserFactory(username="ian")
    page.goto("/accounts/login/")
    page.fill("#id_username", "ian")
    page.fill("#id_password", "wrong")
    page.locator("#submit-id-submit").click()
    assert page.title().startswith("Error: ")
    # GOV.UK Frontend's error summary script moves focus to the summary.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.watch.csp_violations() == []


def test_signing_in_leads_to_a_page_without_csp_violations(browser_page):
    page = browser_page
    factories.UserFactory(username="ian")
    page.goto("/accounts/login/")
    page.fill("#id_username", "ian")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("#submit-id-submit").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url
    assert page.locator("button", has_text="Sign out").count() == 1
    assert page.watch.csp_violations() == []
    assert page.watch.errors == []
