"""The lead's inspection dashboard: progress per inspector and per unit, assessments returned
because their case changed, cases whose sample data leaves applicability undecided, and every case."""

from django.shortcuts import render

from inspection.links import reverser

from ..permissions import LEAD, get_inspection_for
from ..selectors import inspections as selectors
from ..selectors import progress as progress_selectors
from ..selectors.moderation import characteristic_returns
from ..selectors.sample_data import incomplete_sample_data
from . import tables


def dashboard(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    members = selectors.inspection_members(inspection=inspection)
    progress = progress_selectors.inspection_progress(inspection=inspection, members=members)
    return render(
        request,
        "cases/dashboard.html",
        {
            "inspection": inspection,
            "progress": progress,
            "case_rows": tables.progress_rows(progress.cases, case_url=reverser("cases:case_detail", inspection.slug)),
            "tables": [
                ("Progress by assessor", progress.by_assessor, "Assessor"),
                ("Progress by unit", [*progress.by_unit, progress.overall], "Unit"),
            ],
            "statuses": [(s, progress_selectors.PROGRESS_LABELS[s]) for s in progress_selectors.PROGRESS_STATUSES],
            "characteristic_returns": list(characteristic_returns(inspection=inspection)),
            "incomplete": incomplete_sample_data(inspection=inspection),
        },
    )
