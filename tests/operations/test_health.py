"""The health check, /health/: no sign-in and no data; 200 when the database answers and a task
worker takes tasks (judged by a heartbeat task), 503 with a plain reason otherwise."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, ProgrammingError, connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inspection.health import heartbeat

# Tasks queued in the database for a worker (the tests' default runs them at once), set through the
# ``settings`` fixture like the tests' other changes, so that all are undone in reverse order (an
# override_settings decorator undone before them left its TASKS behind for the tests that followed).
database_tasks = pytest.mark.usefixtures("database_task_backend")


@pytest.fixture
def database_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# Transactional: the worker closes and reopens its database connection between tasks, as in production.
with_worker = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def heartbeats():
    return DBTaskResult.objects.filter(task_path=heartbeat.module_path)


def test_health_answers_ok_to_anyone_with_nothing_but_ok(client, db, lead):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not client.cookies


def test_health_is_not_redirected_to_https_as_load_balancers_probe_over_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get(reverse("login")).status_code == 301


def test_health_refuses_anything_but_reading(client, db):
    assert client.post("/health/").status_code == 405
    assert client.head("/health/").status_code == 200


def test_a_database_that_does_not_answer_gives_503_with_the_reason(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"database: not answering\n"


@database_tasks
def test_a_task_queue_that_cannot_be_read_gives_503_with_the_reason(client, db, monkeypatch):
    def unreadable():
        raise ProgrammingError('relation "django_tasks_database_dbtaskresult" does not exist')

    monkeypatch.setattr("inspection.health.worker_problem", unreadable)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"worker: the task queue cannot be read\n"


@with_worker
@database_tasks
def test_health_fails_until_a_worker_has_run_a_heartbeat_then_passes(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"worker: no task worker has run a heartbeat yet\n"
    assert heartbeats().filter(status="READY").count() == 1

    run_worker()

    assert heartbeats().get().status == "SUCCESSFUL"
    assert client.get("/health/").content == b"ok\n"


@with_worker
@database_tasks
def test_checks_in_quick_succession_queue_one_heartbeat(client):
    for _ in range(3):
        client.get("/health/")
    assert heartbeats().count() == 1
    run_worker()
    for _ in range(3):
        client.get("/health/")
    assert heartbeats().count() == 1  # the last one ran less than 10 s ago


@with_worker
@database_tasks
def test_a_heartbeat_waiting_longer_than_the_limit_gives_503(client, settings):
    settings.HEALTH_WORKER_MAX_AGE = 120
    client.get("/health/")
    run_worker()
    heartbeat.enqueue()
    heartbeats().filter(status="READY").update(enqueued_at=timezone.now() - timedelta(seconds=200))

    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"worker: a heartbeat has waited 200 s for a task worker (limit 120 s)\n"

    run_worker()
    assert client.get("/health/").status_code == 200


@with_worker
@database_tasks
def test_a_heartbeat_queued_a_moment_ago_does_not_count_against_a_working_worker(client):
    client.get("/health/")
    run_worker()
    heartbeats().update(enqueued_at=timezone.now() - timedelta(minutes=5))  # a quiet spell: no checks
    assert client.get("/health/").status_code == 200
    assert heartbeats().filter(status="READY").count() == 1


@with_worker
@database_tasks
def test_a_failed_heartbeat_gives_503(client):
    client.get("/health/")
    run_worker()
    heartbeats().update(status="FAILED")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"worker: the last heartbeat task failed\n"


@with_worker
@database_tasks
def test_a_heartbeat_deletes_those_older_than_an_hour():
    heartbeat.enqueue()
    run_worker()
    heartbeats().update(enqueued_at=timezone.now() - timedelta(hours=2))
    heartbeat.enqueue()
    run_worker()
    assert heartbeats().count() == 1
