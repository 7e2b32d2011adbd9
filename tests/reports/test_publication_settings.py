"""The site-wide publication settings: an admin edits them once (with history), every report prints
them (the organisation on the cover with the month of publication and an optional ISBN, the rest in
the appendix on the role of the inspectorate); no one else may change them."""

import pytest
from django.urls import reverse

from reports import word
from reports.models import PublicationSettings, ReportVersion
from reports.report_data import version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise
from .test_report_word import all_text, open_docx

URL = reverse("reports:publication_settings")
SETTINGS = {
    "organisation": "HM Inspectorate of Probation",
    "statement_of_purpose": "We report on the effectiveness of work with offenders.",
    "code_of_practice": "We inspect a representative sample of cases.",
    "contact_address": "1st Floor\nManchester",
    "publication_arrangements": "Reports are published on our website.",
}


def test_an_admin_saves_them_once_with_history(client_as, admin):
    response = client_as(admin).post(URL, SETTINGS, follow=True)
    assert "Publication settings saved" in response.content.decode()
    saved = PublicationSettings.objects.get()
    assert saved.organisation == "HM Inspectorate of Probation"
    assert saved.history.count() == 1
    client_as(admin).post(URL, {**SETTINGS, "organisation": "HMI Probation"})
    assert PublicationSettings.objects.count() == 1 and saved.history.count() == 2


def test_no_one_else_may_change_them(client_as, lead, client):
    assert client_as(lead).post(URL, SETTINGS).status_code == 403
    assert not PublicationSettings.objects.exists()
    client.logout()
    assert client.get(URL).status_code == 302  # to sign in


def test_every_report_prints_them(client_as, admin, lead, sample):
    client_as(admin).post(URL, SETTINGS)
    inspection = sample[0].inspection
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(
        version=version, foreword="", recommendations=[], revision=1, isbn="978-1-84099-449-0", actor=lead
    )
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=ReportVersion.objects.get(), actor=lead)
    data = version_data(ReportVersion.objects.get())
    assert data.organisation == "HM Inspectorate of Probation" and data.isbn == "978-1-84099-449-0"
    assert [heading for heading, _ in data.publication] == [
        "Role of the inspectorate",
        "The inspection model",
        "Publication arrangements",
    ]
    text = all_text(open_docx(word.render(data)))
    assert "An inspection led by HM Inspectorate of Probation" in text and "ISBN: 978-1-84099-449-0" in text
    assert data.published in text and "Reports are published on our website." in text


@pytest.mark.pdf
def test_the_pdf_cover_and_appendix_print_them(client_as, admin, lead, sample):
    from reports import pdf

    from .test_report_pdf import pages_text

    client_as(admin).post(URL, SETTINGS)
    version = services.ensure_report(inspection=sample[0].inspection, actor=lead)
    pages = pages_text(pdf.render(version_data(version)).content)
    assert "An inspection led by HM Inspectorate of Probation" in pages[0]
    assert "THE INSPECTION MODEL" not in pages[-1]  # h2, not upper-cased
    assert "The inspection model We inspect a representative sample of cases." in pages[-1]
