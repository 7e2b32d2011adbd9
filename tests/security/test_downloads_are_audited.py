"""Every download of case-level data is in the audit log: who, when, from where, which file."""

import pytest
from django.urls import reverse

from inspection.models import AuditEvent
from reports.models import GeneratedPDF

pytestmark = pytest.mark.django_db

SLUG = "northshire-2026"


def url(name, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def pdf(client, lead, inspection):
    client.force_login(lead)
    client.post(url("report_generate"))
    return GeneratedPDF.objects.get(status=GeneratedPDF.Status.DONE)


@pytest.mark.parametrize(
    ("name", "query", "what"),
    [
        ("judgements_csv", "", "Judgements CSV"),
        ("scores_csv", "?by=unit", "Scores CSV"),
        ("scores_csv", "", "Scores CSV"),
        ("scores_xlsx", "?by=unit", "Scores XLSX"),
        ("scores_xlsx", "", "Scores XLSX"),
    ],
)
def test_each_download_of_case_data_is_recorded(client, lead, inspection, name, query, what):
    client.force_login(lead)
    path = url(name) + query
    response = client.get(path, REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert (event.user, event.username, event.address) == (lead, "lena", "203.0.113.10")
    assert event.detail == f"{what}: {path}"


def test_a_report_pdf_download_is_recorded(client, lead, pdf):
    path = url("report_pdf_download", pk=pdf.pk)
    assert client.get(path).status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert (event.user, event.detail) == (lead, f"Report PDF: {path}")


def test_a_refused_download_is_not_recorded(client, inspector, outsider, inspection):
    client.force_login(inspector)  # the judgements CSV is for the lead and admins only
    assert client.get(url("judgements_csv")).status_code in (403, 404)
    client.force_login(outsider)
    assert client.get(url("scores_csv")).status_code in (403, 404)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()


def test_pages_that_only_show_scores_are_not_downloads(client, lead, inspection):
    client.force_login(lead)
    assert client.get(url("scores")).status_code == 200
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()
