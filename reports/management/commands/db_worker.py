"""``manage.py db_worker``: django-tasks-db's worker, made to outlast database faults.

As it starts (and after each reconnection) it fails the report PDFs whose build stopped without
saying so (``reports.services.jobs.recover_stale_pdfs``), so no page waits for ever, and the task
rows left running by a worker that is gone. It names itself ``host:pid:start`` (``jobs.worker_id``)
unless given ``--worker-id``, so a restarted worker knows its killed predecessor's tasks. A task that loses its
connection carries on over a new one (``reports.tasks``); if the worker's own polling loses it (the
database restarted, the network cut) the worker waits and reconnects instead of exiting, with
``--batch`` once only. This command replaces the library's because ``reports`` comes before
``django_tasks_db`` in ``INSTALLED_APPS``.
"""

import logging
import time

from django.db import connections
from django_tasks_db.management.commands import db_worker

from reports.services import jobs

logger = logging.getLogger(__name__)

FIRST_WAIT = 1.0  # seconds before reconnecting; doubled on each failure in a row, up to MAX_WAIT
MAX_WAIT = 30.0


class Command(db_worker.Command):
    help = db_worker.Command.help + " (failing stale PDF builds at start, reconnecting after database faults)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)  # named in handle: host, process and start (jobs.worker_id)

    def handle(self, *args, **options):
        options["worker_id"] = options.get("worker_id") or jobs.worker_id()
        wait, attempts, started = FIRST_WAIT, 0, time.monotonic()
        while True:
            attempts += 1
            try:
                self.recover()
                return super().handle(*args, **options)
            except jobs.CONNECTION_ERRORS as error:
                if options.get("batch") and attempts > 1:
                    raise
                if time.monotonic() - started > 10 * MAX_WAIT:
                    wait = FIRST_WAIT  # the last fault was long ago: not one in a row
                started = time.monotonic()
                logger.error("The worker lost its database connection (%s); reconnecting in %g s", error, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)

    def recover(self) -> None:
        failed = jobs.recover_stale_pdfs()
        if failed:
            logger.warning("Failed %d report PDF(s) whose build had stopped: %s", len(failed), [p.pk for p in failed])
        orphaned = jobs.fail_orphaned_tasks()
        if orphaned:
            logger.warning("Failed %d task(s) whose worker had stopped", orphaned)
