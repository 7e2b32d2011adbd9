"""The health check, /health/: for load balancers and monitoring, with no sign-in and no data.

200 "ok" when the database answers and a task worker is taking tasks; otherwise 503 with the plain
reason. django-tasks-db records which worker ran a task but keeps no heartbeat of idle
workers, so the check queues a no-op ``heartbeat`` task (at the highest priority, when none is
waiting) and judges the workers by it: unhealthy before any worker has run one, when the last one
failed, or when one has waited longer than HEALTH_WORKER_MAX_AGE seconds. With a backend that runs
tasks in the request (the tests' immediate backend) there is no worker to check.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.http import HttpResponse
from django.tasks import TaskResultStatus, task, task_backends
from django.tasks.base import TASK_MAX_PRIORITY
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEARTBEAT_EVERY = timedelta(seconds=10)  # at most one heartbeat queued per this interval
HEARTBEAT_KEPT = timedelta(hours=1)


@task(priority=TASK_MAX_PRIORITY)
def heartbeat() -> None:
    """Run by a worker: proof that workers take tasks. Deletes heartbeats older than HEARTBEAT_KEPT."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - HEARTBEAT_KEPT
    DBTaskResult.objects.filter(task_path=heartbeat.module_path, enqueued_at__lt=cutoff).delete()


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "database: not answering"
    return None


def worker_problem() -> str | None:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    now = timezone.now()
    heartbeats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    oldest_waiting = heartbeats.filter(status=TaskResultStatus.READY).aggregate(at=Min("enqueued_at"))["at"]
    if oldest_waiting is None:
        last_queued = heartbeats.aggregate(at=Max("enqueued_at"))["at"]
        if last_queued is None or now - last_queued >= HEARTBEAT_EVERY:
            heartbeat.enqueue()
    last_finished = heartbeats.exclude(finished_at=None).order_by("-finished_at").values("status").first()
    if last_finished is None:
        return "worker: no task worker has run a heartbeat yet"
    if last_finished["status"] == TaskResultStatus.FAILED:
        return "worker: the last heartbeat task failed"
    limit = settings.HEALTH_WORKER_MAX_AGE
    if oldest_waiting is not None and now - oldest_waiting > timedelta(seconds=limit):
        waited = int((now - oldest_waiting).total_seconds())
        return f"worker: a heartbeat has waited {waited} s for a task worker (limit {limit} s)"
    return None


@login_not_required
@never_cache
@require_safe
def health(request):
    problem = database_problem()
    if problem is None:
        try:
            problem = worker_problem()
        except DatabaseError:  # e.g. the database is not migrated
            problem = "worker: the task queue cannot be read"
    if problem:
        return HttpResponse(f"{problem}\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
