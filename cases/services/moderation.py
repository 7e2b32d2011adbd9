"""Moderation of submitted assessments by the lead inspector or quality assurance (issue 9).

A moderator reviews a submitted primary assessment criterion by criterion: agrees, or changes an
answer with a reason (a ``Moderation`` keeps the original and the moderated option; the
judgement's option becomes the moderated one, so ``JudgementQuerySet.counted`` scores it), then
finishes (the assessment is marked moderated). Returning it to the assessor is
``cases.services.assessments.return_assessment``. A dip sample draws submitted assessments at
random per assessor, reproducibly from a stored seed.

Every write is keyword-only and runs in one transaction; the history names the moderator and,
for a changed answer, "moderation: " and the reason. Two moderators on one criterion settle clashes
as assessors do (``cases.services.judgements``): an answer reviewed against an older ``version`` of
its judgement that differs from the answer now raises ``StaleEditError`` with the ``Conflict``s.
"""

import math
import random
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from criteria.models import AnswerOption, GeneralCriterion
from inspection import history
from inspection.errors import ServiceError, StaleEditError

from ..models import Assessment, DipSample, Inspection, Judgement, ModeratedCriterion, Moderation
from .assessments import MAX_RATIONALE, lock_assessment
from .judgements import SOURCE_MODERATION, Answer, Conflict

MAX_SEED = 2**53  # fits a BigIntegerField and stays exact in a browser


def require_moderator(locked: Assessment, actor) -> None:
    """Raise unless ``actor`` may moderate the locked assessment now."""
    refusal = locked.moderation_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    inspection = locked.case.inspection
    if not inspection.judgements_editable:
        raise ServiceError(f"Assessments cannot be moderated while the inspection is {inspection.stage}")
    if not locked.is_primary or locked.status != Assessment.Status.SUBMITTED:
        raise ServiceError("Only a submitted assessment can be moderated")


@dataclass(frozen=True)
class Change:
    """A moderator's answer to one question, and why if it changes; ``version``: the judgement's
    version the moderator reviewed (None: not checked, e.g. a command)."""

    option: AnswerOption
    reason: str
    version: int | None = None

    def answer(self, version: int | None = None) -> Answer:
        """As a criterion page's ``Answer`` (the reason as its rationale), for the conflict page."""
        return Answer(
            option=self.option.value, rationale=self.reason, version=self.version if version is None else version
        )


@transaction.atomic
def moderate_criterion(
    *,
    assessment: Assessment,
    general_criterion: GeneralCriterion,
    changes: Mapping[str, Change],
    keep_theirs: Collection[str] = (),
    actor,
) -> int:
    """Record the moderator's review of one criterion: every answer not in ``changes``, or changed
    to the answer it has, is agreed with; any other change (question code → ``Change``) needs a
    reason and an option of the question's scale. Returns how many answers changed. ServiceError
    keyed ``<code>-reason`` or ``<code>-answer`` (the moderation form's fields); nothing written then.

    Raises ``StaleEditError`` (nothing written) when a judgement changed since the version a change
    was made against and differs from it, unless its code is in ``keep_theirs`` (the moderator kept
    the other person's answer); ``conflicts`` are ``Conflict``s, ``answers`` every change as an
    ``Answer`` for the conflict page to carry."""
    locked = lock_assessment(assessment)
    require_moderator(locked, actor)
    judgements = {
        j.question.code: j
        for j in Judgement.objects.select_for_update(of=("self",))
        .filter(assessment=locked, question__general_criterion=general_criterion)
        .select_related("question", "option", "updated_by")
    }
    changes = {code: change for code, change in changes.items() if code not in keep_theirs}
    _refuse_stale(judgements, changes)
    to_change = _changed_answers(judgements, changes)
    for judgement, option, reason in to_change:
        _moderate(judgement, option, reason, actor=actor)
    ModeratedCriterion.objects.update_or_create(
        assessment=locked, general_criterion=general_criterion, defaults={"moderator": actor}
    )
    return len(to_change)


