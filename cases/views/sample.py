"""The case sample (lead only): the cases table with its composition panel, the CSV upload
(adding cases, or replacing the sample before fieldwork), adding, editing and removing one case,
and the lead's sample minimums."""

import base64

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from inspection.errors import FileRejectedError, ServiceError
from inspection.uploads import too_large
from inspection.views import run_service

from ..forms.inspections import CaseForm, CaseRemoveForm, SampleMinimumsForm, SampleUploadForm
from ..permissions import LEAD, get_inspection_for
from ..selectors import composition, progress
from ..selectors import inspections as selectors
from ..selectors.sample_data import incomplete_sample_data
from ..services import inspections as inspection_services
from ..services import sample as sample_services
from ..services import sample_corrections
from . import tables


def selected_unit(request, units) -> object | None:
    """The unit chosen in the ``?unit=<id>`` filter, if it is one of this inspection's units."""
    wanted = request.GET.get("unit", "")
    return next((unit for unit in units if str(unit.pk) == wanted), None)


def sample(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    units = list(composition.units_with_counts(inspection=inspection))
    unit = selected_unit(request, units)
    rows = progress.label_cases(
        cases=list(selectors.sample_cases(inspection=inspection, unit_id=unit.pk if unit else None)),
        members=selectors.inspection_members(inspection=inspection),
        links_for=inspection.slug if inspection.judgements_editable else "",
    )
    incomplete = incomplete_sample_data(inspection=inspection)
    return render(
        request,
        "cases/sample.html",
        {
            "inspection": inspection,
            "units": units,
            "unit": unit,
            "rows": rows,
            "case_rows": tables.sample_rows(
                rows, editable=inspection.judgements_editable, incomplete_ids={item.case.pk for item in incomplete}
            ),
            "composition": composition.sample_composition(inspection=inspection, units=units),
            "editable": inspection.judgements_editable,
            "incomplete": incomplete,
            "incomplete_ids": {item.case.pk for item in incomplete},
            "removed": selectors.removed_cases(inspection=inspection),
        },
    )


def _staged_key(inspection) -> str:
    return f"sample-replacement-{inspection.pk}"


def sample_upload(request, slug):
    """Upload a sample CSV: its cases are added, or (before fieldwork and any answer) the file is
    checked and kept in the session while the lead confirms replacing the sample with it."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    refusal = selectors.sample_replace_refusal(inspection=inspection)
    form = SampleUploadForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()),
        too_large=too_large(request),
        can_replace=not refusal,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # within the size limit: read as a stream by the import
        try:
            if form.cleaned_data.get("mode") == SampleUploadForm.REPLACE:
                data = upload.read()
                sample_corrections.plan_sample_replacement(inspection=inspection, data=data, source=upload.name)
                request.session[_staged_key(inspection)] = {
                    "source": upload.name,
                    "data": base64.b64encode(data).decode(),
                }
                return redirect("cases:sample_replace", slug=inspection.slug)
            result = sample_services.import_sample(
                inspection=inspection, data=upload, source=upload.name, actor=request.user
            )
        except FileRejectedError as exc:
            form.reject(exc.errors, total=exc.total)
        else:
            message = ngettext(
                "%(count)d case added to the sample", "%(count)d cases added to the sample", result.cases
            )
            message %= {"count": result.cases}
            if result.units_created:
                units = len(result.units_created)
                message += ngettext(" and %(count)d new unit", " and %(count)d new units", units) % {"count": units}
            messages.success(request, f"{message}.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(
        request,
        "cases/sample_upload.html",
        {
            "inspection": inspection,
            "form": form,
            "columns": sample_services.COLUMNS,
            "replace_refusal": refusal,
        },
    )


def _staged_file_rejected(request, inspection, exc: FileRejectedError):
    """Drop the staged file and go back to the upload page, saying why it cannot replace the sample."""
    del request.session[_staged_key(inspection)]
    for message in exc.errors:
        messages.error(request, message)
    return redirect("cases:sample_upload", slug=inspection.slug)


def sample_replace(request, slug):
    """The "Are you sure?" page for replacing the sample with the file just uploaded (kept in the
    session): what will be removed, added, kept and changed (GET); the replacement (POST)."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    staged = request.session.get(_staged_key(inspection))
    if not staged:
        messages.error(request, "Upload the corrected sample file first.")
        return redirect("cases:sample_upload", slug=inspection.slug)
    data, source = base64.b64decode(staged["data"]), staged["source"]
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = sample_corrections.replace_sample(
                inspection=inspection,
                data=data,
                source=source,
                fingerprint=request.POST.get("fingerprint", ""),
                actor=request.user,
            )
        except ServiceError as exc:  # the sample changed meanwhile: show the new plan
            errors = exc.messages
        except FileRejectedError as exc:  # no longer replaceable (fieldwork started meanwhile)
            return _staged_file_rejected(request, inspection, exc)
        else:
            del request.session[_staged_key(inspection)]
            messages.success(request, replaced_message(done))
            return redirect("cases:sample", slug=inspection.slug)
    try:
        plan = sample_corrections.plan_sample_replacement(inspection=inspection, data=data, source=source)
    except FileRejectedError as exc:
        return _staged_file_rejected(request, inspection, exc)
    return render(
        request,
        "cases/sample_replace.html",
        {"inspection": inspection, "plan": plan, "errors": [("confirm", message) for message in errors]},
    )


def replaced_message(done) -> str:
    changed = f" ({len(done.changed)} of them changed)" if done.changed else ""
    cases = selectors.cases_text
    return (
        f"The sample was replaced from {done.source}: {cases(len(done.removed))} removed, "
        f"{cases(len(done.added))} added and {cases(len(done.kept))} kept{changed}."
    )


def case_remove(request, slug, case_ref):
    """The "Are you sure?" page for taking a case out of the sample, with what goes with it and a
    reason (GET), and the removal (POST). Until reporting starts."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    case = _case(inspection, case_ref)
    form = CaseRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        removed = run_service(
            form, sample_corrections.remove_case, case=case, reason=form.cleaned_data["reason"], actor=request.user
        )
        if removed is not None:
            messages.success(request, f"Case {case.case_ref} was removed from the sample.")
            return redirect("cases:sample", slug=inspection.slug)
    return render(
        request,
        "cases/case_remove.html",
        {
            "inspection": inspection,
            "removal": selectors.case_removal(case=case),
            "form": form,
            "editable": inspection.judgements_editable,
        },
    )


def case_add(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
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
            "units": selectors.units_of(inspection=inspection),
        },
    )


def case_edit(request, slug, case_ref):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    case = _case(inspection, case_ref)
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
            "units": selectors.units_of(inspection=inspection),
        },
    )


def _case(inspection, case_ref: str):
    case = selectors.sample_case(inspection=inspection, case_ref=case_ref)
    if case is None:
        raise Http404("No such case in this inspection")
    return case


def sample_minimums(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
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
