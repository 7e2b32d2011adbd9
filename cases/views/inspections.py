"""Inspection list, creating an inspection (admins), its overview and status changes (lead)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspection.errors import ServiceError
from inspection.views import run_service

from ..forms.inspections import InspectionCreateForm
from ..models import Inspection
from ..permissions import ADMIN, LEAD, MEMBERS, get_inspection_for, is_admin
from ..selectors import inspections as selectors
from ..services import inspections as inspection_services


def inspection_list(request):
    inspections = selectors.inspections_for_user(user=request.user)
    return render(
        request,
        "cases/inspection_list.html",
        {
            "inspections": inspections,
            "can_create": is_admin(request.user),
        },
    )


def inspection_create(request):
    if not is_admin(request.user):
        raise PermissionDenied("Only admins create inspections")
    form = InspectionCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        inspection = run_service(form, inspection_services.create_inspection, actor=request.user, **form.cleaned_data)
        if inspection is not None:
            messages.success(request, f"Inspection {inspection.name} created. Now appoint its lead inspector.")
            return redirect("cases:team", slug=inspection.slug)
    return render(request, "cases/inspection_create.html", {"form": form})


def inspection_detail(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MEMBERS | {ADMIN})
    overview = selectors.inspection_overview(inspection=inspection)
    return render(
        request,
        "cases/inspection_detail.html",
        {
            "inspection": inspection,
            "lead": overview.lead,
            "team_size": overview.team_size,
            "case_count": overview.case_count,
            # Only the lead moves the inspection on.
            "transitions": inspection_services.allowed_transitions(inspection) if inspection.is_lead else [],
        },
    )


@require_POST
def inspection_status(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    status = request.POST.get("status", "")
    try:
        inspection_services.change_status(inspection=inspection, status=status, actor=request.user)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The inspection is now in {Inspection.Status(status).label.lower()}.")
    return redirect("cases:inspection_detail", slug=inspection.slug)
