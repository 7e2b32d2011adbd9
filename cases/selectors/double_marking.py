"""Reads for the double-marking page: each case with its primary and second assessments."""

from dataclasses import dataclass
from functools import cached_property

from ..models import Assessment, Case, DoubleMarkingDraw, Inspection
from .inspections import person_name


@dataclass
class MarkedCase:
    case: Case
    primary: Assessment | None
    second: Assessment | None

    @cached_property
    def primary_name(self) -> str:
        return person_name(self.primary.assessor) if self.primary and self.primary.assessor else ""

    @property
    def second_name(self) -> str:
        return person_name(self.second.assessor) if self.second and self.second.assessor else ""

    @cached_property
    def selectable(self) -> bool:
        """An allocated case not yet double-marked can be chosen."""
        return self.primary_name != "" and self.second is None


def marked_cases(*, inspection: Inspection) -> list[MarkedCase]:
    """Every case of the sample with its assessments, by reference. Two queries."""
    cases = list(Case.objects.filter(inspection=inspection).select_related("unit").order_by("case_ref"))
    by_case: dict[int, dict[bool, Assessment]] = {}
    for a in Assessment.objects.filter(case__inspection=inspection).select_related("assessor").order_by("pk"):
        by_case.setdefault(a.case_id, {}).setdefault(a.is_primary, a)
    return [
        MarkedCase(case=c, primary=by_case.get(c.pk, {}).get(True), second=by_case.get(c.pk, {}).get(False))
        for c in cases
    ]


def draws(*, inspection: Inspection) -> list[DoubleMarkingDraw]:
    return list(DoubleMarkingDraw.objects.filter(inspection=inspection).select_related("second_assessor", "drawn_by"))
