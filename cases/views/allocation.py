"""Allocation (lead only): tick several cases (or select all) and allocate them to a team member,
or reassign; each person is shown with their current workload."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from inspection.views import run_service

from ..forms.inspections import AllocationForm
from ..permissions import LEAD, get_inspection_for
from ..selectors import composition, progress
from ..selectors import inspections as selectors
from ..services import sample as sample_services
from . import tables
from .sample import selected_unit

SHOW_CHOICES = {"all": "All cases", "unallocated": "Not allocated"}


def allocation(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    members = selectors.inspection_members(inspection=inspection)
    units = list(composition.units_with_counts(inspection=inspection))
    unit = selected_unit(request, units)
    show = request.GET.get("show") if request.GET.get("show") in SHOW_CHOICES else "all"
    # The whole sample is the set of valid choices; the filters only change what is listed.
    all_rows = progress.label_cases(cases=list(selectors.sample_cases(inspection=inspection)), members=members)
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        members=members,
        cases=[row.case for row in all_rows],
        workloads=selectors.member_workloads(inspection=inspection),
    )
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
    selected = {int(v) for v in form.data.getlist("cases") if v.isdigit()} if form.is_bound else set()
    rows = [row for row in all_rows if _listed(row.case, unit=unit, show=show)]
    return render(
        request,
        "cases/allocation.html",
        {
            "inspection": inspection,
            "form": form,
            "rows": rows,
            "selected": selected,
            "case_rows": tables.allocation_rows(rows, selected=selected),
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
    """For example "2 cases allocated and 1 case reassigned to Ian Inspector. 1 case was already with them." """
    name = selectors.person_name(assessor)
    moved = []
    if result.allocated:
        moved.append(
            ngettext("%(n)d case allocated", "%(n)d cases allocated", result.allocated) % {"n": result.allocated}
        )
    if result.reassigned:
        moved.append(
            ngettext("%(n)d case reassigned", "%(n)d cases reassigned", result.reassigned) % {"n": result.reassigned}
        )
    unchanged = (
        ngettext("%(n)d case was already with %(who)s", "%(n)d cases were already with %(who)s", result.unchanged)
        % {"n": result.unchanged, "who": "them" if moved else name}
        if result.unchanged
        else ""
    )
    sentences = [f"{' and '.join(moved)} to {name}."] if moved else []
    sentences += [f"{unchanged}."] if unchanged else []
    return " ".join(sentences)
