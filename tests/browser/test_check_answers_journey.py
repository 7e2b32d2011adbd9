"""Check your answers → submit → confirmation in a real browser (issue 12): a refused submit grouped
by criterion, its links opening the criterion page with each unanswered question and each answer
below the line without a reason marked, back to check your answers after saving, then the
confirmation panel. axe-core on each page; screenshots at 1000 and 375 pixels."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Assessment
from criteria.models import CriteriaSet, Question
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def custody_case(inspection, inspector):
    """A custody case (A.1.01, A.1.02 and A.2.01 apply) in a set that requires a rationale below the line."""
    CriteriaSet.objects.filter(pk=inspection.criteria_set_id).update(rationale_required_below_line=True)
    case = factories.CaseFactory(inspection=inspection, case_ref="NS200", sentence_type="custody", rosh="medium")
    factories.AssessmentFactory(case=case, assessor=inspector)
    return case


def block(page, code: str):
    return page.locator(f"#question-{Question.objects.get(code=code).pk}")


def look(browsing, page, name: str) -> None:
    """axe on the page, and screenshots at 1000 and 375 pixels wide (no sideways scrolling at 375)."""
    browsing.axe(page, name)
    for width in (1000, 375):
        page.set_viewport_size({"width": width, "height": 900})
        browsing.screenshot(page, f"{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_inspector_checks_their_answers_fixes_what_is_missing_and_submits(
    browsing, new_page, custody_case, inspector
):
    page = new_page()
    browsing.sign_in(page, "ian")
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/cases/NS200/")

    # A.1: one answer on time, one "No" with no reason: refused on the page itself.
    page.get_by_role("link", name="A.1 Initial assessment").click()
    block(page, "A.1.01").get_by_label("Yes, on time").check()
    block(page, "A.1.02").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and return to task list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give a reason for answering \u2018No\u2019 to question A.1.02"
    )
    expect(block(page, "A.1.02").locator("#A\\.1\\.02-rationale-error")).to_be_visible()
    block(page, "A.1.02").get_by_label("Rationale").fill("OASys rated RoSH low; the file shows threats to staff.")
    page.get_by_role("button", name="Save and return to task list").click()

    # Check your answers, then a submit refused with what is left, grouped by criterion.
    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_role("heading", name="Check your answers before submitting your assessment")).to_be_visible()
    expect(page.get_by_text("You cannot submit yet: 1 question still needs an answer.")).to_be_visible()
    look(browsing, page, "check-answers")
    page.get_by_role("button", name="Submit assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You cannot submit the assessment yet")
    expect(summary.get_by_role("link")).to_have_text(["A.2 Custody planning: 1 question unanswered"])
    assert page.title().startswith("Error: ")
    look(browsing, page, "check-answers-errors")

    # The link opens A.2 with the unanswered question marked; saving comes back to check your answers.
    summary.get_by_role("link").click()
    expect(block(page, "A.2.01").locator(".govuk-error-message")).to_contain_text("Answer question A.2.01")
    browsing.axe(page, "criterion page with unanswered questions marked")
    browsing.screenshot(page, "criterion-unanswered-marked")
    block(page, "A.2.01").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and return to check your answers").click()
    expect(page.get_by_role("heading", name="Check your answers before submitting your assessment")).to_be_visible()
    expect(page.get_by_text("You cannot submit yet")).to_have_count(0)
    card = page.locator("#criterion-a1")
    expect(card).to_contain_text("OASys rated RoSH low; the file shows threats to staff.")

    # A change link goes to the criterion and back.
    card.get_by_role("link", name=re.compile("Change")).click()
    expect(page.get_by_role("heading", name="A.1 Initial assessment")).to_be_visible()
    page.get_by_role("button", name="Save and return to check your answers").click()

    page.get_by_role("button", name="Submit assessment").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Assessment submitted")
    expect(page.locator(".govuk-panel__body")).to_contain_text("NS200")
    look(browsing, page, "submitted")
    assert Assessment.objects.get(case=custody_case).status == Assessment.Status.SUBMITTED
    page.get_by_role("link", name="Go to My cases").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
