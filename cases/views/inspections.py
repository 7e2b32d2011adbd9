"""Inspection list, creating an inspection (admins), its overview and status changes (lead)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from inspection.errors import ServiceError
from inspection.views import run_service

from .. import lifecycle
from ..forms.inspections import InspectionCreateForm
from ..models import Inspection
from ..permissions import ADMIN, MEMBERS, get_inspection_for, is_admin
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
    access = get_inspection_for(request.user, slug, roles=MEMBERS | {ADMIN})
    inspection = access.inspection
    overview = selectors.inspection_overview(inspection=inspection)
    return render(
        request,
        "cases/inspection_detail.html",
        {
            "inspection": inspection,
            "access": access,
            "lead": overview.lead,
            "team_size": overview.team_size,
            "case_count": overview.case_count,
            # Only the lead moves the inspection on.
            "transitions": [t for t in lifecycle.allowed_transitions(inspection) if access.role in t.roles],
        },
    )


def inspection_status(request, slug, status):
    """The "Are you sure?" page for moving the inspection to ``status`` (GET), and the move (POST).

    The page shows what will happen and what is left undone (``selectors.status_change``); a move
    the inspection cannot make from where it is now (a stale tab) goes back to its page, saying why.
    """
    access = get_inspection_for(request.user, slug, roles=lifecycle.MAY_CHANGE_STATUS)
    inspection = access.inspection
    if status not in Inspection.Status.values:
        raise Http404("No such status")
    transition = lifecycle.transition(inspection.status, status)
    if transition is not None and access.role not in transition.roles:
        raise PermissionDenied("Your role in this inspection does not allow this move")
    if transition is None:
        action = lifecycle.action_label(status)
        action = f"{action[:1].lower()}{action[1:]}"
        messages.error(request, f"The inspection is {inspection.stage}, so you cannot {action} now.")
        return redirect("cases:inspection_detail", slug=inspection.slug)
    errors: list[str] = []
    if request.method == "POST":
        try:
            inspection_services.change_status(inspection=inspection, status=status, actor=request.user)
        except ServiceError as exc:
            errors = exc.messages
        else:
            messages.success(request, transition.done)
            return redirect("cases:inspection_detail", slug=inspection.slug)
    change = selectors.status_change(inspection=inspection, status=status)
    return render(
        request,
        "cases/confirm_status.html",
        {
            "inspection": inspection,
            "transition": transition,
            "change": change,
            # Each problem links to the page that fixes it.
            "errors": [(reverse(f"cases:{page}", args=[inspection.slug]), message) for page, message in change.problems]
            or [(reverse("cases:inspection_detail", args=[inspection.slug]), message) for message in errors],
        },
    )
