"""The inspector's week in a real browser: sign in, My cases, a case's task list, criterion pages
with validation errors, the interview, submitting; and two people saving the same page at once.
axe-core checks each main page for WCAG 2.2 A/AA violations; screenshots are kept as artifacts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Assessment, Judgement
from criteria.models import Question
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def custody_case(inspection, inspector):
    """A custody case: A.1.01, A.1.02 and A.2.01 apply; A.1.03 (high RoSH only) does not."""
    case = factories.CaseFactory(
        inspection=inspection,
        case_ref="NS100",
        sentence_type="custody",
        rosh="medium",
        gender="male",
        age=34,
        ethnic_group="white",
        tier="2",
    )
    factories.AssessmentFactory(case=case, assessor=inspector)
    other = factories.CaseFactory(
        inspection=inspection,
        case_ref="NS101",
        sentence_type="community_order",
        rosh="low",
        unit=factories.UnitFactory(inspection=inspection, name="South cluster"),
    )
    factories.AssessmentFactory(case=other, assessor=inspector, status=Assessment.Status.IN_PROGRESS)
    return case


def question(code: str) -> Question:
    return Question.objects.get(code=code)


def block(page, code: str):
    """The part of the criterion page holding one question."""
    return page.locator(f"#question-{question(code).pk}")


def test_an_inspector_assesses_a_case_and_submits_it(browsing, new_page, custody_case, inspector):
    page = new_page()

    # Sign in: the live server serves GOV.UK Frontend's styles and scripts.
    page.goto(f"{browsing.base_url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate(
        "[...document.styleSheets].some(s => (s.href || '').includes('govuk-frontend') && s.cssRules.length > 100)"
    )
    assert "GDS Transport" in page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    browsing.axe(page, "sign-in")
    browsing.screenshot(page, "01-sign-in")
    browsing.sign_in(page, "ian")

    # My cases
    page.get_by_role("link", name="My cases").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    expect(page.locator(".govuk-task-list__item", has_text="NS101")).to_contain_text("In progress")
    browsing.axe(page, "my cases")
    browsing.screenshot(page, "02-my-cases")

    # The case's task list
    page.get_by_role("link", name="NS100").click()
    expect(page.get_by_role("heading", name="Case NS100")).to_be_visible()
    expect(page.locator("#task-A-1-status")).to_have_text("Not started")
    expect(page.locator("#task-A-2-status")).to_have_text("Not started")
    browsing.axe(page, "task list")
    browsing.screenshot(page, "03-task-list")

    # A criterion page: answer one question, record notable practice but forget the example.
    page.get_by_role("link", name="A.1 Initial assessment").click()
    expect(page.get_by_role("heading", name="A.1 Initial assessment")).to_be_visible()
    expect(
        page.get_by_text("Applies to cases with a RoSH level of high or very high; this case's RoSH level is medium.")
    ).to_be_visible()
    browsing.axe(page, "criterion page")
    browsing.screenshot(page, "04-criterion")
    first = block(page, "A.1.01")
    first.get_by_label("Yes, but late").check()
    first.get_by_label("Rationale").fill("Screening done 12 days after sentence.")
    first.locator("summary").click()
    first.get_by_label("Poor practice").check()
    page.get_by_role("button", name="Save and return to task list").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an example of the poor practice for question A.1.01")
    assert page.title().startswith("Error: ")
    expect(block(page, "A.1.01").get_by_label("Yes, but late")).to_be_checked()  # nothing typed is lost
    browsing.axe(page, "criterion page with errors")
    browsing.screenshot(page, "05-criterion-errors")
    summary.get_by_role("link").first.click()
    block(page, "A.1.01").get_by_label("Short example").fill("No screening for the first fortnight.")
    page.get_by_role("button", name="Save and continue").click()

    # "Save and continue" goes to the next criterion that applies; back to the task list from there.
    expect(page.get_by_role("heading", name="A.2 Custody planning")).to_be_visible()
    page.get_by_role("link", name="Case NS100").click()
    expect(page.locator("#task-A-1-status")).to_have_text("In progress")

    # Submitting too early (from check your answers) lists what is missing by criterion, each
    # linking to its page with the unanswered questions marked; saving comes back to check your answers.
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You cannot submit the assessment yet")
    expect(summary.get_by_role("link")).to_have_text(
        ["A.1 Initial assessment: 1 question unanswered", "A.2 Custody planning: 1 question unanswered"]
    )
    browsing.axe(page, "check answers with errors")
    summary.get_by_role("link", name=re.compile("A.1 Initial assessment")).click()
    expect(block(page, "A.1.02").locator(".govuk-error-message")).to_contain_text("Answer question A.1.02")
    block(page, "A.1.02").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and return to check your answers").click()
    page.get_by_role("link", name="Answer question A.2.01").click()
    block(page, "A.2.01").get_by_label("No", exact=True).check()
    block(page, "A.2.01").get_by_label("Rationale").fill("No release plan on file.")
    page.get_by_role("button", name="Save and return to check your answers").click()
    page.get_by_role("link", name="Back to the task list").click()

    # Back on the task list (no criterion left); the interview has its own page.
    expect(page.locator("#task-A-1-status")).to_have_text("Completed")
    expect(page.locator("#task-A-2-status")).to_have_text("Completed")
    page.get_by_role("link", name="Interview with the offender manager").click()
    page.get_by_label("Yes", exact=True).check()
    day = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Notes").fill("OM described the release planning.")
    browsing.axe(page, "interview")
    page.get_by_role("button", name="Save and return to task list").click()
    expect(page.locator("#task-interview-status")).to_have_text("Completed")

    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Assessment submitted")
    browsing.screenshot(page, "06-submitted")
    page.get_by_role("link", name="View case NS100").click()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()

    assessment = Assessment.objects.get(case=custody_case)
    assert assessment.status == Assessment.Status.SUBMITTED
    saved = Judgement.objects.select_related("option").get(assessment=assessment, question__code="A.1.01")
    assert (saved.option.value, saved.notable_practice, saved.notable_example) == (
        "late",
        "poor",
        "No screening for the first fortnight.",
    )


def test_two_people_saving_the_same_page_see_a_conflict_and_nothing_is_lost(
    browsing, new_page, custody_case, inspector, lead
):
    mine, theirs = new_page(), new_page()
    browsing.sign_in(mine, "ian")
    browsing.sign_in(theirs, "lena")
    url = f"{browsing.base_url}/inspections/{custody_case.inspection.slug}/cases/NS100/criteria/A.1/"
    mine.goto(url)
    theirs.goto(url)

    # The lead (moderating) saves first.
    block(theirs, "A.1.01").get_by_label("No", exact=True).check()
    block(theirs, "A.1.01").get_by_label("Rationale").fill("No screening on file at all.")
    theirs.get_by_role("button", name="Save and return to task list").click()
    expect(theirs.get_by_text("your answers have been saved")).to_be_visible()

    # The inspector's page was opened before that save: their save is refused with both answers.
    block(mine, "A.1.01").get_by_label("Yes, on time").check()
    block(mine, "A.1.02").get_by_label("Yes", exact=True).check()
    mine.get_by_role("button", name="Save and return to task list").click()
    expect(mine.get_by_role("heading", name="This answer was changed while you were editing")).to_be_visible()
    expect(mine.get_by_text("No screening on file at all.")).to_be_visible()
    browsing.axe(mine, "conflict page")
    browsing.screenshot(mine, "07-conflict")

    # Submitting without choosing says so; then "use my answer" saves every answer of mine.
    mine.get_by_role("button", name="Save my choices").click()
    expect(mine.locator(".govuk-error-summary")).to_contain_text("Choose which answer to keep for question A.1.01")
    mine.get_by_label("Use my answer").check()
    mine.get_by_role("button", name="Save my choices").click()
    expect(mine.get_by_text("your answers have been saved")).to_be_visible()

    first = Judgement.objects.select_related("option", "updated_by").get(question__code="A.1.01")
    assert (first.option.value, first.version, first.updated_by) == ("on_time", 2, inspector)
    assert [h.option.value for h in first.history.order_by("history_id")] == ["no", "on_time"]
    assert Judgement.objects.get(question__code="A.1.02").option.value == "yes"
    # The case page's history shows the lead's answer and the inspector's replacing it.
    expect(mine.locator("#history ~ .app-scroll-x table")).to_contain_text("Answer: No → Yes, on time")
