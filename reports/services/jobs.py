"""The state of a PDF build (``GeneratedPDF``): queued → running → done, or failed with the reason.

The writes the background task (``reports.tasks``) makes as it builds; a user asks for a PDF with
``reports.services.reports.request_pdf``. The system does this work: ``actor`` None (a worker has no
request, so history names no user).

Faults: a build whose database connection drops is carried on over a new connection
(``on_new_connection_if_lost``); a build that stopped without saying so (its worker killed, or the
database gone for good) is failed with a reason a person understands by ``recover_stale_pdfs``,
which the worker runs as it starts and the status page as it is polled, so no page waits for ever.
Its django-tasks-db row is failed too. A worker names itself ``host:pid:start`` (``worker_id``), so
a build whose worker ran on this machine and is gone (killed, then restarted) is failed at once;
one from another machine waits for ``PDF_BUILD_TIMEOUT_MINUTES``.
"""

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from inspection import history

from ..models import GeneratedPDF

logger = logging.getLogger(__name__)

# What a dropped or refused database connection raises (psycopg and sqlite3 errors, wrapped by Django).
CONNECTION_ERRORS = (OperationalError, InterfaceError)
CONNECTION_LOST = "The database connection was lost while the PDF was being built. Generate the PDF again."
STOPPED = (
    "The PDF was not finished: the background worker building it stopped (it was restarted, or lost "
    "its database connection). Generate the PDF again."
)


class WorkerStopped(Exception):
    """Why a task row was failed: its worker stopped (killed, restarted) before finishing it."""


def worker_id() -> str:
    """This process's name as a worker: its machine, process id and start (django-tasks-db keeps
    the id of the worker that claimed each task, at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{int(time.time())}"


def worker_gone(claimed_by: str) -> bool:
    """True when the worker named ``claimed_by`` is known to have stopped: it ran on this machine
    and its process is gone, or this process now has its process id. False when unknown (another
    machine, or an id the worker did not make with ``worker_id``)."""
    host, _, rest = claimed_by.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname()[:40] or not (pid.isascii() and pid.isdigit()) or not started:
        return False
    if int(pid) == os.getpid():
        return True  # a worker before this process, which was given its process id
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # someone else's process
    return False


def on_new_connection_if_lost[T](work: Callable[..., T], /, **kwargs) -> T:
    """``work(**kwargs)``, and once more on a new database connection if the connection dropped."""
    try:
        return work(**kwargs)
    except CONNECTION_ERRORS as error:
        if connection.in_atomic_block:  # an outer transaction is lost with the connection: not ours to redo
            raise
        logger.warning("Database connection lost (%s); reconnecting and trying %s again", error, work.__name__)
        connection.close()  # the next query opens a new connection
        return work(**kwargs)


def failure_reason(error: BaseException) -> str:
    if isinstance(error, CONNECTION_ERRORS):
        return CONNECTION_LOST
    return f"{type(error).__name__}: {error}"


def mark_pdf_running(*, generated_pdf_id: int, task_id: str) -> GeneratedPDF | None:
    """Claim a queued PDF for building. None when it is not queued (already built, or gone).

    Claiming again with the same task is no change (a claim whose commit was not acknowledged
    before the connection dropped is retried).
    """
    with transaction.atomic():
        generated = GeneratedPDF.objects.select_for_update().filter(pk=generated_pdf_id).first()
        if generated is None:
            return None
        if generated.status == GeneratedPDF.Status.RUNNING and generated.task_id == task_id:
            return generated
        if generated.status != GeneratedPDF.Status.QUEUED:
            return None
        generated.status = GeneratedPDF.Status.RUNNING
        generated.started_at = timezone.now()
        generated.task_id = task_id
        history.save(generated, actor=None, reason="PDF build started")
    return generated


def mark_pdf_done(*, generated: GeneratedPDF, content: bytes, page_count: int) -> GeneratedPDF:
    generated.file.save(generated.download_name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            generated.status = GeneratedPDF.Status.DONE
            generated.page_count = page_count
            generated.finished_at = timezone.now()
            history.save(generated, actor=None, reason="PDF built")
    except BaseException:
        generated.file.delete(save=False)  # no file left behind that no row points to
        raise
    return generated


@transaction.atomic
def mark_pdf_failed(*, generated: GeneratedPDF, reason: str) -> GeneratedPDF:
    generated.status = GeneratedPDF.Status.FAILED
    generated.failure_reason = reason[:2000]
    generated.finished_at = timezone.now()
    history.save(generated, actor=None, reason="PDF build failed")
    return generated


def recover_stale_pdfs(*, pdfs: Iterable[GeneratedPDF] | None = None, now=None) -> list[GeneratedPDF]:
    """Fail the pending PDFs (of ``pdfs``, or all) whose build stopped: running for longer than
    ``PDF_BUILD_TIMEOUT_MINUTES``, or whose background task has ended without finishing them.
    Returns those failed; a PDF passed in is updated in place."""
    now = now or timezone.now()
    pending = {p.pk: p for p in pdfs if p.is_pending} if pdfs is not None else None
    if pending == {}:
        return []
    candidates = GeneratedPDF.objects.filter(status__in=[GeneratedPDF.Status.QUEUED, GeneratedPDF.Status.RUNNING])
    if pending is not None:
        candidates = candidates.filter(pk__in=list(pending))
    candidates = list(candidates.only("pk", "status", "started_at", "task_id"))
    ended = _stopped_tasks({p.task_id for p in candidates})
    limit = now - timedelta(minutes=settings.PDF_BUILD_TIMEOUT_MINUTES)
    stale = [
        p.pk
        for p in candidates
        if p.task_id in ended or (p.status == GeneratedPDF.Status.RUNNING and p.started_at and p.started_at < limit)
    ]
    failed = [_fail_if_still_pending(pk) for pk in stale]
    failed = [p for p in failed if p is not None]
    for fresh in failed:
        logger.warning("Report PDF %s failed: its build stopped without finishing", fresh.pk)
        if pending is not None and fresh.pk in pending:
            original = pending[fresh.pk]
            original.status, original.failure_reason, original.finished_at = (
                fresh.status,
                fresh.failure_reason,
                fresh.finished_at,
            )
    return failed


def _database_tasks(task_ids: Iterable[str]):
    """django-tasks-db's rows of those task ids (None without django-tasks-db)."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return None
    from django_tasks_db.models import DBTaskResult

    valid = set()
    for task_id in task_ids:
        try:
            valid.add(uuid.UUID(task_id))
        except (TypeError, ValueError):
            continue  # not a database task (the immediate backend's, or a test's)
    return DBTaskResult.objects.filter(pk__in=valid)


