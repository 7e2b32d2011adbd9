"""Writes for draft reports: keyword-only, typed, one transaction each, recorded by simple-history.

A report has numbered versions; only the newest version can be a draft, and only a draft can be
edited. Finalising is allowed once no judgement can still change (``selectors.finalise_readiness``:
the inspection at its reporting stage, every sampled case submitted or excluded with a reason); it
locks the version, freezes the figures it shows and queues its PDF. A new draft starts as a copy
of the final one. Text edits carry the ``revision`` the writer started from, so a stale save is refused
rather than overwriting someone else's words.

Every refusal is an ``inspection.errors`` error: ``LockedError`` (a final version),
``StaleEditError`` (its ``conflicts`` hold what is saved now) or ``ServiceError``. The acting
user is ``actor``; history records name them through ``inspection.history``. The PDF build's own
state changes (running, done, failed) are in ``reports.services.jobs``, written by the task.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Inspection, Judgement
from criteria.models import GeneralCriterion
from inspection import history
from inspection.errors import LockedError, ServiceError, StaleEditError

from .. import narrative_figures, selectors
from ..models import CriterionNarrative, ExcludedCase, GeneratedPDF, NotableExample, Report, ReportVersion
from ..report_data import assemble, freeze
from ..sentences import writing_figures
from ..tasks import generate_report_pdf

MAX_ITEMS = 52  # (a) … (z), (aa) … (zz)
MAX_ITEM_LENGTH = 5000
MAX_FOREWORD_LENGTH = 50000


def clean_items(items: Iterable[str]) -> list[str]:
    """Trimmed, non-empty items (a textarea's lines or a list of rows)."""
    cleaned = [" ".join(str(item).split()) for item in items]
    return [item for item in cleaned if item]


def _check_items(items: list[str], *, what: str) -> None:
    if len(items) > MAX_ITEMS:
        raise ServiceError(f"{what}: at most {MAX_ITEMS} items")
    for number, item in enumerate(items, start=1):
        if len(item) > MAX_ITEM_LENGTH:
            raise ServiceError(f"{what}: item {number} is longer than {MAX_ITEM_LENGTH} characters")


def _locked_draft(version: ReportVersion) -> ReportVersion:
    """The version, re-read under a row lock, provided it is still the editable draft."""
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise LockedError(f"Version {locked.number} is final and can no longer be changed")
    return locked


@transaction.atomic
def ensure_report(*, inspection: Inspection, actor) -> ReportVersion:
    """The inspection's newest report version, creating the report and its first draft if needed."""
    report, _ = Report.objects.select_for_update().get_or_create(inspection=inspection)
    version = report.versions.newest()
    if version is None:
        version = ReportVersion(report=report, number=1, created_by=actor)
        history.save(version, actor=actor, reason="Report started")
    return version


@transaction.atomic
def save_summary(
    *,
    version: ReportVersion,
    foreword: str,
    recommendations: Sequence[str],
    revision: int,
    actor,
    reinspection_reasons: str | None = None,
    service_users: str | None = None,
    service_users_responses: int | None = None,
    isbn: str | None = None,
) -> ReportVersion:
    """Replace the foreword/summary and the recommendations of a draft (and, when given, the reasons
    for a reinspection and the service users' perspective with its count of responses).

    ``revision`` is the version's revision when the writer opened it; a stale one raises
    ``StaleEditError`` whose ``conflicts`` hold the version as saved now.
    """
    version = _locked_draft(version)
    if version.revision != revision:
        raise StaleEditError(
            "The foreword or recommendations were changed by someone else since you opened this page",
            conflicts=[version],
            answers={"foreword": foreword, "recommendations": list(recommendations)},
        )
    foreword = foreword.replace("\r\n", "\n").strip()
    if len(foreword) > MAX_FOREWORD_LENGTH:
        raise ServiceError(f"Foreword: at most {MAX_FOREWORD_LENGTH} characters")
    items = clean_items(recommendations)
    _check_items(items, what="Recommendations")
    texts = {
        "reinspection_reasons": version.reinspection_reasons if reinspection_reasons is None else reinspection_reasons,
        "service_users": version.service_users if service_users is None else service_users,
    }
    texts = {name: text.replace("\r\n", "\n").strip() for name, text in texts.items()}
    if any(len(text) > MAX_FOREWORD_LENGTH for text in texts.values()):
        raise ServiceError(f"Each text: at most {MAX_FOREWORD_LENGTH} characters")
    responses = version.service_users_responses if service_users is None else service_users_responses
    isbn = version.isbn if isbn is None else " ".join(isbn.split())
    if len(isbn) > 20:
        raise ServiceError({"isbn": "The ISBN must be 20 characters or fewer"})
    unchanged = all(getattr(version, name) == text for name, text in texts.items())
    if (
        foreword == version.foreword
        and items == version.recommendations
        and unchanged
        and responses == version.service_users_responses
        and isbn == version.isbn
    ):
        return version
    for name, text in texts.items():
        setattr(version, name, text)
    version.service_users_responses = responses
    version.isbn = isbn
    version.foreword = foreword
    version.recommendations = items
    version.revision += 1
    history.save(version, actor=actor, reason="Foreword and recommendations edited")
    return version


@transaction.atomic
def save_narrative(
    *,
    version: ReportVersion,
    criterion: GeneralCriterion,
    strengths: Sequence[str],
    improvements: Sequence[str],
    revision: int,
    actor,
    added_figure: dict | None = None,
) -> CriterionNarrative:
    """Replace a general criterion's strengths and areas for improvement in a draft.

    ``revision`` is the narrative's revision when the writer opened it (0 for none yet); a stale
    one raises ``StaleEditError`` whose ``conflicts`` hold the narrative as saved now (if any).
    ``added_figure``: the reference (``narrative_figures.new_ref``) of a figure sentence just
    appended to its list, kept tied to its figure; references of deleted items are dropped.
    """
    version = _locked_draft(version)
    if criterion.criteria_set_id != version.report.inspection.criteria_set_id:
        raise ServiceError("That criterion is not in this inspection's criteria set")
    strengths, improvements = clean_items(strengths), clean_items(improvements)
    _check_items(strengths, what="Strengths")
    _check_items(improvements, what="Areas for improvement")
    narrative = CriterionNarrative.objects.select_for_update().filter(version=version, criterion=criterion).first()
    current = narrative.revision if narrative else 0
    if current != revision:
        raise StaleEditError(
            f"{criterion.code} was changed by someone else since you opened this page",
            conflicts=[narrative] if narrative else [],
            answers={"strengths": strengths, "improvements": improvements},
        )
    if narrative is None:
        narrative = CriterionNarrative(version=version, criterion=criterion, revision=0)
    elif narrative.strengths == strengths and narrative.improvements == improvements and not added_figure:
        return narrative
    refs = list(narrative.figure_refs) + ([added_figure] if added_figure else [])
    narrative.figure_refs = narrative_figures.kept_refs({"strengths": strengths, "improvements": improvements}, refs)
    narrative.strengths, narrative.improvements = strengths, improvements
    narrative.revision += 1
    history.save(narrative, actor=actor, reason=f"{criterion.code} strengths and areas for improvement edited")
    return narrative


@transaction.atomic
def accept_figure(
    *, version: ReportVersion, criterion: GeneralCriterion, list_name: str, index: int, revision: int, actor
) -> CriterionNarrative:
    """The lead accepts a flagged figure sentence as it is now: an inserted sentence left as it was
    takes the figure's words now; one the lead reworded keeps the lead's words. Either way the flag
    goes until the figure changes again."""

    version = _locked_draft(version)
    narrative = CriterionNarrative.objects.select_for_update().filter(version=version, criterion=criterion).first()
    if narrative is None or narrative.revision != revision:
        raise StaleEditError(
            f"{criterion.code} was changed by someone else since you opened this page",
            conflicts=[narrative] if narrative else [],
        )
    lists = {"strengths": narrative.strengths, "improvements": narrative.improvements}
    if list_name not in lists or not 0 <= index < len(lists[list_name]):
        raise ServiceError("That item is no longer in the list")
    figures = writing_figures(inspection=version.report.inspection, criterion_code=criterion.code)
    current = figures.current(narrative_figures.keys_of(narrative.figure_refs))
    reviewed = narrative_figures.review(lists, narrative.figure_refs, current)
    key = next(item.key for item in reviewed if (item.list, item.index) == (list_name, index))
    if not key or current.get(key) is None:
        raise ServiceError("That item quotes no figure that is counted now: rewrite or delete it")
    lists, refs = narrative_figures.accept(
        lists,
        narrative.figure_refs,
        list_name=list_name,
        index=index,
        current=current[key],
        version_number=version.number,
    )
    narrative.strengths, narrative.improvements, narrative.figure_refs = lists["strengths"], lists["improvements"], refs
    narrative.revision += 1
    history.save(narrative, actor=actor, reason=f"{criterion.code} figure accepted as it is now")
    return narrative


@transaction.atomic
def set_notable_examples(*, version: ReportVersion, judgements: Sequence[Judgement], actor) -> list[NotableExample]:
    """Make ``judgements`` (good practice, this inspection) the draft's "Making a difference" examples.

    Examples already picked keep their copied text; new ones copy the judgement's example now.
    """
    version = _locked_draft(version)
    inspection_id = version.report.inspection_id
    for judgement in judgements:
        if (
            judgement.assessment.case.inspection_id != inspection_id
            or not judgement.assessment.counts
            or judgement.notable_practice != Judgement.NotablePractice.GOOD
            or not judgement.notable_example.strip()
        ):
            raise ServiceError("Only good practice examples of submitted assessments in this inspection can be picked")
    existing = {example.judgement_id: example for example in version.notable_examples.all()}
    wanted = {judgement.pk for judgement in judgements}
    for judgement_id, example in existing.items():
        if judgement_id not in wanted:
            history.attribute(example, actor=actor)
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
            history.save(example, actor=actor, reason="Notable practice picked")
        kept.append(example)
    return kept


MAX_EXAMPLE_TITLE = 200


@transaction.atomic
def set_example_titles(*, version: ReportVersion, titles: Mapping[int, str], actor) -> int:
    """Title the draft's picked examples (example id → title; empty: titled with its criterion in
    the report). Returns how many titles changed. ServiceError keyed ``title-<id>``; nothing written then."""
    version = _locked_draft(version)
    examples = {example.pk: example for example in version.notable_examples.all()}
    errors = {}
    for pk, title in titles.items():
        if pk not in examples:
            errors[f"title-{pk}"] = "That example is no longer picked for this report"
        elif len(title.strip()) > MAX_EXAMPLE_TITLE:
            errors[f"title-{pk}"] = f"The title must be {MAX_EXAMPLE_TITLE} characters or fewer"
    if errors:
        raise ServiceError(errors)
    changed = 0
    for pk, title in titles.items():
        example = examples[pk]
        if example.title != title.strip():
            example.title = title.strip()
            history.save(example, actor=actor, reason="Example titled")
            changed += 1
    return changed


@transaction.atomic
def finalise_version(*, version: ReportVersion, actor) -> GeneratedPDF:
    """Lock the draft as final, freeze the figures it shows, and queue the PDF that records it.

    Refused (``ServiceError`` with every reason) while a judgement can still change.
    """
    version = _locked_draft(version)
    inspection = (
        Inspection.objects.select_for_update().select_related("criteria_set").get(pk=version.report.inspection_id)
    )
    reasons = selectors.finalise_readiness(inspection=inspection).reasons
    if reasons:
        raise ServiceError(reasons)
    version.status = ReportVersion.Status.FINAL
    version.finalised_at = timezone.now()
    version.finalised_by = actor
    version.frozen_data = freeze(assemble(inspection=inspection, version=version))
    version.frozen_criteria_set = inspection.criteria_set.slug
    version.frozen_criteria_version = inspection.criteria_set.version
    history.save(version, actor=actor, reason="Version finalised")
    return request_pdf(version=version, actor=actor)


@transaction.atomic
def exclude_case(*, inspection: Inspection, case_ref: str, reason: str, actor) -> ExcludedCase:
    """Record a sampled case as excluded from the report's counts, with the reason."""
    reason = " ".join(reason.split())
    errors = {}
    case = Case.objects.filter(inspection=inspection, case_ref=case_ref.strip()).first()
    if case is None:
        errors["case_ref"] = f"There is no case {case_ref.strip()!r} in this inspection's sample"
    elif case.assessments.counted().exists():
        errors["case_ref"] = f"Case {case.case_ref} is submitted and counts in the scores: it cannot be excluded"
    elif ExcludedCase.objects.filter(case=case).exists():
        errors["case_ref"] = f"Case {case.case_ref} is already excluded"
    if not reason:
        errors["reason"] = "Enter the reason the case is excluded"
    elif len(reason) > 500:
        errors["reason"] = "The reason must be 500 characters or fewer"
    if errors:
        raise ServiceError(errors)
    exclusion = ExcludedCase(case=case, reason=reason, recorded_by=actor)
    history.save(exclusion, actor=actor, reason="Case excluded from the report")
    return exclusion


@transaction.atomic
def include_case(*, inspection: Inspection, case_ref: str, actor) -> None:
    """Undo an exclusion: the case is expected in the report's counts again."""
    exclusion = ExcludedCase.objects.filter(case__inspection=inspection, case__case_ref=case_ref).first()
    if exclusion is None:
        raise ServiceError(f"Case {case_ref} is not excluded")
    history.attribute(exclusion, actor=actor, reason="Case included in the report again")
    exclusion.delete()


@transaction.atomic
def start_new_draft(*, report: Report, actor) -> ReportVersion:
    """A new draft copied from the newest (final) version; refused while a draft exists."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.newest()
    if latest is None:
        raise ServiceError("The report has no version yet")
    if latest.is_draft:
        raise ServiceError(f"Version {latest.number} is still a draft")
    draft = ReportVersion(
        report=report,
        number=latest.number + 1,
        based_on=latest,
        foreword=latest.foreword,
        recommendations=list(latest.recommendations),
        reinspection_reasons=latest.reinspection_reasons,
        service_users=latest.service_users,
        service_users_responses=latest.service_users_responses,
        created_by=actor,
    )
    history.save(draft, actor=actor, reason=f"New draft from version {latest.number}")
    _copy_narrative(latest, draft, actor=actor)
    return draft


def _copy_narrative(source: ReportVersion, draft: ReportVersion, *, actor) -> None:
    """The strengths, areas for improvement and picked examples of ``source``, copied into ``draft``."""
    reason = f"Copied from version {source.number}"
    for narrative in source.narratives.all():
        copy = CriterionNarrative(
            version=draft,
            criterion_id=narrative.criterion_id,
            strengths=list(narrative.strengths),
            improvements=list(narrative.improvements),
            figure_refs=list(narrative.figure_refs),
        )
        history.save(copy, actor=actor, reason=reason)
    for example in source.notable_examples.all():
        copy = NotableExample(
            version=draft,
            judgement_id=example.judgement_id,
            criterion_code=example.criterion_code,
            question_code=example.question_code,
            case_ref=example.case_ref,
            title=example.title,
            example=example.example,
            order=example.order,
        )
        history.save(copy, actor=actor, reason=reason)


@transaction.atomic
def request_pdf(*, version: ReportVersion, actor, file_format: str = "pdf") -> GeneratedPDF:
    """Queue a PDF (or with ``file_format="docx"`` a Word file) of ``version``. The task row commits
    with this transaction, so no worker sees it early."""
    generated = GeneratedPDF(version=version, requested_by=actor, is_final=version.is_final, file_format=file_format)
    history.save(generated, actor=actor, reason="Word file requested" if file_format == "docx" else "PDF requested")
    result = generate_report_pdf.enqueue(generated_pdf_id=generated.pk)
    # An immediate backend has already run the task (and recorded the id); don't undo its work.
    GeneratedPDF.objects.filter(pk=generated.pk, task_id="").update(task_id=result.id)
    generated.refresh_from_db()
    return generated
