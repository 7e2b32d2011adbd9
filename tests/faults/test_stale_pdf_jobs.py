"""A PDF whose build stopped (its worker killed mid-build, or gone) is failed with a reason a person
understands, when the worker starts and when the page asks for its status: no page waits for ever."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import GeneratedPDF
from reports.services import jobs
from reports.services import reports as services

# Tasks queued in the database for a worker (the tests' default runs them at once), set through the
# ``settings`` fixture like the tests' other changes, so that all are undone in reverse order (an
# override_settings decorator undone before them left its TASKS behind for the tests that followed).
DATABASE_TASKS = pytest.mark.usefixtures("database_task_backend")


@pytest.fixture
def database_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def version(inspection, lead, sample):
    return services.ensure_report(inspection=inspection, actor=lead)


def caught_mid_build(version, lead, *, minutes_ago: int) -> GeneratedPDF:
    """A PDF its worker claimed ``minutes_ago`` and never finished (the worker was killed)."""
    generated = services.request_pdf(version=version, actor=lead)
    claimed = jobs.mark_pdf_running(generated_pdf_id=generated.pk, task_id=generated.task_id)
    assert claimed is not None
    GeneratedPDF.objects.filter(pk=generated.pk).update(started_at=timezone.now() - timedelta(minutes=minutes_ago))
    DBTaskResult.objects.filter(pk=generated.task_id).update(status="RUNNING", started_at=timezone.now())
    generated.refresh_from_db()
    return generated


def start_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_the_worker_fails_a_pdf_left_running_longer_than_the_limit_as_it_starts(version, lead, settings):
    settings.PDF_BUILD_TIMEOUT_MINUTES = 15
    stale = caught_mid_build(version, lead, minutes_ago=16)
    recent = caught_mid_build(version, lead, minutes_ago=2)

    start_worker()

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.status == GeneratedPDF.Status.FAILED
    assert stale.failure_reason == jobs.STOPPED
    assert "Generate the PDF again" in stale.failure_reason
    assert stale.finished_at is not None
    assert stale.history.first().history_change_reason == "PDF build failed"
    assert recent.status == GeneratedPDF.Status.RUNNING  # perhaps another worker is still building it


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_a_pdf_whose_task_has_ended_is_failed_at_once_whatever_its_age(version, lead):
    generated = caught_mid_build(version, lead, minutes_ago=0)
    DBTaskResult.objects.filter(pk=generated.task_id).update(status="FAILED")

    assert [p.pk for p in jobs.recover_stale_pdfs()] == [generated.pk]

    generated.refresh_from_db()
    assert generated.status == GeneratedPDF.Status.FAILED


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_polling_the_status_of_a_stale_pdf_reports_it_failed_with_the_reason(version, lead, client_as):
    generated = caught_mid_build(version, lead, minutes_ago=60)
    url = reverse("reports:report_pdf_status", args=["northshire-2026", generated.pk])

    data = client_as(lead).get(url).json()

    assert data["status"] == "failed" and data["pending"] is False
    assert data["reason"] == jobs.STOPPED


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_the_report_page_shows_a_stale_pdf_as_failed_and_stops_polling(version, lead, client_as):
    caught_mid_build(version, lead, minutes_ago=60)

    response = client_as(lead).get(reverse("reports:report_overview", args=["northshire-2026"]))

    html = response.content.decode()
    assert "The PDF was not finished" in html
    assert "data-pdf-status-url" not in html and "report-status.js" not in html


def test_polling_a_pdf_still_building_changes_nothing(version, lead, client_as):
    generated = services.request_pdf(version=version, actor=lead)
    GeneratedPDF.objects.filter(pk=generated.pk).update(
        status="running", started_at=timezone.now(), finished_at=None, file=""
    )
    url = reverse("reports:report_pdf_status", args=["northshire-2026", generated.pk])

    data = client_as(lead).get(url).json()

    assert data["status"] == "running" and data["pending"] is True


def a_dead_process_id() -> int:
    """The id of a process of this machine that has ended (a worker killed with SIGKILL)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def claimed_by(generated: GeneratedPDF, worker: str) -> None:
    DBTaskResult.objects.filter(pk=generated.task_id).update(worker_ids=[worker])


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_a_worker_starting_fails_at_once_a_pdf_whose_worker_on_this_machine_was_killed(version, lead):
    generated = caught_mid_build(version, lead, minutes_ago=1)  # far inside PDF_BUILD_TIMEOUT_MINUTES
    claimed_by(generated, f"{socket.gethostname()}:{a_dead_process_id()}:1765000000")

    start_worker()

    generated.refresh_from_db()
    assert (generated.status, generated.failure_reason) == (GeneratedPDF.Status.FAILED, jobs.STOPPED)
    task = DBTaskResult.objects.get(pk=generated.task_id)
    assert task.status == "FAILED"
    assert task.exception_class_path == "reports.services.jobs.WorkerStopped"


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_polling_fails_a_pdf_whose_worker_was_killed_and_its_task_row_too(version, lead, client_as):
    generated = caught_mid_build(version, lead, minutes_ago=1)
    claimed_by(generated, f"{socket.gethostname()}:{a_dead_process_id()}:1765000000")
    url = reverse("reports:report_pdf_status", args=["northshire-2026", generated.pk])

    assert client_as(lead).get(url).json()["reason"] == jobs.STOPPED
    assert DBTaskResult.objects.get(pk=generated.task_id).status == "FAILED"


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_a_build_whose_worker_is_alive_or_elsewhere_is_left_running(version, lead):
    alive = caught_mid_build(version, lead, minutes_ago=1)
    claimed_by(alive, f"{socket.gethostname()}:{os.getppid()}:1765000000")  # a live process of this machine
    elsewhere = caught_mid_build(version, lead, minutes_ago=1)
    claimed_by(elsewhere, f"another-machine:{a_dead_process_id()}:1765000000")

    start_worker()

    for generated in (alive, elsewhere):
        generated.refresh_from_db()
        assert generated.status == GeneratedPDF.Status.RUNNING
        assert DBTaskResult.objects.get(pk=generated.task_id).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_a_build_failed_after_the_time_limit_has_its_task_row_failed_too(version, lead, settings):
    settings.PDF_BUILD_TIMEOUT_MINUTES = 15
    stale = caught_mid_build(version, lead, minutes_ago=16)

    start_worker()

    assert DBTaskResult.objects.get(pk=stale.task_id).status == "FAILED"


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_the_worker_names_itself_by_machine_process_and_start(version, lead):
    generated = services.request_pdf(version=version, actor=lead)

    start_worker()  # builds it

    [worker] = DBTaskResult.objects.get(pk=generated.task_id).worker_ids
    host, pid, started = worker.split(":")
    assert (host, int(pid)) == (socket.gethostname()[:40], os.getpid()) and started.isdigit()
