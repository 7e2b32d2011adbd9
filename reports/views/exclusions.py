"""Excluding several unfinished cases from the report at once: chosen on the finalise page (select
all, filter by progress), confirmed here with one reason (an are-you-sure page)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cases.permissions import LEAD, get_inspection_for
from inspection.views import run_service

from .. import selectors
from ..forms.exclusions import ExcludeCasesForm
from ..services import exclusions as services


@require_POST
def report_exclude_cases(request, slug):
    """``action=check`` (from the finalise page): the chosen cases and the reason to give;
    ``action=confirm``: excludes them all, or none."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    _, version = selectors.current_report(inspection=inspection)
    if version is None or not version.is_draft:
        messages.error(request, "There is no draft to finalise.")
        return redirect("reports:report_overview", slug=inspection.slug)
    missing = {case.case_ref: case for case in selectors.finalise_readiness(inspection=inspection).missing}
    chosen = [ref for ref in request.POST.getlist("cases") if ref in missing]
    if not chosen:
        messages.error(request, "Select the cases to exclude.")
        return redirect("reports:report_finalise", slug=inspection.slug)
    confirming = request.POST.get("action") == "confirm"
    form = ExcludeCasesForm(request.POST if confirming else None, initial={"cases": chosen}, case_refs=chosen)
    if confirming and form.is_valid():
        done = run_service(
            form,
            services.exclude_cases,
            inspection=inspection,
            case_refs=form.cleaned_data["cases"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        if done is not None:
            count = len(done)
            messages.success(
                request,
                ngettext("%(n)d case is excluded from the report.", "%(n)d cases are excluded from the report.", count)
                % {"n": count},
            )
            return redirect("reports:report_finalise", slug=inspection.slug)
    return render(
        request,
        "reports/report/exclude_cases.html",
        {"inspection": inspection, "version": version, "form": form, "cases": [missing[ref] for ref in chosen]},
    )
