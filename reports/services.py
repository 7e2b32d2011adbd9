"""Writes for draft reports: keyword-only, typed, one transaction each, recorded by simple-history.

A report has numbered versions; only the newest version can be a draft, and only a draft can be
edited. Finalising locks the version (and builds its PDF); a new draft starts as a copy of the
final one. Text edits carry the revision the writer started from, so a stale save is refused
rather than overwriting someone else's words.
"""

from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.models import Inspection, Judgement
from criteria.models import GeneralCriterion

from .models import CriterionNarrative, GeneratedPDF, NotableExample, Report, ReportVersion

MAX_ITEMS = 52  # (a) … (z), (aa) … (zz)
MAX_ITEM_LENGTH = 5000
MAX_FOREWORD_LENGTH = 50000


class ReportError(Exception):
    """A report write that cannot be done; the message is shown to the user."""


class ReportLockedError(ReportError):
    """The version is final; edits go to a new draft."""


class StaleEditError(ReportError):
    """The text changed since the writer opened it; nothing was saved."""


def _save(instance, *, user, reason: str, update_fields: Sequence[str] | None = None) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.save(update_fields=update_fields)


def clean_items(items: Iterable[str]) -> list[str]:
    """Trimmed, non-empty items (a textarea's lines or a list of rows)."""
    cleaned = [" ".join(str(item).split()) for item in items]
    return [item for item in cleaned if item]


def _check_items(items: list[str], *, what: str) -> None:
    if len(items) > MAX_ITEMS:
        raise ReportError(f"{what}: at most {MAX_ITEMS} items")
    for number, item in enumerate(items, start=1):
        if len(item) > MAX_ITEM_LENGTH:
            raise ReportError(f"{what}: item {number} is longer than {MAX_ITEM_LENGTH} characters")


def _locked_draft(version: ReportVersion) -> ReportVersion:
    """The version, re-read under a row lock, provided it is still the editable draft."""
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise ReportLockedError(f"Version {locked.number} is final and can no longer be changed")
    return locked


@transaction.atomic
def ensure_report(*, inspection: Inspection, user) -> ReportVersion:
    """The inspection's newest report version, creating the report and its first draft if needed."""
    report, _ = Report.objects.select_for_update().get_or_create(inspection=inspection)
    version = report.versions.order_by("-number").first()
    if version is None:
        version = ReportVersion(report=report, number=1, created_by=user)
        _save(version, user=user, reason="Report started")
    return version


@transaction.atomic
def save_summary(
    *, version: ReportVersion, foreword: str, recommendations: Sequence[str], revision: int, user
) -> ReportVersion:
    """Replace the foreword/summary and the recommendations of a draft."""
    version = _locked_draft(version)
    if version.revision != revision:
        raise StaleEditError("The foreword or recommendations were changed by someone else since you opened this page")
    foreword = foreword.replace("\r\n", "\n").strip()
    if len(foreword) > MAX_FOREWORD_LENGTH:
        raise ReportError(f"Foreword: at most {MAX_FOREWORD_LENGTH} characters")
    items = clean_items(recommendations)
    _check_items(items, what="Recommendations")
    if foreword == version.foreword and items == version.recommendations:
        return version
    version.foreword = foreword
    version.recommendations = items
    version.revision += 1
    _save(version, user=user, reason="Foreword and recommendations edited")
    return version


@transaction.atomic
def save_narrative(
    *,
    version: ReportVersion,
    criterion: GeneralCriterion,
    strengths: Sequence[str],
    improvements: Sequence[str],
    revision: int,
    user,
) -> CriterionNarrative:
    """Replace a general criterion's strengths and areas for improvement in a draft.

    ``revision`` is the narrative's revision when the writer opened it (0 for none yet).
    """
    version = _locked_draft(version)
    if criterion.criteria_set_id != version.report.inspection.criteria_set_id:
        raise ReportError("That criterion is not in this inspection's criteria set")
    strengths, improvements = clean_items(strengths), clean_items(improvements)
    _check_items(strengths, what="Strengths")
    _check_items(improvements, what="Areas for improvement")
    narrative = CriterionNarrative.objects.select_for_update().filter(version=version, criterion=criterion).first()
    current = narrative.revision if narrative else 0
    if current != revision:
        raise StaleEditError(f"{criterion.code} was changed by someone else since you opened this page")
    if narrative is None:
        narrative = CriterionNarrative(version=version, criterion=criterion, revision=0)
    elif narrative.strengths == strengths and narrative.improvements == improvements:
        return narrative
    narrative.strengths, narrative.improvements = strengths, improvements
    narrative.revision += 1
    _save(narrative, user=user, reason=f"{criterion.code} strengths and areas for improvement edited")
    return narrative


