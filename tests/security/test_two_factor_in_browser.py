"""The two-factor pages in a real Chromium: the QR code shows under the strict CSP, no WCAG 2.2 A/AA
violation (axe-core), and the whole first sign-in works as a person does it."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser_fixtures import PASSWORD
from tests.second_factor import authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_first_sign_in_sets_up_the_authenticator_from_a_qr_code_the_csp_allows(new_page, browsing):
    factories.UserFactory(username="ian")
    page = new_page()
    password_step(page, browsing.base_url, "ian")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code to add Probation case assessment to your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("img => img.complete && img.naturalWidth > 0")  # the data: SVG was allowed and drawn
    assert browsing.page_csp_violations(page) == []
    page.get_by_text("I cannot scan the QR code").click()
    expect(page.locator("#setup-key")).to_be_visible()
    browsing.axe(page, "two-factor set-up")
    browsing.screenshot(page, "two-factor-set-up")

    browsing.pass_second_factor(page, "ian")
    expect(page.get_by_role("link", name="My cases")).to_be_visible()
    assert browsing.page_csp_violations(page) == []


def test_the_recovery_codes_page_passes_the_accessibility_checks(new_page, browsing):
    from base64 import b32decode

    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP

    factories.UserFactory(username="ian")
    page = new_page()
    password_step(page, browsing.base_url, "ian")
    key = "".join(page.locator("#setup-key").text_content().split())
    page.get_by_label("Security code").fill(f"{TOTP(b32decode(key)).token():06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    assert page.get_by_role("list", name="Recovery codes").locator("li").count() == 10
    assert get_user_model().objects.get(username="ian").recoverycodedevice_set.get().codes.count() == 10
    browsing.axe(page, "recovery codes")


def test_the_security_code_page_passes_the_accessibility_checks(new_page, browsing):
    authenticator(factories.UserFactory(username="ian"))
    page = new_page()
    password_step(page, browsing.base_url, "ian")
    expect(page.get_by_role("heading", name="Enter the security code")).to_be_visible()
    browsing.axe(page, "two-factor code")
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    browsing.axe(page, "two-factor code with an error")
