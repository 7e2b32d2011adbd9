"""Retention (admins only): erasing a published inspection's case-level data after the retention
period, with a confirmation page ("Are you sure?"). The rules are in ``reports.services.retention``."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from cases.permissions import ADMIN, get_inspection_for
from inspection.errors import LockedError

from ..services import retention


def retention_erase(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={ADMIN}).inspection
    if request.method == "POST":
        try:
            result = retention.erase_case_data(inspection=inspection, actor=request.user, request=request)
        except LockedError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"The case data of {inspection.name} was erased: "
                + ngettext("%(n)d case", "%(n)d cases", result.cases) % {"n": result.cases}
                + ", "
                + ngettext("%(n)d judgement", "%(n)d judgements", result.judgements) % {"n": result.judgements}
                + ". Its scores and final report are kept.",
            )
            return redirect("cases:inspection_detail", slug=inspection.slug)
    state = retention.retention_state(inspection=inspection)
    return render(
        request,
        "reports/retention/erase.html",
        {
            "inspection": inspection,
            "state": state,
            "retention_days": settings.RETENTION_DAYS,
        },
    )
