"""Writes for criteria sets. Each service runs in one transaction and writes all or nothing.

Services raise only ``inspection.errors`` kinds; ``actor`` (the acting user, None for the system)
is named in each history record.
"""

from dataclasses import dataclass

from django.db import transaction

from inspection import history
from inspection.errors import LockedError, ServiceError

from .models import (
    AnswerOption,
    AnswerScale,
    CriteriaSet,
    GeneralCriterion,
    GlossaryTerm,
    Headline,
    Question,
    RatingBand,
    Section,
    SpecificCriterion,
)
from .selectors import Outcome, preview_criteria_set


@dataclass
class LoadResult:
    criteria_set: CriteriaSet
    created: bool
    changed: bool
    outcome: Outcome


@transaction.atomic
def load_criteria_set(*, text: str, source: str, actor=None) -> LoadResult:
    """Load a criteria set from YAML text. Same content again: no change. Raises FileRejectedError.

    A set of the same slug with other content is replaced only while no inspection uses it
    (it keeps its status); one in use is never changed in place.
    """
    preview = preview_criteria_set(text=text, source=source, for_update=True)
    existing = preview.existing
    if preview.outcome == Outcome.UNCHANGED:
        return LoadResult(criteria_set=existing, created=False, changed=False, outcome=preview.outcome)
    status = CriteriaSet.Status.PUBLISHED
    if existing is not None:
        status = existing.status
        history.attribute(existing, actor=actor)
        existing.delete()
    criteria_set = _create(preview.canonical, status=status, actor=actor)
    return LoadResult(criteria_set=criteria_set, created=existing is None, changed=True, outcome=preview.outcome)


def _create(canonical: dict, *, status: str, actor) -> CriteriaSet:
    """Write a validated canonical set: the set, its scoring parts, then its tree (bulk inserts)."""
    criteria_set = history.save(
        CriteriaSet(
            slug=canonical["slug"],
            name=canonical["name"],
            version=canonical["version"],
            role_of_inspectorate=canonical["role_of_inspectorate"],
            rationale_required_below_line=canonical["rationale_required_below_line"],
            status=status,
        ),
        actor=actor,
    )
    headlines = _create_headlines(criteria_set, canonical["headlines"])
    RatingBand.objects.bulk_create(
        RatingBand(criteria_set=criteria_set, min_score=b["min"], label=b["label"], order=i)
        for i, b in enumerate(canonical["rating_bands"])
    )
    scales = _create_scales(criteria_set, canonical["answer_scales"])
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(criteria_set=criteria_set, order=i, **g) for i, g in enumerate(canonical["glossary"])
    )
    criteria = _create_criteria(criteria_set, canonical["sections"])
    specific = _create_specific_criteria(criteria)
    _create_questions(criteria_set, criteria, scales=scales, headlines=headlines, specific=specific)
    return criteria_set


def _create_headlines(criteria_set: CriteriaSet, headlines: list[dict]) -> dict[str, Headline]:
    created = Headline.objects.bulk_create(
        Headline(criteria_set=criteria_set, order=i, **h) for i, h in enumerate(headlines)
    )
    return {h.code: h for h in created}


def _create_scales(criteria_set: CriteriaSet, answer_scales: dict[str, list[dict]]) -> dict[str, AnswerScale]:
    """The answer scales and their options, by scale code."""
    scales = {
        s.code: s
        for s in AnswerScale.objects.bulk_create(
            AnswerScale(criteria_set=criteria_set, code=code, order=i) for i, code in enumerate(answer_scales)
        )
    }
    AnswerOption.objects.bulk_create(
        AnswerOption(scale=scales[code], order=j, **option)
        for code, options in answer_scales.items()
        for j, option in enumerate(options)
    )
    return scales


def _create_criteria(criteria_set: CriteriaSet, sections: list[dict]) -> list[tuple[GeneralCriterion, dict]]:
    """The sections and their general criteria, in set order; each criterion with its canonical dict."""
    created_sections = Section.objects.bulk_create(
        Section(criteria_set=criteria_set, code=sec["code"], title=sec["title"], order=i)
        for i, sec in enumerate(sections)
    )
    pairs = [
        (section, crit) for section, sec in zip(created_sections, sections, strict=True) for crit in sec["criteria"]
    ]
    criteria = GeneralCriterion.objects.bulk_create(
        GeneralCriterion(
            criteria_set=criteria_set,
            section=section,
            code=crit["code"],
            title=crit["title"],
            statement=crit["statement"],
            order=i,
        )
        for i, (section, crit) in enumerate(pairs)
    )
    return [(criterion, crit) for criterion, (_, crit) in zip(criteria, pairs, strict=True)]


def _create_specific_criteria(criteria: list[tuple[GeneralCriterion, dict]]) -> dict[str, SpecificCriterion]:
    created = SpecificCriterion.objects.bulk_create(
        SpecificCriterion(general_criterion=criterion, code=spec["code"], text=spec["text"], order=j)
        for criterion, crit in criteria
        for j, spec in enumerate(crit["specific"])
    )
    return {s.code: s for s in created}


def _create_questions(
    criteria_set: CriteriaSet,
    criteria: list[tuple[GeneralCriterion, dict]],
    *,
    scales: dict[str, AnswerScale],
    headlines: dict[str, Headline],
    specific: dict[str, SpecificCriterion],
) -> None:
    """The questions, numbered through the whole set, and their links to headlines and specific criteria."""
    rows = [(criterion, q) for criterion, crit in criteria for q in crit["questions"]]
    questions = Question.objects.bulk_create(
        Question(
            criteria_set=criteria_set,
            general_criterion=criterion,
            code=q["code"],
            text=q["text"],
            guidance=q["guidance"],
            sentence=q["sentence"],
            analysis_code=q["analysis_code"],
            group=q["group"],
            scale=scales[q["scale"]],
            applies_when=q["applies_when"],
            order=i,
        )
        for i, (criterion, q) in enumerate(rows)
    )
    Question.headlines.through.objects.bulk_create(
        Question.headlines.through(question=question, headline=headlines[code])
        for question, (_, q) in zip(questions, rows, strict=True)
        for code in q["headlines"]
    )
    Question.specific_criteria.through.objects.bulk_create(
        Question.specific_criteria.through(question=question, specificcriterion=specific[code])
        for question, (_, q) in zip(questions, rows, strict=True)
        for code in q["specific"]
    )


@transaction.atomic
def set_status(*, criteria_set: CriteriaSet, status: str, actor=None) -> CriteriaSet:
    """Publish or retire a criteria set (its content never changes here)."""
    if status not in CriteriaSet.Status.values:
        raise ServiceError({"status": f"unknown status {status!r}"})
    if criteria_set.status == status:  # someone else got there first (a page opened before)
        raise ServiceError({"status": f"{criteria_set.name} is already {criteria_set.get_status_display().lower()}"})
    criteria_set.status = status
    return history.save(criteria_set, actor=actor, update_fields=["status"])


@transaction.atomic
def delete_criteria_set(*, criteria_set: CriteriaSet, actor=None) -> None:
    """Delete a set no inspection uses, with all its content; one in use is locked."""
    if criteria_set.is_in_use:
        raise LockedError(f"criteria set '{criteria_set.slug}' is used by an inspection and cannot be deleted")
    history.attribute(criteria_set, actor=actor)
    criteria_set.delete()