@transaction.atomic
def set_notable_examples(*, version: ReportVersion, judgements: Sequence[Judgement], user) -> list[NotableExample]:
    """Make ``judgements`` (good practice, this inspection) the draft's "Making a difference" examples.

    Examples already picked keep their copied text; new ones copy the judgement's example now.
    """
    version = _locked_draft(version)
    inspection_id = version.report.inspection_id
    for judgement in judgements:
        if (
            judgement.assessment.case.inspection_id != inspection_id
            or judgement.notable_practice != Judgement.NotablePractice.GOOD
            or not judgement.notable_example.strip()
        ):
            raise ReportError("Only good practice examples recorded in this inspection can be picked")
    existing = {example.judgement_id: example for example in version.notable_examples.all()}
    wanted = {judgement.pk for judgement in judgements}
    for judgement_id, example in existing.items():
        if judgement_id not in wanted:
            example._history_user = user
            example.delete()
    kept = []
    for order, judgement in enumerate(judgements, start=1):
        example = existing.get(judgement.pk) or NotableExample(
            version=version,
            judgement=judgement,
            criterion_code=judgement.question.general_criterion.code,
            question_code=judgement.question.code,
            case_ref=judgement.assessment.case.case_ref,
            example=judgement.notable_example.strip(),
        )
        if example.pk is None or example.order != order:
            example.order = order
            _save(example, user=user, reason="Notable practice picked")
        kept.append(example)
    return kept


@transaction.atomic
def finalise_version(*, version: ReportVersion, user) -> GeneratedPDF:
    """Lock the draft as final and queue the PDF that records it."""
    version = _locked_draft(version)
    version.status = ReportVersion.Status.FINAL
    version.finalised_at = timezone.now()
    version.finalised_by = user
    _save(version, user=user, reason="Version finalised")
    return request_pdf(version=version, user=user)


@transaction.atomic
def start_new_draft(*, report: Report, user) -> ReportVersion:
    """A new draft copied from the newest (final) version; refused while a draft exists."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if latest is None:
        raise ReportError("The report has no version yet")
    if latest.is_draft:
        raise ReportError(f"Version {latest.number} is still a draft")
    draft = ReportVersion(
        report=report,
        number=latest.number + 1,
        based_on=latest,
        foreword=latest.foreword,
        recommendations=list(latest.recommendations),
        created_by=user,
    )
    _save(draft, user=user, reason=f"New draft from version {latest.number}")
    for narrative in latest.narratives.all():
        copy = CriterionNarrative(
            version=draft,
            criterion_id=narrative.criterion_id,
            strengths=list(narrative.strengths),
            improvements=list(narrative.improvements),
        )
        _save(copy, user=user, reason=f"Copied from version {latest.number}")
    for example in latest.notable_examples.all():
        copy = NotableExample(
            version=draft,
            judgement_id=example.judgement_id,
            criterion_code=example.criterion_code,
            question_code=example.question_code,
            case_ref=example.case_ref,
            example=example.example,
            order=example.order,
        )
        _save(copy, user=user, reason=f"Copied from version {latest.number}")
    return draft


@transaction.atomic
def request_pdf(*, version: ReportVersion, user) -> GeneratedPDF:
    """Queue a PDF of ``version``. The task row commits with this transaction, so no worker sees it early."""
    from .tasks import generate_report_pdf

    generated = GeneratedPDF(version=version, requested_by=user)
    _save(generated, user=user, reason="PDF requested")
    result = generate_report_pdf.enqueue(generated_pdf_id=generated.pk)
    # An immediate backend has already run the task (and recorded the id); don't undo its work.
    GeneratedPDF.objects.filter(pk=generated.pk, task_id="").update(task_id=result.id)
    generated.refresh_from_db()
    return generated


def mark_pdf_running(*, generated_pdf_id: int, task_id: str) -> GeneratedPDF | None:
    """Claim a queued PDF for building. None when it is not queued (already built, or gone)."""
    with transaction.atomic():
        generated = GeneratedPDF.objects.select_for_update().filter(pk=generated_pdf_id).first()
        if generated is None or generated.status != GeneratedPDF.Status.QUEUED:
            return None
        generated.status = GeneratedPDF.Status.RUNNING
        generated.started_at = timezone.now()
        generated.task_id = task_id
        _save(generated, user=None, reason="PDF build started")
    return generated


@transaction.atomic
def mark_pdf_done(*, generated: GeneratedPDF, content: bytes, page_count: int) -> GeneratedPDF:
    generated.file.save(generated.download_name, ContentFile(content), save=False)
    generated.status = GeneratedPDF.Status.DONE
    generated.page_count = page_count
    generated.finished_at = timezone.now()
    _save(generated, user=None, reason="PDF built")
    return generated


@transaction.atomic
def mark_pdf_failed(*, generated: GeneratedPDF, reason: str) -> GeneratedPDF:
    generated.status = GeneratedPDF.Status.FAILED
    generated.failure_reason = reason[:2000]
    generated.finished_at = timezone.now()
    _save(generated, user=None, reason="PDF build failed")
    return generated
