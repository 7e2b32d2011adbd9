"""Moderation in a real browser: the lead opens the queue, moderates a submitted assessment,
changes an answer with a reason (refused first without one), sees both answers, and finishes;
"You are moderating" on every page of it. axe-core checks each page for WCAG 2.2 A/AA violations."""

import pytest
from playwright.sync_api import expect

from cases.models import Assessment, Inspection, Judgement, Moderation
from criteria.models import Question
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted_case(inspection, inspector, lead):
    inspection.status = Inspection.Status.MODERATION
    inspection.save()
    case = factories.CaseFactory(
        inspection=inspection, case_ref="NS200", sentence_type="community_order", rosh="medium"
    )
    assessment = factories.AssessmentFactory(case=case, assessor=inspector, status=Assessment.Status.SUBMITTED)
    for question in case.applicable_questions(Question.objects.filter(criteria_set=inspection.criteria_set)):
        factories.JudgementFactory(
            assessment=assessment, question=question, rationale=f"Seen on file ({question.code})"
        )
    return assessment


def test_the_lead_moderates_an_answer_with_a_reason(browsing, new_page, submitted_case, lead):
    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/")
    page.get_by_role("link", name="Moderation", exact=True).click()
    expect(page.get_by_role("heading", name="Moderation", exact=True)).to_be_visible()
    browsing.axe(page, "moderation queue")
    browsing.screenshot(page, "moderation-01-queue")

    page.get_by_role("link", name="NS200").click()
    expect(page.get_by_role("heading", name="You are moderating")).to_be_visible()
    browsing.axe(page, "moderating an assessment")
    page.get_by_role("link", name="A.1 Initial assessment").click()
    expect(page.get_by_role("heading", name="You are moderating")).to_be_visible()
    expect(page.get_by_text("Seen on file (A.1.01)")).to_be_visible()
    browsing.axe(page, "moderating a criterion")

    block = page.locator(f"#question-{Question.objects.get(code='A.1.01').pk}")
    block.get_by_label("Yes, but late").check()
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter why you are changing the answer to question A.1.01").click()
    browsing.axe(page, "moderation error")
    block.get_by_label("Reason, if you change the answer").fill("The screening was three weeks late")
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_text("A.1 Initial assessment: 1 answer changed.")).to_be_visible()

    page.get_by_role("link", name="A.1 Initial assessment").click()
    expect(block.get_by_text("Changed from Yes, on time to Yes, but late")).to_be_visible()
    expect(block.get_by_text("The screening was three weeks late")).to_be_visible()
    browsing.screenshot(page, "moderation-02-changed")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Finish moderation").click()
    expect(page.get_by_text("Assessment of case NS200 moderated.")).to_be_visible()

    moderation = Moderation.objects.get()
    assert (moderation.original_option.value, moderation.moderated_option.value) == ("on_time", "late")
    assert Judgement.objects.get(pk=moderation.judgement_id).option.value == "late"
    assessment = Assessment.objects.get(pk=submitted_case.pk)
    assert assessment.moderated_by == lead
