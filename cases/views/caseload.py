"""The lead records each unit's caseload, for the report's contextual information."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from inspection.views import run_service

from ..forms.caseload import CaseloadForm
from ..permissions import LEAD, get_inspection_for
from ..selectors.composition import units_with_counts
from ..services.caseload import set_caseloads


def caseload(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    units = list(units_with_counts(inspection=inspection))
    form = CaseloadForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        changed = run_service(
            form, set_caseloads, inspection=inspection, caseloads=form.caseloads(), actor=request.user
        )
        if changed is not None:
            messages.success(
                request,
                ngettext("%(count)d caseload saved.", "%(count)d caseloads saved.", changed) % {"count": changed}
                if changed
                else "No caseload changed.",
            )
            return redirect("cases:sample", slug=inspection.slug)
    return render(request, "cases/caseload.html", {"inspection": inspection, "form": form, "units": units})
