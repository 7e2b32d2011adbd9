"""The state of a PDF build (``GeneratedPDF``): queued → running → done, or failed with the reason.

The writes the background task (``reports.tasks``) makes as it builds; a user asks for a PDF with
``reports.services.request_pdf``. The system does this work: ``actor`` None (a worker has no
request, so history names no user).
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from inspection import history

from .models import GeneratedPDF


def mark_pdf_running(*, generated_pdf_id: int, task_id: str) -> GeneratedPDF | None:
    """Claim a queued PDF for building. None when it is not queued (already built, or gone)."""
    with transaction.atomic():
        generated = GeneratedPDF.objects.select_for_update().filter(pk=generated_pdf_id).first()
        if generated is None or generated.status != GeneratedPDF.Status.QUEUED:
            return None
        generated.status = GeneratedPDF.Status.RUNNING
        generated.started_at = timezone.now()
        generated.task_id = task_id
        history.save(generated, actor=None, reason="PDF build started")
    return generated


@transaction.atomic
def mark_pdf_done(*, generated: GeneratedPDF, content: bytes, page_count: int) -> GeneratedPDF:
    generated.file.save(generated.download_name, ContentFile(content), save=False)
    generated.status = GeneratedPDF.Status.DONE
    generated.page_count = page_count
    generated.finished_at = timezone.now()
    history.save(generated, actor=None, reason="PDF built")
    return generated


@transaction.atomic
def mark_pdf_failed(*, generated: GeneratedPDF, reason: str) -> GeneratedPDF:
    generated.status = GeneratedPDF.Status.FAILED
    generated.failure_reason = reason[:2000]
    generated.finished_at = timezone.now()
    history.save(generated, actor=None, reason="PDF build failed")
    return generated
