"""Background building of report PDFs (Django tasks; the django-tasks-db worker is `manage.py db_worker`).

Queued by ``reports.services.request_pdf``; the build's state changes are ``reports.jobs``.
"""

import logging

from django.tasks import TaskContext, task

from . import jobs
from .models import GeneratedPDF

logger = logging.getLogger(__name__)


@task(takes_context=True)
def generate_report_pdf(context: TaskContext, generated_pdf_id: int) -> dict:
    """Build the PDF of a queued GeneratedPDF: queued → running → done, or failed with the reason."""
    # Imported here: reports.pdf loads WeasyPrint (about a second), which only the worker needs.
    from . import pdf

    generated = jobs.mark_pdf_running(generated_pdf_id=generated_pdf_id, task_id=context.task_result.id)
    if generated is None:
        return {"generated_pdf": generated_pdf_id, "status": "skipped"}
    try:
        version = GeneratedPDF.objects.select_related("version__report__inspection").get(pk=generated.pk).version
        rendered = pdf.render_version(version)
    except Exception as error:
        logger.exception("Report PDF %s failed", generated_pdf_id)
        jobs.mark_pdf_failed(generated=generated, reason=f"{type(error).__name__}: {error}")
        raise
    jobs.mark_pdf_done(generated=generated, content=rendered.content, page_count=rendered.page_count)
    return {"generated_pdf": generated_pdf_id, "status": "done", "pages": rendered.page_count}
