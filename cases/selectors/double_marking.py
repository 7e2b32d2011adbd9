"""Reads for the double-marking page: each case with its primary and second assessments."""

from dataclasses import dataclass

from django.utils.encoding import force_str

from ..models import Assessment, Case, DoubleMarkingDraw, Inspection
from .inspections import person_name_of


@dataclass(frozen=True)
class CaseRow:
    """What the page reads of a case."""

    pk: int
    case_ref: str
    unit_name: str


@dataclass(frozen=True)
class Marking:
    """What the page reads of an assessment: who marks it (full name, else username) and its status."""

    assessor_name: str
    status_label: str


@dataclass
class MarkedCase:
    case: CaseRow
    primary: Marking | None
    second: Marking | None

    @property
    def primary_name(self) -> str:
        return self.primary.assessor_name if self.primary else ""

    @property
    def second_name(self) -> str:
        return self.second.assessor_name if self.second else ""

    @property
    def selectable(self) -> bool:
        """An allocated case not yet double-marked can be chosen."""
        return self.primary_name != "" and self.second is None


def marked_cases(*, inspection: Inspection) -> list[MarkedCase]:
    """Every case of the sample with its assessments, by reference. Two queries, read as columns
    (model instances of 300 cases, their units, assessments and assessors were most of the page's time)."""
    cases = Case.objects.filter(inspection=inspection).order_by("case_ref").values_list("pk", "case_ref", "unit__name")
    labels = {value: force_str(label) for value, label in Assessment.Status.choices}
    by_case: dict[int, dict[bool, Marking]] = {}
    assessments = (
        Assessment.objects.filter(case__inspection=inspection)
        .order_by("pk")
        .values_list(
            "case_id", "is_primary", "status", "assessor__first_name", "assessor__last_name", "assessor__username"
        )
    )
    for case_id, is_primary, status, first, last, username in assessments:
        marking = Marking(person_name_of(first, last, username), labels.get(status, status))
        by_case.setdefault(case_id, {}).setdefault(is_primary, marking)
    return [
        MarkedCase(
            case=CaseRow(pk, ref, unit), primary=by_case.get(pk, {}).get(True), second=by_case.get(pk, {}).get(False)
        )
        for pk, ref, unit in cases
    ]


def draws(*, inspection: Inspection) -> list[DoubleMarkingDraw]:
    return list(DoubleMarkingDraw.objects.filter(inspection=inspection).select_related("second_assessor", "drawn_by"))
