"""Writes for criteria sets. Each service runs in one transaction and writes all or nothing."""

from dataclasses import dataclass

from django.db import transaction

from .errors import ImportErrors
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
def load_criteria_set(*, text: str, source: str) -> LoadResult:
    """Load a criteria set from YAML text. Same content again: no change. Raises ImportErrors.

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
        existing.delete()
    criteria_set = _create(preview.canonical, status=status)
    return LoadResult(criteria_set=criteria_set, created=existing is None, changed=True, outcome=preview.outcome)


def _create(canonical: dict, *, status: str) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.create(
        slug=canonical["slug"], name=canonical["name"], version=canonical["version"], status=status
    )
    headlines = {
        h.code: h
        for h in Headline.objects.bulk_create(
            Headline(criteria_set=criteria_set, order=i, **h) for i, h in enumerate(canonical["headlines"])
        )
    }
    RatingBand.objects.bulk_create(
        RatingBand(criteria_set=criteria_set, min_score=b["min"], label=b["label"], order=i)
        for i, b in enumerate(canonical["rating_bands"])
    )
    scales = {
        s.code: s
        for s in AnswerScale.objects.bulk_create(
            AnswerScale(criteria_set=criteria_set, code=code, order=i)
            for i, code in enumerate(canonical["answer_scales"])
        )
    }
    AnswerOption.objects.bulk_create(
        AnswerOption(scale=scales[code], order=j, **option)
        for code, options in canonical["answer_scales"].items()
        for j, option in enumerate(options)
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(criteria_set=criteria_set, order=i, **g) for i, g in enumerate(canonical["glossary"])
    )
    sections = Section.objects.bulk_create(
        Section(criteria_set=criteria_set, code=sec["code"], title=sec["title"], order=i)
        for i, sec in enumerate(canonical["sections"])
    )
    pairs = [
        (section, crit)
        for section, sec in zip(sections, canonical["sections"], strict=True)
        for crit in sec["criteria"]
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
    specific = {
        s.code: s
        for s in SpecificCriterion.objects.bulk_create(
            SpecificCriterion(general_criterion=criterion, code=spec["code"], text=spec["text"], order=j)
            for criterion, (_, crit) in zip(criteria, pairs, strict=True)
            for j, spec in enumerate(crit["specific"])
        )
    }
    rows = [(criterion, q) for criterion, (_, crit) in zip(criteria, pairs, strict=True) for q in crit["questions"]]
    questions = Question.objects.bulk_create(
        Question(
            criteria_set=criteria_set,
            general_criterion=criterion,
            code=q["code"],
            text=q["text"],
            guidance=q["guidance"],
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
    return criteria_set


@transaction.atomic
def set_status(*, criteria_set: CriteriaSet, status: str) -> CriteriaSet:
    """Publish or retire a criteria set (its content never changes here)."""
    if status not in CriteriaSet.Status.values:
        raise ValueError(f"unknown status {status!r}")
    criteria_set.status = status
    criteria_set.save(update_fields=["status"])
    return criteria_set


@transaction.atomic
def delete_criteria_set(*, criteria_set: CriteriaSet) -> None:
    if criteria_set.is_in_use:
        raise ImportErrors([f"criteria set '{criteria_set.slug}' is used by an inspection and cannot be deleted"])
    criteria_set.delete()
