"""Retention: erasing a published inspection's case-level data, keeping its scores and final report.

    state = retention_state(inspection=inspection)     # published when, erasable from, erased?
    result = erase_case_data(inspection=inspection, actor=admin)

An inspection is **published** when it is closed and its report has a final version; the date is
when it was closed (its history). ``RETENTION_DAYS`` after that an admin may erase its case-level
data (the confirmation page, or ``manage.py erase_case_data``); before, the service refuses.

What goes, in the live rows and in every history record of them:

- judgements' rationale and notable-example text; assessments' interview notes, interview date
  and return comment; moderators' reasons and the lead's resolution notes;
- the cases' characteristics beyond those scoring needs (tier, MAPPA, PPO, approved premises,
  victim contact, domestic abuse, child safeguarding, gender, age, ethnic group, offence type);
- case references, replaced by ``erased-0001``, ``erased-0002`` … (also in double-marking draws);
- draft report versions' notable examples (text, title and case reference) and draft PDFs.

What stays: every judgement's answer and whether its question applied, each assessment's status
and marker (what scoring counts), each case's unit, sentence type and RoSH level (which questions
applied; breakdowns by unit, supervision and RoSH), and the final report versions with their
frozen figures, notable examples as published and PDFs. So every score of the whole sample, by
unit, sentence type or RoSH is the same after; breakdowns by an erased characteristic then show
every case as unknown (the final report keeps the ones it published).

The erasure is one transaction, recorded in the inspection's history and the audit log.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import CharField, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cases.models import Assessment, Case, DoubleMarkingDraw, Inspection, Judgement, Moderation, Resolution
from inspection import history
from inspection.errors import LockedError
from inspection.models import AuditEvent
from inspection.services import record

from ..models import GeneratedPDF, NotableExample, ReportVersion

ERASED_REASON = "Case data erased under the retention policy"
ERASED_REF = "erased-{:04d}"
# Characteristics scoring needs (which questions apply; the unit, supervision and RoSH breakdowns).
KEPT_CHARACTERISTICS = ("sentence_type", "rosh")
ERASED_CHARACTERISTICS = {
    "tier": "",
    "mappa_level": "",
    "mappa_category": "",
    "ppo": "",
    "approved_premises": "",
    "victim_contact": "",
    "domestic_abuse": "",
    "child_safeguarding": "",
    "gender": "",
    "age": None,
    "ethnic_group": "",
    "offence_type": "",
}
ERASED_ASSESSMENT = {"interview_notes": "", "interview_date": None, "return_comment": ""}
ERASED_JUDGEMENT = {"rationale": "", "notable_example": ""}


@dataclass(frozen=True)
class RetentionState:
    published_at: datetime | None  # None: not published (not closed, or no final report)
    erasable_from: datetime | None
    erased: object | None  # the inspection's history record of the erasure
    refusal: str  # why it cannot be erased now ("" when it can)

    @property
    def can_erase(self) -> bool:
        return not self.refusal


@dataclass(frozen=True)
class ErasureResult:
    cases: int
    assessments: int
    judgements: int
    history_records: int  # history records of cases, assessments, judgements and resolutions blanked
    draft_pdfs_deleted: int


def published_at(inspection: Inspection) -> datetime | None:
    """When the inspection was published: closed (the first history record saying so), with a final report."""
    if inspection.status != Inspection.Status.CLOSED:
        return None
    if not ReportVersion.objects.filter(report__inspection=inspection, status=ReportVersion.Status.FINAL).exists():
        return None
    closed = inspection.history.filter(status=Inspection.Status.CLOSED).order_by("history_date").first()
    if closed is not None:
        return closed.history_date
    final = ReportVersion.objects.filter(report__inspection=inspection, status=ReportVersion.Status.FINAL)
    return final.order_by("finalised_at").values_list("finalised_at", flat=True).first()


def _date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def retention_state(*, inspection: Inspection, now: datetime | None = None) -> RetentionState:
    now = now or timezone.now()
    erased = inspection.history.filter(history_change_reason__startswith=ERASED_REASON).order_by("history_date")
    erased = erased.select_related("history_user").first()
    published = published_at(inspection)
    erasable_from = published + timedelta(days=settings.RETENTION_DAYS) if published else None
    if erased is not None:
        refusal = f"The case data was erased on {_date(erased.history_date)}."
    elif published is None:
        refusal = (
            "The inspection is not published yet: its case data can be erased only after it is closed "
            "with a final report."
        )
    elif now < erasable_from:
        refusal = (
            f"The case data is kept for {settings.RETENTION_DAYS} days after publication: it can be erased "
            f"from {_date(erasable_from)}."
        )
    else:
        refusal = ""
    return RetentionState(published_at=published, erasable_from=erasable_from, erased=erased, refusal=refusal)


@transaction.atomic
def erase_case_data(*, inspection: Inspection, actor, request=None, now: datetime | None = None) -> ErasureResult:
    """Erase the inspection's case-level data (see the module's docstring). Raises ``LockedError``
    before publication, before the retention period has passed, or when it is erased already."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    state = retention_state(inspection=inspection, now=now)
    if not state.can_erase:
        raise LockedError(state.refusal)
    refs = _new_refs(inspection)
    cases, history_records = _erase_cases(inspection=inspection, refs=refs)
    assessment_ids = set(Assessment.objects.filter(case__inspection=inspection).values_list("pk", flat=True))
    assessment_ids |= set(Assessment.history.filter(case_id__in=refs).values_list("id", flat=True).distinct())
    assessments = Assessment.objects.filter(pk__in=assessment_ids).update(**ERASED_ASSESSMENT)
    history_records += Assessment.history.filter(id__in=assessment_ids).update(**ERASED_ASSESSMENT)
    judgements = Judgement.objects.filter(assessment_id__in=assessment_ids).update(**ERASED_JUDGEMENT)
    history_records += Judgement.history.filter(assessment_id__in=assessment_ids).update(**ERASED_JUDGEMENT)
    Moderation.objects.filter(judgement__assessment_id__in=assessment_ids).update(reason="")
    Resolution.objects.filter(case__inspection=inspection).update(note="")
    history_records += Resolution.history.filter(case_id__in=refs).update(note="")
    _erase_report_drafts(inspection=inspection)
    pdfs = _delete_draft_pdfs(inspection)
    history.save(inspection, actor=actor, reason=f"{ERASED_REASON}: {cases} cases, {judgements} judgements")
    record(
        kind=AuditEvent.Kind.CASE_DATA_ERASED,
        request=request,
        user=actor,
        detail=f"{inspection.slug}: {cases} cases, {assessments} assessments, {judgements} judgements",
    )
    return ErasureResult(
        cases=cases,
        assessments=assessments,
        judgements=judgements,
        history_records=history_records,
        draft_pdfs_deleted=pdfs,
    )


