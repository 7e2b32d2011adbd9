"""The sign-in page in a real Chromium: GOV.UK styles and scripts load under the CSP, it passes
axe-core's accessibility rules, and signing in works."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_loads_gov_uk_styles_and_scripts_without_csp_violations(new_page, browsing):
    page = new_page()
    failures = []
    page.on("requestfailed", lambda r: failures.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"HTTP {r.status}: {r.url}"))
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert browsing.page_csp_violations(page) == []
    assert failures == []
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


def test_sign_in_page_has_no_accessibility_violations(new_page, browsing):
    page = new_page()
    page.goto("/accounts/login/")
    browsing.axe(page, "sign-in")


def test_wrong_password_in_the_browser_focuses_the_error_summary(new_page, browsing):
    page = new_page()
    factories.UserFactory(username="ian")
    page.goto("/accounts/login/")
    page.fill("#id_username", "ian")
    page.fill("#id_password", "wrong")
    page.locator("#submit-id-submit").click()
    assert page.title().startswith("Error: ")
    # GOV.UK Frontend's error summary script moves focus to the summary.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert browsing.page_csp_violations(page) == []


def test_signing_in_leads_to_a_page_without_csp_violations(new_page, browsing):
    page = new_page()
    factories.UserFactory(username="ian")
    page.goto("/accounts/login/")
    page.fill("#id_username", "ian")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("#submit-id-submit").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url
    assert page.locator("button", has_text="Sign out").count() == 1
    assert browsing.page_csp_violations(page) == []
