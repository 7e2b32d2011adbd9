"""The sections the published reports have: the reasons for a reinspection with the original's
figures for the criteria they name, a summary opening each section with its score and rating band,
and the service users' perspective with its count of responses; all kept into a new draft."""

import pytest
from django.urls import reverse

from reports import word
from reports.models import ReportVersion
from reports.report_data import version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise
from .test_report_pdf import pages_text
from .test_report_word import all_text, open_docx

REASONS = "The original inspection recommended better timeliness (A.1). Release plans were weak (A.2)."


def write(version, lead):
    return services.save_summary(
        version=version,
        foreword="",
        recommendations=[],
        revision=version.revision,
        reinspection_reasons=REASONS,
        service_users="Offenders said their managers listened.",
        service_users_responses=11,
        actor=lead,
    )


def test_the_lead_writes_them_on_the_summary_page(client_as, lead, inspection):
    client_as(lead).post(
        reverse("reports:report_summary", args=[inspection.slug]),
        {
            "foreword": "",
            "recommendations": "",
            "reinspection_reasons": REASONS,
            "service_users": "They felt listened to.",
            "service_users_responses": "2",
            "revision": 1,
        },
    )
    version = ReportVersion.objects.get()
    assert (version.reinspection_reasons, version.service_users_responses) == (REASONS, 2)


def test_the_reasons_show_the_original_figures_of_the_criteria_named(reinspection, lead):
    version = write(services.ensure_report(inspection=reinspection, actor=lead), lead)
    data = version_data(version)
    assert [(code, before, now) for code, _, before, now in data.reasons_figures] == [
        ("A.1", data.sections[0].criteria[0].figure.previous_display, data.sections[0].criteria[0].figure.display),
        ("A.2", data.sections[0].criteria[1].figure.previous_display, data.sections[0].criteria[1].figure.display),
    ]
    assert data.service_users_sentence == "This section draws on 11 responses from offenders."
    text = all_text(open_docx(word.render(data)))
    assert "Reasons for undertaking the reinspection" in text and "Service users' perspective" in text
    assert "Summary of section A: the score of each general criterion" in text


@pytest.mark.pdf
def test_the_pdf_has_the_sections_and_a_summary_opening_each(reinspection, lead):
    from reports import pdf

    version = write(services.ensure_report(inspection=reinspection, actor=lead), lead)
    text = " ".join(pages_text(pdf.render(version_data(version)).content))
    assert "REASONS FOR UNDERTAKING THE REINSPECTION" in text and "in the original inspection and now" in text
    assert "SERVICE USERS\u2019 PERSPECTIVE This section draws on 11 responses from offenders." in text
    assert "Summary of section A: the score of each general criterion" in text


def test_a_new_draft_keeps_them(inspection, lead, sample):
    version = write(services.ensure_report(inspection=inspection, actor=lead), lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    draft = services.start_new_draft(report=version.report, actor=lead)
    assert (draft.reinspection_reasons, draft.service_users, draft.service_users_responses) == (
        REASONS,
        "Offenders said their managers listened.",
        11,
    )
