"""Allocation (lead only): tick several cases and allocate them to a team member, or reassign."""

from django.contrib import messages
from django.shortcuts import redirect, render

from inspection.views import run_service

from ..forms.inspections import AllocationForm
from ..permissions import LEAD, get_inspection_for
from ..selectors import inspections as selectors
from ..services import sample as sample_services
from .sample import selected_unit

SHOW_CHOICES = {"all": "All cases", "unallocated": "Not allocated"}


def allocation(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    members = selectors.inspection_members(inspection=inspection)
    units = list(selectors.units_with_counts(inspection=inspection))
    unit = selected_unit(request, units)
    show = request.GET.get("show") if request.GET.get("show") in SHOW_CHOICES else "all"
    # The whole sample is the set of valid choices; the filters only change what is listed.
    all_cases = selectors.label_cases(cases=list(selectors.sample_cases(inspection=inspection)), members=members)
    form = AllocationForm(request.POST if request.method == "POST" else None, members=members, cases=all_cases)
    if request.method == "POST" and form.is_valid():
        member = form.members_by_user_id[form.cleaned_data["assessor"]]
        result = run_service(
            form,
            sample_services.allocate_cases,
            inspection=inspection,
            case_ids=form.cleaned_data["cases"],
            assessor=member.user,
            actor=request.user,
        )
        if result is not None:
            messages.success(request, _allocated_message(result, member.user))
            query = request.GET.urlencode()
            return redirect(request.path + (f"?{query}" if query else ""))
    selected = {str(v) for v in form.data.getlist("cases")} if form.is_bound else set()
    cases = [case for case in all_cases if _listed(case, unit=unit, show=show)]
    for case in cases:
        case.selected = str(case.pk) in selected
    return render(
        request,
        "cases/allocation.html",
        {
            "inspection": inspection,
            "form": form,
            "cases": cases,
            "units": units,
            "unit": unit,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "editable": inspection.judgements_editable,
        },
    )


def _listed(case, *, unit, show: str) -> bool:
    """Whether the page's filters (a unit, not allocated only) list the case."""
    return (unit is None or case.unit_id == unit.pk) and not (show == "unallocated" and case.assessor_id)


def _allocated_message(result: sample_services.AllocationResult, assessor) -> str:
    parts = [f"{result.allocated} allocated"] if result.allocated else []
    parts += [f"{result.reassigned} reassigned"] if result.reassigned else []
    parts += [f"{result.unchanged} already with them"] if result.unchanged else []
    return f"Cases for {selectors.person_name(assessor)}: {', '.join(parts)}."
