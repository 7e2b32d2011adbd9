"""Retention: an admin erases a published inspection's case-level data after RETENTION_DAYS,
keeping every score and the final report; refused before publication and before the period ends."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Assessment, Case, Judgement
from inspection.errors import LockedError
from inspection.models import AuditEvent
from reports import exports
from reports.models import GeneratedPDF, NotableExample, ReportVersion
from reports.services.retention import ERASED_REASON, erase_case_data, retention_state

from .conftest import EXAMPLE, NOTES, RATIONALE

pytestmark = pytest.mark.django_db

BREAKDOWNS = (None, "unit", "sentence_type", "rosh", "supervision", "rosh_band")


def after_the_period(settings):
    return timezone.now() + timedelta(days=settings.RETENTION_DAYS, minutes=1)


def every_score(inspection) -> dict:
    return {by: exports.scores_csv(inspection=inspection, by=by) for by in BREAKDOWNS}


def case_text_anywhere(inspection) -> list[str]:
    """Where the rationale, notes, example or an original reference still are, live or in history."""
    found = []
    judgements = Judgement.history.filter(assessment__case__inspection=inspection)
    if Judgement.objects.filter(rationale=RATIONALE).exists() or Judgement.history.filter(rationale=RATIONALE).exists():
        found.append("rationale")
    if Judgement.history.filter(notable_example=EXAMPLE).exists() or judgements.filter(notable_example=EXAMPLE):
        found.append("notable example")
    if Assessment.history.filter(interview_notes=NOTES).exists() or Assessment.objects.filter(interview_notes=NOTES):
        found.append("interview notes")
    if Case.history.filter(case_ref__startswith="NS").exists() or Case.objects.filter(case_ref__startswith="NS"):
        found.append("case references")
    if Case.history.exclude(gender="").exists() or Case.history.exclude(offence_type="").exists():
        found.append("characteristics")
    return found


def test_erasing_is_refused_before_the_inspection_is_published(inspection, admin, reporting, settings):
    with pytest.raises(LockedError, match="not published yet"):
        erase_case_data(inspection=inspection, actor=admin, now=after_the_period(settings))

    assert case_text_anywhere(inspection) == [
        "rationale",
        "notable example",
        "interview notes",
        "case references",
        "characteristics",
    ]


def test_erasing_is_refused_until_the_retention_period_has_passed(published, admin, settings):
    settings.RETENTION_DAYS = 30
    soon = timezone.now() + timedelta(days=29)

    with pytest.raises(LockedError) as refused:
        erase_case_data(inspection=published, actor=admin, now=soon)

    due = timezone.localtime(timezone.now() + timedelta(days=30))
    assert refused.value.messages == [
        f"The case data is kept for 30 days after publication: it can be erased from {due.day} {due:%B %Y}."
    ]
    assert "rationale" in case_text_anywhere(published)


def test_after_the_period_the_case_data_is_erased_and_every_score_stays_the_same(published, admin, settings):
    before = every_score(published)
    final = ReportVersion.objects.get(report__inspection=published, status="final")
    final_pdf = GeneratedPDF.objects.get(version=final, is_final=True)

    result = erase_case_data(inspection=published, actor=admin, now=after_the_period(settings))

    assert every_score(published) == before
    assert (result.cases, result.judgements, result.draft_pdfs_deleted) == (35, 92, 1)
    assert case_text_anywhere(published) == []
    assert sorted(Case.objects.values_list("case_ref", flat=True))[:2] == ["erased-0001", "erased-0002"]
    assert set(Case.objects.values_list("sentence_type", flat=True)) == {"community_order", "licence", "custody"}
    assert not Assessment.objects.exclude(interview_date=None).exists()
    # The final report is kept as published: its text, frozen figures, example and PDF.
    kept = ReportVersion.objects.get(pk=final.pk)
    assert kept.frozen_data == final.frozen_data and kept.status == "final"
    assert NotableExample.objects.get(version=final).example == EXAMPLE
    assert GeneratedPDF.objects.filter(is_final=False).count() == 0
    final_pdf.refresh_from_db()
    assert final_pdf.file.storage.exists(final_pdf.file.name)


def test_the_erasure_is_recorded_in_the_history_and_the_audit_log(published, admin, settings):
    erase_case_data(inspection=published, actor=admin, now=after_the_period(settings))

    record = published.history.first()
    assert record.history_change_reason == f"{ERASED_REASON}: 35 cases, 92 judgements"
    assert record.history_user == admin
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.CASE_DATA_ERASED)
    assert event.user == admin and event.detail == "northshire-2026: 35 cases, 35 assessments, 92 judgements"


def test_erasing_twice_is_refused_saying_when_it_was_done(published, admin, settings):
    erase_case_data(inspection=published, actor=admin, now=after_the_period(settings))

    with pytest.raises(LockedError, match="The case data was erased on "):
        erase_case_data(inspection=published, actor=admin, now=after_the_period(settings))
    assert not retention_state(inspection=published, now=after_the_period(settings)).can_erase


# --- the confirmation page and the command --------------------------------------------------------


def test_an_admin_is_asked_to_confirm_then_the_case_data_is_erased(client, published, admin, settings):
    settings.RETENTION_DAYS = 0
    client.force_login(admin)
    url = reverse("reports:retention_erase", args=[published.slug])

    page = client.get(url).content.decode()
    assert "Are you sure you want to erase the case data?" in page
    assert "This cannot be undone." in page

    response = client.post(url)
    assert response.status_code == 302
    assert case_text_anywhere(published) == []
    assert "The case data of Northshire was erased" in client.get(response["Location"]).content.decode()


def test_before_publication_the_page_says_why_and_a_post_erases_nothing(client, inspection, reporting, admin):
    client.force_login(admin)
    url = reverse("reports:retention_erase", args=[inspection.slug])

    page = client.get(url).content.decode()
    assert "not published yet" in page and "Are you sure" not in page

    client.post(url)
    assert "rationale" in case_text_anywhere(inspection)


def test_only_admins_may_erase_case_data(client, published, lead):
    client.force_login(lead)
    assert client.post(reverse("reports:retention_erase", args=[published.slug])).status_code == 403
    assert "rationale" in case_text_anywhere(published)


def test_the_command_erases_once_the_period_has_passed(published, admin, settings, capsys):
    with pytest.raises(CommandError, match="can be erased from"):
        call_command("erase_case_data", published.slug, "--by", admin.username, "--yes")

    settings.RETENTION_DAYS = 0
    call_command("erase_case_data", published.slug, "--by", admin.username, "--yes")

    assert "Erased the case data of 'northshire-2026': 35 cases" in capsys.readouterr().out
    assert case_text_anywhere(published) == []
