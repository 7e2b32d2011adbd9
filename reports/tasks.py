"""Background building of report PDFs and Word files (Django tasks; the django-tasks-db worker is
`manage.py db_worker`).

Queued by ``reports.services.reports.request_pdf``; the build's state changes are ``reports.services.jobs``. A dropped
database connection is survived: each step is tried once more on a new connection.
"""

import logging
from dataclasses import dataclass

from django.tasks import TaskContext, task

from .models import GeneratedPDF
from .services import jobs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordFile:
    """A built Word file, as the PDF build's result reads (a Word file has no fixed pages)."""

    content: bytes
    page_count: int | None = None


@task(takes_context=True)
def generate_report_pdf(context: TaskContext, generated_pdf_id: int) -> dict:
    """Build the PDF (or Word file) of a queued GeneratedPDF: queued → running → done, or failed with the reason."""
    # Imported here: reports.pdf loads WeasyPrint (about a second), which only the worker needs.
    from . import pdf

    retried = jobs.on_new_connection_if_lost
    generated = retried(jobs.mark_pdf_running, generated_pdf_id=generated_pdf_id, task_id=context.task_result.id)
    if generated is None:
        return {"generated_pdf": generated_pdf_id, "status": "skipped"}

    def build():
        version = GeneratedPDF.objects.select_related("version__report__inspection").get(pk=generated.pk).version
        if generated.file_format == "docx":
            from . import word
            from .report_data import version_data

            return WordFile(word.render(version_data(version)))
        return pdf.render_version(version, as_draft=not generated.is_final)

    try:
        rendered = retried(build)
    except Exception as error:
        logger.exception("Report PDF %s failed", generated_pdf_id)
        retried(jobs.mark_pdf_failed, generated=generated, reason=jobs.failure_reason(error))
        raise
    retried(jobs.mark_pdf_done, generated=generated, content=rendered.content, page_count=rendered.page_count)
    return {"generated_pdf": generated_pdf_id, "status": "done", "pages": rendered.page_count}
