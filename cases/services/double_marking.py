"""Double marking: the lead or quality assurance allocates a second assessor to chosen cases (by
hand, or a random number per inspector, reproducible from a stored seed); the lead resolves the
markers' disagreements.

A second marker's assessment is an ``Assessment`` with ``is_primary`` False: it never counts in
scores. A resolution writes the agreed answer onto the primary judgement (which counts) and keeps
both originals in a ``Resolution`` and in the history.
"""

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria.models import AnswerOption, Question
from inspection import history
from inspection.errors import ServiceError

from ..models import Assessment, Case, DoubleMarkingDraw, Inspection, Judgement, Membership, Resolution
from ..roles import MODERATORS
from ..selectors.inspections import person_name

SOURCE_RESOLUTION = "resolution"
MAX_NOTE = 5000


@dataclass
class SecondMarkingResult:
    allocated: int  # new second assessments
    reassigned: int
    unchanged: int


def _require_lead(inspection: Inspection, actor) -> None:
    if actor is not None and not inspection.is_led_by(actor):
        raise PermissionDenied("Only the lead inspector can resolve disagreements")


def _require_organiser(inspection: Inspection, actor) -> None:
    """Quality assurance organises double marking, as the lead may (the usual arrangement)."""
    if actor is not None and not inspection.memberships.filter(user=actor, role__in=MODERATORS).exists():
        raise PermissionDenied("Only the lead inspector or quality assurance can organise double marking")


def _require_editable(inspection: Inspection) -> None:
    if not inspection.judgements_editable:
        raise ServiceError(f"Double marking cannot change while the inspection is {inspection.stage}")


@transaction.atomic
def allocate_second_marker(*, inspection: Inspection, case_ids: list[int], assessor, actor) -> SecondMarkingResult:
    """Give each case (which must have an allocated primary assessment) a second assessment by
    ``assessor``, a team member other than the case's primary assessor. A second assessment not
    yet started is reassigned; one with work in it stays with its marker."""
    _require_organiser(inspection, actor)
    _require_editable(inspection)
    if not Membership.objects.filter(inspection=inspection, user=assessor).exists():
        raise ServiceError({"assessor": f"{person_name(assessor)} is not in this inspection's team"})
    ids = set(case_ids)
    if not ids:
        raise ServiceError({"cases": "Select at least one case"})
    cases = {c.pk: c for c in Case.objects.filter(inspection=inspection, pk__in=ids).only("pk", "case_ref")}
    if len(cases) != len(ids):
        raise ServiceError({"cases": "Some of the selected cases are not in this inspection"})
    by_case: dict[int, dict[bool, Assessment]] = defaultdict(dict)
    for a in Assessment.objects.select_for_update().filter(case_id__in=ids):
        by_case[a.case_id][a.is_primary] = a
    errors = []
    for case_id, case in sorted(cases.items(), key=lambda item: item[1].case_ref):
        primary = by_case[case_id].get(True)
        if primary is None or primary.assessor_id is None:
            errors.append(f"Case {case.case_ref} has no primary assessor yet: allocate it first")
        elif primary.assessor_id == assessor.pk:
            errors.append(f"{person_name(assessor)} is the primary assessor of case {case.case_ref}")
    if errors:
        raise ServiceError({"cases": errors})
    new, changed, unchanged = [], [], 0
    for case_id in ids:
        second = by_case[case_id].get(False)
        if second is None:
            new.append(Assessment(case_id=case_id, assessor=assessor, is_primary=False))
        elif second.assessor_id != assessor.pk and second.status == Assessment.Status.NOT_STARTED:
            second.assessor = assessor
            changed.append(second)
        else:
            unchanged += 1
    reason = f"Second marker {assessor.username}"
    if new:
        bulk_create_with_history(new, Assessment, default_user=actor, default_change_reason=reason)
    if changed:
        bulk_update_with_history(changed, Assessment, ["assessor"], default_user=actor, default_change_reason=reason)
    return SecondMarkingResult(allocated=len(new), reassigned=len(changed), unchanged=unchanged)