def _changed_answers(
    judgements: Mapping[str, Judgement], changes: Mapping[str, Change]
) -> list[tuple[Judgement, AnswerOption, str]]:
    """(judgement, new option, reason) of each change to a different answer; a change to the answer
    it has is agreement, left out. ServiceError keyed by the form's fields when any is refused."""
    errors: dict[str, str] = {}
    to_change = []
    for code, change in changes.items():
        judgement = judgements.get(code)
        reason = change.reason.strip()
        if judgement is None or not judgement.is_answer:
            errors[f"{code}-answer"] = f"Question {code} has no answer to moderate"
        elif change.option.scale_id != judgement.question.scale_id:
            errors[f"{code}-answer"] = f"Choose one of question {code}'s answers"
        elif change.option.pk == judgement.option_id:
            continue  # the same answer: agreed
        elif not reason:
            errors[f"{code}-reason"] = f"Enter why you are changing the answer to question {code}"
        elif len(reason) > MAX_RATIONALE:
            errors[f"{code}-reason"] = f"The reason must be {MAX_RATIONALE} characters or fewer"
        else:
            to_change.append((judgement, change.option, reason))
    if errors:
        raise ServiceError(errors)
    return to_change


def _moderate(judgement: Judgement, option: AnswerOption, reason: str, *, actor) -> None:
    """Change one answer, keeping the original in a ``Moderation`` record and the reason in its history."""
    Moderation.objects.create(
        judgement=judgement,
        original_option_id=judgement.option_id,
        moderated_option=option,
        reason=reason,
        moderator=actor,
    )
    judgement.option = option
    judgement.version += 1
    judgement.updated_by = actor
    history.save(judgement, actor=actor, reason=f"{SOURCE_MODERATION}: {reason}")


def _refuse_stale(judgements: Mapping[str, Judgement], changes: Mapping[str, Change]) -> None:
    """StaleEditError for the changes made against an older version that differ from the answer now."""
    conflicts = [
        Conflict.between(judgements[code].question, judgements[code], change.answer())
        for code, change in changes.items()
        if code in judgements
        and change.version is not None
        and change.version != judgements[code].version
        and change.option.pk != judgements[code].option_id
    ]
    if conflicts:
        error = StaleEditError(
            f"Someone else changed {', '.join(c.question.code for c in conflicts)} after you opened the page",
            conflicts=conflicts,
        )
        error.answers = {code: change.answer() for code, change in changes.items()}
        raise error


@transaction.atomic
def finish_moderation(*, assessment: Assessment, actor) -> Assessment:
    """Mark the assessment moderated by ``actor`` now (agreeing with whatever was not changed)."""
    locked = lock_assessment(assessment)
    require_moderator(locked, actor)
    locked.moderated_at = timezone.now()
    locked.moderated_by = actor
    return history.save(locked, actor=actor, reason="moderated")


@transaction.atomic
def draw_dip_sample(
    *,
    inspection: Inspection,
    percent: int | None = None,
    per_inspector: int | None = None,
    seed: int | None = None,
    actor,
) -> DipSample:
    """Draw ``percent``% (rounded up) or ``per_inspector`` of each assessor's submitted primary
    assessments at random, and record the draw. The same seed over the same submitted assessments
    draws the same ones: assessors in username order, each one's assessments in case order.
    ServiceError keyed ``amount`` or ``seed`` (the dip sample form's fields)."""
    if (percent is None) == (per_inspector is None):
        raise ServiceError({"amount": "Enter a percentage or a number of cases per inspector"})
    if percent is not None and not 1 <= percent <= 100:
        raise ServiceError({"amount": "Enter a percentage from 1 to 100"})
    if per_inspector is not None and per_inspector < 1:
        raise ServiceError({"amount": "Enter a number of cases of 1 or more"})
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    elif not 0 <= seed < MAX_SEED:
        raise ServiceError({"seed": f"Enter a seed from 0 to {MAX_SEED - 1}"})
    submitted = (
        Assessment.objects.primary()
        .submitted()
        .filter(case__inspection=inspection, assessor__isnull=False)
        .select_related("assessor", "case")
        .order_by("assessor__username", "case__case_ref")
    )
    by_assessor: dict[int, list[Assessment]] = {}
    for assessment in submitted:
        by_assessor.setdefault(assessment.assessor_id, []).append(assessment)
    if not by_assessor:
        raise ServiceError({"amount": "No assessment has been submitted yet: there is nothing to sample"})
    rng = random.Random(seed)
    drawn = []
    for assessments in by_assessor.values():  # in username order, as read
        size = per_inspector if per_inspector is not None else math.ceil(len(assessments) * percent / 100)
        drawn.extend(rng.sample(assessments, min(size, len(assessments))))
    sample = DipSample.objects.create(
        inspection=inspection, percent=percent, per_inspector=per_inspector, seed=seed, drawn_by=actor
    )
    sample.assessments.set(drawn)
    return sample