def _stopped_tasks(task_ids: set[str]) -> set[str]:
    """Those of the task ids whose django-tasks-db task has ended (failed or successful), or is
    running in a worker that is gone."""
    from django.tasks import TaskResultStatus

    rows = _database_tasks(task_ids)
    if rows is None:
        return set()
    ended = {TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL}
    return {
        str(pk)
        for pk, status, workers in rows.values_list("pk", "status", "worker_ids")
        if status in ended or (status == TaskResultStatus.RUNNING and workers and worker_gone(workers[-1]))
    }


def fail_orphaned_tasks() -> int:
    """Fail every running task row whose worker is gone (a worker runs this as it starts, after
    ``recover_stale_pdfs``, for the tasks that build no PDF). Returns how many."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", "worker_ids")
    orphaned = [str(pk) for pk, workers in running if workers and worker_gone(workers[-1])]
    for task_id in orphaned:
        with transaction.atomic():
            _fail_task(task_id)
    return len(orphaned)


def _fail_task(task_id: str) -> None:
    """Mark the task's django-tasks-db row failed if it is still running (called in a transaction)."""
    from django.tasks import TaskResultStatus

    rows = _database_tasks([task_id])
    row = rows.select_for_update().filter(status=TaskResultStatus.RUNNING).first() if rows is not None else None
    if row is not None:
        row.set_failed(WorkerStopped(f"Its worker ({row.worker_ids[-1] if row.worker_ids else 'unknown'}) stopped"))


@transaction.atomic
def _fail_if_still_pending(pk: int) -> GeneratedPDF | None:
    generated = GeneratedPDF.objects.select_for_update().filter(pk=pk).first()
    if generated is None or not generated.is_pending:
        return None  # finished meanwhile
    _fail_task(generated.task_id)  # not left RUNNING for ever
    return mark_pdf_failed(generated=generated, reason=STOPPED)