def _new_refs(inspection: Inspection) -> dict[int, str]:
    """Case id → its new reference, for every case of the inspection, deleted ones (in history) too."""
    ids = set(Case.objects.filter(inspection=inspection).values_list("pk", flat=True))
    ids |= set(Case.history.filter(inspection_id=inspection.pk).values_list("id", flat=True).distinct())
    return {pk: ERASED_REF.format(n) for n, pk in enumerate(sorted(ids), start=1)}


def _ref_expression(refs: dict[int, str], field: str = "pk"):
    return models.Case(*[When(**{field: pk}, then=Value(ref)) for pk, ref in refs.items()], output_field=CharField())


def _erase_cases(*, inspection: Inspection, refs: dict[int, str]) -> tuple[int, int]:
    """Blank the erased characteristics and replace references, live and in history: (cases, history records)."""
    old_refs = dict(Case.objects.filter(inspection=inspection).values_list("case_ref", "pk"))
    live = Case.objects.filter(inspection=inspection)
    # Two steps, so no new reference meets an old one under the (inspection, case_ref) unique
    # constraint: first "~<id>" ("~" is never in a reference), then the numbered ones.
    live.update(case_ref=Concat(Value("~"), Cast("pk", CharField())), **ERASED_CHARACTERISTICS)
    cases = live.update(case_ref=_ref_expression(refs)) if refs else 0
    history_records = Case.history.filter(id__in=refs).update(
        case_ref=_ref_expression(refs, "id"), **ERASED_CHARACTERISTICS
    )
    for draw in DoubleMarkingDraw.objects.filter(inspection=inspection):
        draw.case_refs = [refs.get(old_refs.get(ref), "erased") for ref in draw.case_refs]
        draw.save(update_fields=["case_refs"])
    return cases, history_records


def _erase_report_drafts(*, inspection: Inspection) -> None:
    """Draft versions' notable examples lose their text and old case reference (final versions keep theirs)."""
    versions = ReportVersion.objects.filter(report__inspection=inspection).exclude(status=ReportVersion.Status.FINAL)
    version_ids = list(versions.values_list("pk", flat=True))
    erased = {"example": "", "title": "", "case_ref": "erased"}
    NotableExample.objects.filter(version_id__in=version_ids).update(**erased)
    NotableExample.history.filter(version_id__in=version_ids).update(**erased)


def _delete_draft_pdfs(inspection: Inspection) -> int:
    """Draft PDFs (they show the case data of their day) go, files too once the erasure commits."""
    drafts = GeneratedPDF.objects.filter(version__report__inspection=inspection, is_final=False)
    files = [pdf.file for pdf in drafts if pdf.file]
    count = len(drafts)
    drafts.delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return count
