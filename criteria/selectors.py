"""Reads for criteria sets: the admin list, one set's whole tree, and an upload's dry run."""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import exporter, loader
from .errors import ImportErrors
from .models import CriteriaSet, GeneralCriterion, Question, Section


def _count(model, fk: str = "criteria_set") -> Coalesce:
    # One correlated subquery per count: joining several reverse relations would multiply rows.
    counted = model.objects.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def criteria_sets_with_counts() -> QuerySet[CriteriaSet]:
    inspection = CriteriaSet._meta.get_field("inspections").related_model  # cases.Inspection, without importing cases
    return CriteriaSet.objects.annotate(
        section_count=_count(Section),
        criterion_count=_count(GeneralCriterion),
        question_count=_count(Question),
        inspection_count=_count(inspection),
    )


def criteria_set_tree(*, slug: str) -> CriteriaSet:
    """One set with everything its page shows, in a fixed number of queries whatever its size."""
    questions = Question.objects.select_related("scale").prefetch_related("headlines", "specific_criteria")
    criteria = GeneralCriterion.objects.prefetch_related("specific_criteria", Prefetch("questions", queryset=questions))
    return (
        criteria_sets_with_counts()
        .prefetch_related(
            "headlines",
            "rating_bands",
            "answer_scales__options",
            "glossary",
            Prefetch("sections", queryset=Section.objects.prefetch_related(Prefetch("criteria", queryset=criteria))),
        )
        .get(slug=slug)
    )


class Outcome(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REPLACEMENT = "replacement"


@dataclass
class Preview:
    """What loading a file would do, worked out without writing anything."""

    canonical: dict
    outcome: Outcome
    existing: CriteriaSet | None
    counts: dict[str, int] = field(default_factory=dict)
    sections: list[dict] = field(default_factory=list)


def preview_criteria_set(*, text: str, source: str, for_update: bool = False) -> Preview:
    """Validate ``text`` and compare it with the stored set of the same slug. Raises ImportErrors."""
    canonical = loader.read(text, source)
    existing_qs = CriteriaSet.objects.filter(slug=canonical["slug"])
    if for_update:
        existing_qs = existing_qs.select_for_update()
    existing = existing_qs.first()
    if existing is None:
        outcome = Outcome.NEW
    elif exporter.canonical_equal(exporter.to_canonical(existing), canonical):
        outcome = Outcome.UNCHANGED
    elif existing.is_in_use:
        raise ImportErrors(
            [
                f"{source}, slug: criteria set '{existing.slug}' is used by an inspection, so it cannot be changed; "
                f"give the new version a new slug, for example '{existing.slug}-v2'"
            ]
        )
    else:
        outcome = Outcome.REPLACEMENT
    criteria = [c for s in canonical["sections"] for c in s["criteria"]]
    return Preview(
        canonical=canonical,
        outcome=outcome,
        existing=existing,
        counts={
            "sections": len(canonical["sections"]),
            "general_criteria": len(criteria),
            "specific_criteria": sum(len(c["specific"]) for c in criteria),
            "questions": sum(len(c["questions"]) for c in criteria),
            "headlines": len(canonical["headlines"]),
            "rating_bands": len(canonical["rating_bands"]),
            "answer_scales": len(canonical["answer_scales"]),
            "glossary": len(canonical["glossary"]),
        },
        sections=[
            {
                "code": s["code"],
                "title": s["title"],
                "criteria": len(s["criteria"]),
                "specific": sum(len(c["specific"]) for c in s["criteria"]),
                "questions": sum(len(c["questions"]) for c in s["criteria"]),
            }
            for s in canonical["sections"]
        ],
    )
