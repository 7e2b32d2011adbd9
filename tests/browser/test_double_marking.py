"""Double marking in a real browser: the second marker finds the case in My cases and assesses it
without seeing the primary marker's answers or rationale; the lead reads the agreement page.
axe-core checks the pages."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Assessment, Judgement
from criteria.models import Question
from tests import factories

pytestmark = pytest.mark.browser


def test_the_second_marker_assesses_blind_and_the_lead_sees_the_agreement(
    browsing, new_page, inspection, inspector, assessor, lead
):
    case = factories.CaseFactory(
        inspection=inspection, case_ref="NS200", sentence_type="community_order", rosh="medium"
    )
    primary = factories.AssessmentFactory(case=case, assessor=inspector, status=Assessment.Status.IN_PROGRESS)
    factories.AssessmentFactory(case=case, assessor=assessor, is_primary=False)
    factories.JudgementFactory(
        assessment=primary, question=Question.objects.get(code="A.1.01"), answer="on_time", rationale="PRIMARY-SECRET"
    )

    page = new_page()
    browsing.sign_in(page, "asha")
    page.get_by_role("link", name="My cases").click()
    page.get_by_role("link", name="NS200").click()
    expect(page.get_by_role("heading", name="Case NS200")).to_be_visible()
    page.get_by_role("link", name="A.1 Initial assessment").click()
    expect(page.get_by_role("heading", name="A.1 Initial assessment")).to_be_visible()
    assert "PRIMARY-SECRET" not in page.content()
    browsing.axe(page, "second marker's criterion page")
    page.locator(f"#question-{Question.objects.get(code='A.1.01').pk}").get_by_label("Yes, but late").check()
    page.locator(f"#question-{Question.objects.get(code='A.1.02').pk}").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and return to task list").click()
    expect(page.get_by_role("heading", name="Case NS200")).to_be_visible()
    assert "PRIMARY-SECRET" not in page.content()
    second = Assessment.objects.get(case=case, is_primary=False)
    assert {j.question.code: j.option.value for j in Judgement.objects.filter(assessment=second)} == {
        "A.1.01": "late",
        "A.1.02": "yes",
    }
    assert Judgement.objects.get(assessment=primary).option.value == "on_time"

    lead_page = new_page()
    browsing.sign_in(lead_page, "lena")
    lead_page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/agreement/")
    expect(lead_page.get_by_role("heading", name="Agreement between markers")).to_be_visible()
    expect(lead_page.get_by_role("row", name=re.compile("All questions"))).to_be_visible()
    browsing.axe(lead_page, "agreement page")
    browsing.screenshot(lead_page, "double-marking-agreement")
    lead_page.goto(f"{browsing.base_url}/inspections/{inspection.slug}/double-marking/")
    expect(lead_page.get_by_role("heading", name="Double marking", exact=True)).to_be_visible()
    browsing.axe(lead_page, "double marking page")
