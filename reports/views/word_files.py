"""The report as a Word file, built in the background like the PDF (``reports.tasks``): asked for
here, its state and download on the report page (the PDF's status and download views serve it)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.permissions import get_inspection_for

from .. import selectors
from ..services import reports as services


@require_POST
def report_generate_word(request, slug):
    """Queue a Word file of the newest version (``version=N`` for another); any team member may."""
    access = get_inspection_for(request.user, slug)
    inspection = access.inspection
    wanted = request.POST.get("version", "")
    if wanted:
        versions = selectors.report_versions(inspection=inspection)
        version = versions.filter(number=int(wanted)).first() if wanted.isdigit() else None
        if version is None:
            raise Http404("No such version")
    elif access.is_lead:
        version = services.ensure_report(inspection=inspection, actor=request.user)
    else:
        version = selectors.report_versions(inspection=inspection).newest()
        if version is None:
            messages.error(request, "The report has not been started: the lead inspector starts it.")
            return redirect(reverse("reports:report_overview", args=[inspection.slug]) + "#word")
    generated = services.request_pdf(version=version, actor=request.user, file_format="docx")
    messages.success(
        request, f"Word file of version {version.number} requested: {generated.get_status_display().lower()}."
    )
    return redirect(reverse("reports:report_overview", args=[inspection.slug]) + "#word")
