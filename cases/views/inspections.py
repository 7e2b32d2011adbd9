"""Inspection list, creating an inspection (admins), its overview and status changes (lead)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..forms.inspections import InspectionCreateForm
from ..models import Inspection, Membership
from ..permissions import ADMIN, LEAD, MEMBERS, get_inspection_for, is_admin
from ..selectors import inspections as selectors
from ..services import inspections as inspection_services
from ._helpers import run_service


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
        inspection = run_service(form, inspection_services.create_inspection, by=request.user, **form.cleaned_data)
        if inspection is not None:
            messages.success(request, f"Inspection {inspection.name} created. Now appoint its lead inspector.")
            return redirect("cases:team", slug=inspection.slug)
    return render(request, "cases/inspection_create.html", {"form": form})


def inspection_detail(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MEMBERS | {ADMIN})
    lead = Membership.objects.filter(inspection=inspection, role=Membership.Role.LEAD).select_related("user").first()
    transitions = []
    if inspection.is_lead:
        for status in inspection_services.allowed_transitions(inspection):
            reopen = status == Inspection.Status.MODERATION and inspection.status == Inspection.Status.REPORTING
            label = inspection_services.REOPEN_LABEL if reopen else inspection_services.TRANSITION_LABELS[status]
            transitions.append({"status": status, "label": label, "reopen": reopen})
    return render(
        request,
        "cases/inspection_detail.html",
        {
            "inspection": inspection,
            "lead": lead,
            "team_size": inspection.memberships.count(),
            "case_count": inspection.cases.count(),
            "transitions": transitions,
        },
    )


@require_POST
def inspection_status(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    status = request.POST.get("status", "")
    try:
        inspection_services.change_status(inspection=inspection, status=status, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The inspection is now in {Inspection.Status(status).label.lower()}.")
    return redirect("cases:inspection_detail", slug=inspection.slug)
