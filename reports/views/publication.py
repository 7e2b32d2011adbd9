"""The site-wide publication settings page: admins only (others get a 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from cases.permissions import is_admin
from inspection.views import run_service

from ..forms.publication import PublicationSettingsForm
from ..services import publication


def publication_settings(request):
    if not is_admin(request.user):
        raise PermissionDenied("Only an admin may change the publication settings")
    saved = publication.current()
    initial = {name: getattr(saved, name) for name in publication.FIELDS}
    form = PublicationSettingsForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, publication.save_publication_settings, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Publication settings saved: every report built from now on prints them.")
        return redirect("reports:publication_settings")
    return render(request, "reports/publication_settings.html", {"form": form, "saved": saved})
