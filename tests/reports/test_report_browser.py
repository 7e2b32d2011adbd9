"""The report pages in a real browser: the PDF status updates by itself, the sentence buttons work
without JavaScript help, no WCAG 2.2 A/AA violation (axe-core), no CSP violation."""

import pytest
from playwright.sync_api import expect

from reports.models import CriterionNarrative, GeneratedPDF
from reports.services import jobs
from reports.services import reports as services

pytestmark = pytest.mark.browser


def test_the_pdf_status_updates_by_itself_until_it_can_be_downloaded(browsing, new_page, lead, sample):
    version = services.ensure_report(inspection=sample[0].inspection, actor=lead)
    queued = GeneratedPDF.objects.create(version=version, requested_by=lead)  # waiting for a worker
    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/report/")
    row = page.locator("[data-pdf-status-url]")
    expect(row.get_by_text("Queued")).to_be_visible()
    browsing.axe(page, "report overview")
    browsing.screenshot(page, "report-overview")

    # The worker builds it meanwhile; the page notices without being reloaded by hand.
    rendered = jobs.mark_pdf_running(generated_pdf_id=queued.pk, task_id="browser-test")
    jobs.mark_pdf_done(generated=rendered, content=b"%PDF-1.7 test", page_count=3)
    download = page.get_by_role("link", name=f"Download PDF {queued.pk} of version {version.number}")
    expect(download).to_be_visible(timeout=20_000)
    expect(page.get_by_text("3 pages")).to_be_visible()


def test_the_lead_adds_a_figure_sentence_to_the_strengths(browsing, new_page, lead, sample):
    page = new_page()
    browsing.sign_in(page, "lena")
    page.goto(f"{browsing.base_url}/inspections/northshire-2026/report/criteria/A.1/")
    page.get_by_label("Areas for improvement").fill("Typed first")
    button = page.locator('button[value="strengths|A.1.01:all"]')
    # Its hidden text tells screen reader users which sentence it adds.
    expect(button).to_contain_text("The assessment was completed on time in 28 out of 34 relevant cases (82%).")
    button.click()
    expect(page.get_by_text("Sentence added to the strengths.")).to_be_visible()
    expect(page.get_by_label("Strengths")).to_have_value(
        "The assessment was completed on time in 28 out of 34 relevant cases (82%)."
    )
    narrative = CriterionNarrative.objects.get()
    assert narrative.improvements == ["Typed first"]
    browsing.axe(page, "report criterion page")
    browsing.screenshot(page, "report-criterion")
