"""A programme's inspections compared: each one's headline scores (and general criteria when they
share a criteria set) beside the lowest, highest and average of the areas inspected, among the
inspections of the programme the user may see (admins: all)."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import ngettext

from cases.models import Programme

from .. import selectors
from ..scoring import InspectionScores, compute_programme_by_code
from ..scoring.stats import MIN_CASES_TO_COMPARE


@dataclass(frozen=True)
class ProgrammeColumn:
    """One inspection on the programme page: its scores, its area and the cases they count."""

    scores: InspectionScores
    area: str
    submitted: int

    @property
    def too_few(self) -> bool:
        return self.submitted < MIN_CASES_TO_COMPARE

    @property
    def cases_display(self) -> str:
        return ngettext(
            "%(submitted)d of %(total)d case submitted",
            "%(submitted)d of %(total)d cases submitted",
            self.scores.case_count,
        ) % {"submitted": self.submitted, "total": self.scores.case_count}


def programme(request, slug):
    """Queries: the programme (1), the inspections (1), per criteria set the structure (7) and counts
    (3), submitted cases (1). An inspection with fewer than MIN_CASES_TO_COMPARE submitted cases is
    marked "too few to compare"."""
    programme = get_object_or_404(Programme, slug=slug)
    inspections = selectors.programme_inspections(user=request.user, programme=programme)
    if not inspections:
        raise Http404("No inspection you can see is in this programme")
    result = compute_programme_by_code(inspections=inspections)
    submitted = selectors.submitted_case_counts(inspections=inspections)
    columns = [
        ProgrammeColumn(scores, inspection.area, submitted.get(scores.inspection_id, 0))
        for scores, inspection in zip(result.inspections, inspections, strict=True)
    ]
    tables = [("Headline scores", result.headlines)]
    if result.criteria:
        tables.append(("General criteria", result.criteria))
    return render(
        request,
        "reports/scores/programme.html",
        {
            "programme": programme,
            "comparison": result,
            "columns": columns,
            "too_few": [c for c in columns if c.too_few],
            "min_cases": MIN_CASES_TO_COMPARE,
            "inspections": inspections,
            "mixed_sets": not result.criteria,
            "tables": tables,
        },
    )
