"""The PDF worker survives its database connection dropping mid-build; nothing stays "running" for ever.

On PostgreSQL the connection is dropped for real (the server ends the session, as on a restart or a
network cut); an in-memory SQLite test database cannot be closed, so there the connection's next
statement fails as a dropped one does.
"""

import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from reports import pdf
from reports.models import GeneratedPDF
from reports.services import reports as services

DATABASE_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def drop_connection(monkeypatch):
    """End this thread's database connection under the code that is using it."""
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        except Exception:  # noqa: S110 - the server ends the session as it answers
            pass
        return
    real = connection.create_cursor
    failed = []

    def fail_once(name=None):
        if not failed:
            failed.append(True)
            with connection.wrap_database_errors:
                raise sqlite3.OperationalError("the connection to the database was lost")
        return real(name)

    monkeypatch.setattr(connection, "create_cursor", fail_once)


@pytest.fixture
def version(inspection, lead, sample):
    return services.ensure_report(inspection=inspection, actor=lead)


def run_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_the_worker_survives_the_connection_dropping_after_the_render(version, lead, monkeypatch, media_root, caplog):
    real = pdf.render_version

    def render_then_drop(version, **kwargs):
        rendered = real(version, **kwargs)
        drop_connection(monkeypatch)
        return rendered

    monkeypatch.setattr(pdf, "render_version", render_then_drop)
    generated = services.request_pdf(version=version, actor=lead)

    run_worker()

    generated.refresh_from_db()
    assert generated.status == GeneratedPDF.Status.DONE
    assert generated.file and (media_root / generated.file.name).read_bytes().startswith(b"%PDF")
    assert [h.status for h in generated.history.order_by("history_date", "history_id")] == [
        "queued",
        "running",
        "done",
    ]
    assert "Database connection lost" in caplog.text  # the write was tried again on a new connection


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_the_worker_survives_the_connection_dropping_before_the_render_reads_the_report(
    version, lead, monkeypatch, media_root, caplog
):
    real = pdf.render_version
    calls = []

    def drop_then_render(version, **kwargs):
        calls.append(version.pk)
        if len(calls) == 1:
            drop_connection(monkeypatch)
        return real(version, **kwargs)

    monkeypatch.setattr(pdf, "render_version", drop_then_render)
    generated = services.request_pdf(version=version, actor=lead)

    run_worker()
    run_worker()  # the worker is still there to take the next one

    generated.refresh_from_db()
    assert generated.status == GeneratedPDF.Status.DONE
    assert generated.page_count == 1
    assert len(calls) == 2  # the build was run again on a new connection


@pytest.mark.django_db(transaction=True)
@DATABASE_TASKS
def test_a_worker_whose_polling_loses_the_database_waits_and_reconnects_instead_of_exiting(
    version, lead, monkeypatch, caplog
):
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    real_run = db_worker.Worker.run
    polls = []

    def run_after_a_fault(self):
        polls.append(True)
        if len(polls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_run(self)

    monkeypatch.setattr(db_worker.Worker, "run", run_after_a_fault)
    monkeypatch.setattr("reports.management.commands.db_worker.time.sleep", lambda seconds: None)
    generated = services.request_pdf(version=version, actor=lead)

    run_worker()

    generated.refresh_from_db()
    assert len(polls) == 2 and generated.status == GeneratedPDF.Status.DONE
    assert "lost its database connection" in caplog.text
