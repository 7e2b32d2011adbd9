"""Programme pages (admins: whoever manages inspections): the list, creating one (with a
confirmation), a programme's page with its inspections, placing an inspection in it and taking one
out (after an "Are you sure?" page), changing its name and dates, and its history.

Anyone else gets a 403, as on the inspection creation page.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from inspection.errors import ServiceError
from inspection.views import run_service

from ..forms.programmes import PlaceInspectionForm, ProgrammeChangeForm, ProgrammeCreateForm
from ..models import Inspection, Programme
from ..permissions import is_admin
from ..selectors import programmes as selectors
from ..services import programmes as services


def admins_only(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied("Only admins manage programmes")
        return view(request, *args, **kwargs)

    return checked


def _programme(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


@admins_only
def programme_list(request):
    return render(request, "cases/programmes/list.html", {"programmes": selectors.programmes_with_counts()})


@admins_only
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        programme = run_service(form, services.create_programme, actor=request.user, **form.cleaned_data)
        if programme is not None:
            return redirect("cases:programme_created", slug=programme.slug)
    return render(request, "cases/programmes/create.html", {"form": form})


@admins_only
def programme_created(request, slug):
    return render(request, "cases/programmes/created.html", {"programme": _programme(slug)})


def _detail(request, programme, *, place_form=None, status=200):
    return render(
        request,
        "cases/programmes/detail.html",
        {
            "programme": programme,
            "inspections": selectors.programme_inspections(programme=programme),
            "place_form": place_form or PlaceInspectionForm(),
            "form": place_form,  # base.html prefixes the title with "Error: " when it has errors
        },
        status=status,
    )


@admins_only
def programme_detail(request, slug):
    return _detail(request, _programme(slug))


@admins_only
@require_POST
def programme_place(request, slug):
    programme = _programme(slug)
    form = PlaceInspectionForm(request.POST)
    if form.is_valid():
        inspection = run_service(
            form,
            services.place_inspection,
            programme=programme,
            inspection=form.cleaned_data["inspection"],
            actor=request.user,
        )
        if inspection is not None:
            messages.success(request, f"{inspection.name} has been placed in {programme.name}.")
            return redirect("cases:programme_detail", slug=programme.slug)
    return _detail(request, programme, place_form=form)


@admins_only
@require_http_methods(["GET", "POST"])
def programme_remove(request, slug, inspection_slug):
    """GET: "Are you sure?" with what taking the inspection out means; POST: take it out."""
    programme = _programme(slug)
    inspection = get_object_or_404(Inspection, slug=inspection_slug, programme=programme)
    if request.method == "POST":
        try:
            services.remove_inspection_from_programme(inspection=inspection, actor=request.user)
        except ServiceError as exc:  # taken out meanwhile, in another tab
            messages.info(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{inspection.name} has been taken out of {programme.name}.")
        return redirect("cases:programme_detail", slug=programme.slug)
    return render(request, "cases/programmes/remove.html", {"programme": programme, "inspection": inspection})


@admins_only
@require_http_methods(["GET", "POST"])
def programme_change(request, slug):
    programme = _programme(slug)
    if request.method == "POST":
        form = ProgrammeChangeForm(request.POST)
        if form.is_valid():
            changed = run_service(
                form, services.change_programme, programme=programme, actor=request.user, **form.cleaned_data
            )
            if changed is not None:
                messages.success(request, f"{changed.name} has been changed.")
                return redirect("cases:programme_detail", slug=programme.slug)
    else:
        form = ProgrammeChangeForm(initial={"name": programme.name, "start": programme.start, "end": programme.end})
    return render(request, "cases/programmes/change.html", {"programme": programme, "form": form})


@admins_only
def programme_history(request, slug):
    programme = _programme(slug)
    return render(
        request,
        "cases/programmes/history.html",
        {"programme": programme, "entries": selectors.programme_history(programme=programme)},
    )
