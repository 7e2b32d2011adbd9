"""PDF generation as a background task: queued → running → done, or failed with the reason."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from reports.models import GeneratedPDF
from reports.services import jobs
from reports.services import reports as services


@pytest.fixture
def version(inspection, lead, sample):
    return services.ensure_report(inspection=inspection, actor=lead)


def statuses(generated: GeneratedPDF) -> list[str]:
    return [record.status for record in generated.history.order_by("history_date", "history_id")]


@pytest.mark.pdf  # the page count recorded is the real report's
def test_a_requested_pdf_is_built_and_stored_with_who_when_and_which_version(version, lead, media_root):
    generated = services.request_pdf(version=version, actor=lead)
    generated.refresh_from_db()
    assert statuses(generated) == ["queued", "running", "done"]
    assert generated.requested_by == lead and generated.version == version
    assert generated.requested_at <= generated.started_at <= generated.finished_at
    assert generated.task_id and generated.page_count >= 10
    assert generated.file.name.startswith("reports/pdf/northshire-2026-report-v1-draft-")
    assert (media_root / generated.file.name).read_bytes().startswith(b"%PDF")


def test_earlier_pdfs_are_kept(version, lead):
    first = services.request_pdf(version=version, actor=lead)
    second = services.request_pdf(version=version, actor=lead)
    assert first.file.name != second.file.name
    assert all(g.file.storage.exists(g.file.name) for g in GeneratedPDF.objects.all())


def test_a_failure_is_recorded_with_its_reason(version, lead, monkeypatch):
    def broken(version, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr("reports.pdf.render_version", broken)
    generated = services.request_pdf(version=version, actor=lead)
    generated.refresh_from_db()
    assert statuses(generated) == ["queued", "running", "failed"]
    assert generated.failure_reason == "RuntimeError: the printer caught fire"
    assert not generated.file and generated.finished_at


def test_a_pdf_already_taken_by_a_worker_is_not_built_twice(version, lead):
    generated = services.request_pdf(version=version, actor=lead)
    assert jobs.mark_pdf_running(generated_pdf_id=generated.pk, task_id="another") is None
    generated.refresh_from_db()
    assert generated.status == "done" and generated.task_id != "another"


@pytest.mark.pdf  # the page count recorded is the real report's
# Transactional: the worker closes and reopens its database connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_backend_the_pdf_waits_queued_for_the_worker(version, lead):
    generated = services.request_pdf(version=version, actor=lead)
    assert generated.status == "queued" and generated.task_id
    assert not generated.file

    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)

    generated.refresh_from_db()
    assert generated.status == "done" and generated.page_count >= 10
    assert statuses(generated) == ["queued", "running", "done"]