def draw_cases(*, inspection: Inspection, per_inspector: int, assessor, seed: int) -> list[Case]:
    """``per_inspector`` cases at random from each primary assessor's allocated cases (other than
    ``assessor``'s, and not already double-marked), the same for the same seed and sample."""
    primaries = (
        Assessment.objects.primary()
        .filter(case__inspection=inspection, assessor__isnull=False)
        .exclude(assessor=assessor)
        .exclude(case__assessments__is_primary=False)
        .select_related("case", "assessor")
        .order_by("assessor__username", "case__case_ref")
    )
    by_assessor: dict[str, list[Case]] = defaultdict(list)
    for a in primaries:
        by_assessor[a.assessor.username].append(a.case)
    rng = random.Random(seed)
    drawn: list[Case] = []
    for username in sorted(by_assessor):
        cases = by_assessor[username]
        drawn += rng.sample(cases, min(per_inspector, len(cases)))
    return sorted(drawn, key=lambda c: c.case_ref)


@transaction.atomic
def draw_double_marking(
    *, inspection: Inspection, per_inspector: int, assessor, actor, seed: int | None = None
) -> DoubleMarkingDraw:
    """Draw ``per_inspector`` cases at random per inspector for ``assessor`` to second-mark, and
    record the draw (its seed reproduces it)."""
    _require_organiser(inspection, actor)
    if per_inspector < 1:
        raise ServiceError({"per_inspector": "Enter a number of cases of 1 or more"})
    seed = secrets.randbelow(2**31) if seed is None else seed
    cases = draw_cases(inspection=inspection, per_inspector=per_inspector, assessor=assessor, seed=seed)
    if not cases:
        raise ServiceError({"per_inspector": "No allocated case is left to draw from"})
    allocate_second_marker(inspection=inspection, case_ids=[c.pk for c in cases], assessor=assessor, actor=actor)
    return DoubleMarkingDraw.objects.create(
        inspection=inspection,
        seed=seed,
        per_inspector=per_inspector,
        second_assessor=assessor,
        case_refs=[c.case_ref for c in cases],
        drawn_by=actor,
    )


@transaction.atomic
def resolve_disagreement(*, case: Case, question: Question, agreed: AnswerOption, note: str, actor) -> Resolution:
    """The lead records the agreed answer to a question both markers of the case answered
    differently: written onto the primary judgement (reason "resolution"), both originals kept."""
    inspection = case.inspection
    _require_lead(inspection, actor)
    _require_editable(inspection)
    note = note.strip()
    if not note:
        raise ServiceError({"note": "Enter a note saying why this is the agreed answer"})
    if len(note) > MAX_NOTE:
        raise ServiceError({"note": f"The note must be {MAX_NOTE} characters or fewer"})
    if agreed.scale_id != question.scale_id:
        raise ServiceError({"agreed": "Choose one of the question's answers"})
    judgements = {
        j.assessment.is_primary: j
        for j in Judgement.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .answered()
        .filter(assessment__case=case, question=question)
    }
    if len(judgements) != 2 or any(j.assessment.status != Assessment.Status.SUBMITTED for j in judgements.values()):
        raise ServiceError("Both markers must have submitted an answer to this question")
    resolution = Resolution.objects.filter(case=case, question=question).first()
    originals = (
        (resolution.primary_option_id, resolution.second_option_id)
        if resolution
        else (_original_option_id(judgements[True]), _original_option_id(judgements[False]))
    )
    if originals[0] == originals[1]:
        raise ServiceError("The two markers agree on this question")
    if resolution is None:
        resolution = Resolution(
            case=case, question=question, primary_option_id=originals[0], second_option_id=originals[1]
        )
    resolution.agreed_option = agreed
    resolution.note = note
    resolution.resolved_by = actor
    history.save(resolution, actor=actor, reason=SOURCE_RESOLUTION)
    primary = judgements[True]
    if primary.option_id != agreed.pk:
        primary.option = agreed
        primary.version += 1
        primary.updated_by = actor
        history.save(primary, actor=actor, reason=SOURCE_RESOLUTION)
    return resolution


def _original_option_id(judgement: Judgement) -> int:
    """What the marker answered: before any moderation changed it (the first moderation keeps it)."""
    first = judgement.moderations.order_by("pk").values_list("original_option_id", flat=True).first()
    return first if first is not None else judgement.option_id
