"""Reads for criteria sets: the admin list, one set's whole tree, and an upload's dry run."""

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from inspection.errors import FileRejectedError

from . import exporter, loader
from .models import CriteriaSet, GeneralCriterion, Headline, Question, Section


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
    return criteria_sets_with_counts().with_content().get(slug=slug)


def criteria_set_by_slug(*, slug: str) -> CriteriaSet | None:
    return CriteriaSet.objects.filter(slug=slug).first()


def sections_of(*, criteria_set: CriteriaSet) -> list[Section]:
    """The sections of a set from ``criteria_set_tree``, in order (prefetched: no query)."""
    return list(criteria_set.sections.all())


def scale_options(*, scale) -> list:
    """An answer scale's options in order (one query)."""
    return list(scale.options.order_by("order"))


def headlines_with_use(*, criteria_set: CriteriaSet) -> list[tuple[Headline, int]]:
    """Each headline of a set from ``criteria_set_tree`` with how many questions count towards it (no query)."""
    use = Counter(
        h.pk
        for section in criteria_set.sections.all()
        for criterion in section.criteria.all()
        for question in criterion.questions.all()
        for h in question.headlines.all()
    )
    return [(h, use[h.pk]) for h in criteria_set.headlines.all()]


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
    """Validate ``text`` and compare it with the stored set of the same slug. Raises FileRejectedError."""
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
        raise FileRejectedError(
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
