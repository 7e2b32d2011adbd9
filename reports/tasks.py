"""Background building of report PDFs (Django tasks; the django-tasks-db worker is `manage.py db_worker`).

Queued by ``reports.services.reports.request_pdf``; the build's state changes are ``reports.services.jobs``. A dropped
database connection is survived: each step is tried once more on a new connection.
"""

import logging

from django.tasks import TaskContext, task

from .models import GeneratedPDF
from .services import jobs

logger = logging.getLogger(__name__)


@task(takes_context=True)
def generate_report_pdf(context: TaskContext, generated_pdf_id: int) -> dict:
    """Build the PDF of a queued GeneratedPDF: queued → running → done, or failed with the reason."""
    # Imported here: reports.pdf loads WeasyPrint (about a second), which only the worker needs.
    from . import pdf

    retried = jobs.on_new_connection_if_lost
    generated = retried(jobs.mark_pdf_running, generated_pdf_id=generated_pdf_id, task_id=context.task_result.id)
    if generated is None:
        return {"generated_pdf": generated_pdf_id, "status": "skipped"}

    def build():
        version = GeneratedPDF.objects.select_related("version__report__inspection").get(pk=generated.pk).version
        return pdf.render_version(version, as_draft=not generated.is_final)

    try:
        rendered = retried(build)
    except Exception as error:
        logger.exception("Report PDF %s failed", generated_pdf_id)
        retried(jobs.mark_pdf_failed, generated=generated, reason=jobs.failure_reason(error))
        raise
    retried(jobs.mark_pdf_done, generated=generated, content=rendered.content, page_count=rendered.page_count)
    return {"generated_pdf": generated_pdf_id, "status": "done", "pages": rendered.page_count}
