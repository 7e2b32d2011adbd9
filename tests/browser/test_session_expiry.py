"""Session expiry in a real browser, with a session of seconds (settings override): GOV.UK's timeout
warning opens with focus in it, "Stay signed in" and Escape extend the session, and once the session
has ended, typed answers survive signing in again. axe checks the dialog in both states."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from cases.models import Assessment, Judgement
from criteria.models import Question
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def case(inspection, inspector):
    case = factories.CaseFactory(
        inspection=inspection, case_ref="NS100", sentence_type="community_order", rosh="medium"
    )
    factories.AssessmentFactory(case=case, assessor=inspector)
    return case


def criterion_url(base_url, case) -> str:
    return f"{base_url}/inspections/{case.inspection.slug}/cases/{case.case_ref}/criteria/A.1/"


def session_ends_in(page) -> float:
    """Seconds until the browser's session ends, as the server has it."""
    from django.utils import timezone

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return (Session.objects.get(session_key=key).expire_date - timezone.now()).total_seconds()


def test_the_warning_opens_before_the_session_ends_and_staying_signed_in_extends_it(browsing, new_page, case, settings):
    settings.SESSION_COOKIE_AGE = 40
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 32
    page = new_page()
    browsing.sign_in(page, "ian")
    page.goto(criterion_url(browsing.base_url, case))

    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog).to_contain_text(re.compile(r"we will sign you out in \d+ seconds"))
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    assert page.evaluate("document.querySelector('#timeout-warning').contains(document.activeElement)")
    browsing.axe(page, "timeout warning")
    browsing.screenshot(page, "session-timeout-warning")
    page.set_viewport_size({"width": 375, "height": 700})
    browsing.screenshot(page, "session-timeout-warning-375")
    page.set_viewport_size({"width": 1000, "height": 900})

    before = session_ends_in(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert session_ends_in(page) > before + 5  # moved on to 40 seconds from now

    # Escape means "Stay signed in" too.
    expect(dialog).to_be_visible(timeout=20_000)
    before = session_ends_in(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert session_ends_in(page) > before + 5
    page.get_by_role("link", name="Case NS100").click()  # still signed in
    expect(page.get_by_role("heading", name="Case NS100")).to_be_visible()


def test_the_warning_counts_in_seconds_under_two_minutes(browsing, new_page, case, settings):
    """70 seconds left is not "2 minutes": under two minutes the countdown says seconds."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    page = new_page()
    browsing.sign_in(page, "ian")
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 300
    session = SessionStore(next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid"))
    session.set_expiry(timezone.now() + timedelta(seconds=100))  # the session ends in 100 seconds
    session.save()
    page.goto(criterion_url(browsing.base_url, case))

    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=20_000)
    countdown = page.locator("[data-timeout-countdown]")
    expect(countdown).to_have_text(re.compile(r"^\d+ seconds$"))
    assert 60 < int(countdown.text_content().split()[0]) <= 100


def test_answers_typed_before_the_session_ended_come_back_after_signing_in_again(browsing, new_page, case, settings):
    settings.SESSION_COOKIE_AGE = 20
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 15
    page = new_page()
    browsing.sign_in(page, "ian")
    page.goto(criterion_url(browsing.base_url, case))
    question = page.locator(f"#question-{Question.objects.get(code='A.1.01').pk}")
    question.get_by_label("Yes, but late").check(force=True)  # the warning may be open already
    question.get_by_label("Rationale").fill("Screening done 12 days after sentence.", force=True)

    dialog = page.get_by_role("dialog", name="You have been signed out")
    expect(dialog).to_be_visible(timeout=40_000)
    expect(dialog).to_contain_text("Your answers on this page have not been saved.")
    browsing.axe(page, "signed out dialog")
    browsing.screenshot(page, "session-signed-out")

    settings.SESSION_COOKIE_AGE = 3600  # the next sign-in lasts
    dialog.get_by_role("link", name="Sign in again").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You were signed out, so your answers have not been saved yet.")
    page.get_by_label("Username").fill("ian")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    browsing.pass_second_factor(page, "ian")

    expect(page.get_by_role("heading", name="A.1 Initial assessment")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out. We kept what you typed: check it and save."
    )
    expect(question.get_by_label("Yes, but late")).to_be_checked()
    expect(question.get_by_label("Rationale")).to_have_value("Screening done 12 days after sentence.")
    assert not Judgement.objects.exists()  # kept, not saved
    browsing.axe(page, "criterion page with kept answers")
    browsing.screenshot(page, "session-kept-answers")

    page.get_by_role("button", name="Save and return to task list").click()
    expect(page.get_by_role("heading", name="Case NS100")).to_be_visible()
    assert Judgement.objects.get().rationale == "Screening done 12 days after sentence."


def test_saving_a_case_submitted_in_another_tab_shows_what_was_typed(browsing, new_page, case):
    page = new_page()
    browsing.sign_in(page, "ian")
    page.goto(criterion_url(browsing.base_url, case))
    question = page.locator(f"#question-{Question.objects.get(code='A.1.01').pk}")
    question.get_by_label("Yes, but late").check()
    question.get_by_label("Rationale").fill("Screening done 12 days after sentence.")
    Assessment.objects.filter(case=case).update(status=Assessment.Status.SUBMITTED)  # in another tab

    page.get_by_role("button", name="Save and return to task list").click()

    expect(page.get_by_role("heading", name="This case has been submitted")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Screening done 12 days after sentence.")
    browsing.axe(page, "case submitted elsewhere")
    browsing.screenshot(page, "stale-save-of-submitted-case")
    page.set_viewport_size({"width": 375, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    browsing.screenshot(page, "stale-save-of-submitted-case-375")
    page.get_by_role("link", name="Go to case NS100").click()
    expect(page.get_by_role("heading", name="Case NS100")).to_be_visible()
    assert not Judgement.objects.exists()


def test_a_sign_in_form_whose_token_expired_gets_a_gov_uk_page(browsing, new_page, db):
    page = new_page()
    page.goto(f"{browsing.base_url}/accounts/login/")
    page.context.clear_cookies()  # the CSRF cookie is gone, as after a browser restart
    page.get_by_label("Username").fill("ian")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Sorry, this page had expired")).to_be_visible()
    browsing.axe(page, "CSRF failure page")
    browsing.screenshot(page, "csrf-failure")
    page.get_by_role("link", name="start signing in again").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
