"""The inspection team: the lead adds people, changes their roles and removes them (after an "Are
you sure?" page); admins appoint the lead. People are chosen from a list, never typed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from inspection.errors import ServiceError
from inspection.views import run_service

from ..forms.inspections import AddMemberForm, AppointLeadForm, ChangeRoleForm
from ..models import Membership
from ..permissions import ADMIN, LEAD, MEMBERS, InspectionAccess, get_inspection_for
from ..selectors import inspections as selectors
from ..selectors.inspections import person_name
from ..services import inspections as inspection_services


def _render(request, access: InspectionAccess, *, add_form=None, lead_form=None, status=200):
    inspection = access.inspection
    if add_form is None and access.is_lead:
        add_form = AddMemberForm(candidates=selectors.team_candidates(inspection=inspection))
    if lead_form is None and access.is_admin:
        lead_form = AppointLeadForm(people=selectors.team_candidates())
    return render(
        request,
        "cases/team.html",
        {
            "inspection": inspection,
            "access": access,
            "members": selectors.inspection_members(inspection=inspection),
            "add_form": add_form,
            "lead_form": lead_form,
            # base.html prefixes the title with "Error: " when ``form`` has errors
            "form": add_form if add_form is not None and add_form.errors else lead_form,
        },
        status=status,
    )


def team(request, slug):
    return _render(request, get_inspection_for(request.user, slug, roles=MEMBERS | {ADMIN}))


@require_POST
def team_add(request, slug):
    access = get_inspection_for(request.user, slug, roles={LEAD})
    inspection = access.inspection
    form = AddMemberForm(request.POST, candidates=selectors.team_candidates(inspection=inspection))
    if form.is_valid():
        membership = run_service(
            form,
            inspection_services.add_member,
            inspection=inspection,
            user=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
        if membership is not None:
            messages.success(
                request,
                f"{person_name(membership.user)} has been added to the team as "
                f"{membership.get_role_display().lower()}.",
            )
            return redirect("cases:team", slug=inspection.slug)
    return _render(request, access, add_form=form)


def _membership(inspection, membership_id) -> Membership:
    membership = selectors.team_membership(inspection=inspection, membership_id=membership_id)
    if membership is None:
        raise Http404("No such member of this team")
    return membership


@require_http_methods(["GET", "POST"])
def team_change_role(request, slug, membership_id):
    """The lead changes a member's role (never the lead's own: appointing another lead does that)."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    membership = _membership(inspection, membership_id)
    name = person_name(membership.user)
    if request.method == "POST":
        form = ChangeRoleForm(request.POST, person=name)
        if form.is_valid():
            changed = run_service(
                form,
                inspection_services.change_role,
                membership=membership,
                role=form.cleaned_data["role"],
                actor=request.user,
            )
            if changed is not None:
                messages.success(request, f"{name}'s role is now {changed.get_role_display().lower()}.")
                return redirect("cases:team", slug=inspection.slug)
    else:
        form = ChangeRoleForm(initial={"role": membership.role}, person=name)
    return render(
        request,
        "cases/team_change_role.html",
        {"inspection": inspection, "membership": membership, "name": name, "form": form},
    )


@require_http_methods(["GET", "POST"])
def team_remove(request, slug, membership_id):
    """GET: the "Are you sure?" page with what removing them means (or why they cannot be removed
    yet); POST: remove them."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    membership = _membership(inspection, membership_id)
    name = person_name(membership.user)
    if request.method == "POST":
        try:
            inspection_services.remove_member(membership=membership, actor=request.user)
        except ServiceError:
            pass  # the page below says why (it was allocated a case, or made lead, since the page was opened)
        else:
            messages.success(request, f"{name} has been removed from the team.")
            return redirect("cases:team", slug=inspection.slug)
    workload = selectors.member_workloads(inspection=inspection).get(membership.user_id, selectors.Workload())
    return render(
        request,
        "cases/team_remove.html",
        {
            "inspection": inspection,
            "membership": membership,
            "name": name,
            "workload": workload,
            "refusal": inspection_services.removal_refusal(membership=membership, allocated=workload.allocated),
        },
    )


@require_POST
def appoint_lead(request, slug):
    access = get_inspection_for(request.user, slug, roles={ADMIN})
    inspection = access.inspection
    form = AppointLeadForm(request.POST, people=selectors.team_candidates())
    if form.is_valid():
        membership = run_service(
            form,
            inspection_services.appoint_lead,
            inspection=inspection,
            user=form.cleaned_data["person"],
            actor=request.user,
        )
        if membership is not None:
            messages.success(request, f"{person_name(membership.user)} is now the lead inspector.")
            return redirect("cases:team", slug=inspection.slug)
    return _render(request, access, lead_form=form)
