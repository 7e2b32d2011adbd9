"""The case sample (lead only): the cases table with its composition panel, the CSV upload,
adding and editing one case, and the lead's sample minimums."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from inspection.errors import FileRejectedError
from inspection.uploads import too_large
from inspection.views import run_service

from ..forms.inspections import CaseForm, SampleMinimumsForm, SampleUploadForm
from ..models import Case
from ..permissions import LEAD, get_inspection_for
from ..selectors import inspections as selectors
from ..services import inspections as inspection_services
from ..services import sample as sample_services


def selected_unit(request, units) -> object | None:
    """The unit chosen in the ``?unit=<id>`` filter, if it is one of this inspection's units."""
    wanted = request.GET.get("unit", "")
    return next((unit for unit in units if str(unit.pk) == wanted), None)


def sample(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    units = list(selectors.units_with_counts(inspection=inspection))
    unit = selected_unit(request, units)
    cases = selectors.label_cases(
        cases=list(selectors.sample_cases(inspection=inspection, unit_id=unit.pk if unit else None)),
        members=selectors.inspection_members(inspection=inspection),
    )
    return render(
        request,
        "cases/sample.html",
        {
            "inspection": inspection,
            "units": units,
            "unit": unit,
            "cases": cases,
            "composition": selectors.sample_composition(inspection=inspection, units=units),
            "editable": inspection.judgements_editable,
        },
    )


def sample_upload(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    form = SampleUploadForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()), too_large=too_large(request)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # within the size limit: read as a stream by the import
        try:
            result = sample_services.import_sample(
                inspection=inspection, data=upload, source=upload.name, actor=request.user
            )
        except FileRejectedError as exc:
            form.reject(exc.errors, total=exc.total)
        else:
            units = f" and {len(result.units_created)} new unit(s)" if result.units_created else ""
            messages.success(request, f"{result.cases} cases added to the sample{units}.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(
        request,
        "cases/sample_upload.html",
        {
            "inspection": inspection,
            "form": form,
            "columns": sample_services.COLUMNS,
        },
    )


def case_add(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    form = CaseForm(request.POST if request.method == "POST" else None, submit="Add case")
    if request.method == "POST" and form.is_valid():
        case = run_service(
            form, sample_services.add_case, inspection=inspection, values=form.cleaned_data, actor=request.user
        )
        if case is not None:
            messages.success(request, f"Case {case.case_ref} added to the sample.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(
        request,
        "cases/case_form.html",
        {
            "inspection": inspection,
            "form": form,
            "title": "Add a case",
            "units": inspection.units.all(),
        },
    )


def case_edit(request, slug, case_ref):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    case = get_object_or_404(Case.objects.select_related("unit"), inspection=inspection, case_ref=case_ref)
    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, initial=sample_services.case_values(case), submit="Save changes")
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form, sample_services.update_case, case=case, values=form.cleaned_data, actor=request.user
        )
        if updated is not None:
            messages.success(request, f"Case {updated.case_ref} saved.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(
        request,
        "cases/case_form.html",
        {
            "inspection": inspection,
            "form": form,
            "case": case,
            "title": f"Edit case {case.case_ref}",
            "units": inspection.units.all(),
        },
    )


def sample_minimums(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    data = request.POST if request.method == "POST" else None
    form = SampleMinimumsForm(data, initial=inspection.sample_minimums)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            inspection_services.set_sample_minimums,
            inspection=inspection,
            minimums=form.cleaned_data,
            actor=request.user,
        )
        if saved is not None:
            messages.success(request, "Sample minimums saved.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(request, "cases/sample_minimums.html", {"inspection": inspection, "form": form})
