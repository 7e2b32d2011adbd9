"""The inspection team: the lead adds and removes members; admins appoint the lead."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspection.errors import ServiceError
from inspection.views import run_service

from ..forms.inspections import AddMemberForm, AppointLeadForm
from ..models import Membership
from ..permissions import ADMIN, LEAD, MEMBERS, get_inspection_for
from ..selectors import inspections as selectors
from ..services import inspections as inspection_services


def _render(request, inspection, *, add_form=None, lead_form=None, status=200):
    return render(
        request,
        "cases/team.html",
        {
            "inspection": inspection,
            "members": selectors.inspection_members(inspection=inspection),
            "add_form": add_form or (AddMemberForm() if inspection.is_lead else None),
            "lead_form": lead_form or (AppointLeadForm() if inspection.is_admin else None),
            # base.html prefixes the title with "Error: " when ``form`` has errors
            "form": add_form if add_form is not None and add_form.errors else lead_form,
        },
        status=status,
    )


def team(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MEMBERS | {ADMIN})
    return _render(request, inspection)


@require_POST
def team_add(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    form = AddMemberForm(request.POST)
    if form.is_valid():
        membership = run_service(
            form,
            inspection_services.add_member_by_username,
            inspection=inspection,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
        if membership is not None:
            messages.success(request, f"{membership.user.username} is now {membership.get_role_display().lower()}.")
            return redirect("cases:team", slug=inspection.slug)
    return _render(request, inspection, add_form=form)


@require_POST
def team_remove(request, slug, membership_id):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, inspection=inspection)
    try:
        inspection_services.remove_member(membership=membership, actor=request.user)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{membership.user.username} has been removed from the team.")
    return redirect("cases:team", slug=inspection.slug)


@require_POST
def appoint_lead(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={ADMIN})
    form = AppointLeadForm(request.POST)
    if form.is_valid():
        membership = run_service(
            form,
            inspection_services.appoint_lead_by_username,
            inspection=inspection,
            username=form.cleaned_data["username"],
            actor=request.user,
        )
        if membership is not None:
            messages.success(request, f"{membership.user.username} is now the lead inspector.")
            return redirect("cases:team", slug=inspection.slug)
    return _render(request, inspection, lead_form=form)
