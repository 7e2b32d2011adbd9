"""The draft report pages: the lead inspector writes and generates; other team members read.

Who may do what (cases.permissions): any team member opens the pages and downloads PDFs; only the
lead writes, generates, finalises or starts a new draft (another member gets a 403); anyone
outside the team gets a 404, as if the inspection did not exist.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cases.permissions import LEAD, get_inspection_for
from inspection.errors import ServiceError
from inspection.views import audit_download, run_service

from .. import selectors, word
from ..forms.reports import (
    ExampleTitlesForm,
    ExcludeCaseForm,
    NotableExamplesForm,
    SummaryForm,
    lines,
    version_number,
)
from ..models import GeneratedPDF
from ..report_data import assemble, version_data
from ..services import jobs
from ..services import reports as services
from .writing import can_write, save_text, version_figure_checks


def report_overview(request, slug):
    access = get_inspection_for(request.user, slug)
    inspection = access.inspection
    overview = selectors.report_overview(inspection=inspection)
    jobs.recover_stale_pdfs(pdfs=overview.pdfs)  # a build that stopped shows as failed, not for ever pending
    return render(
        request,
        "reports/report/overview.html",
        {
            "inspection": inspection,
            "access": access,
            "report": overview.report,
            "version": overview.version,
            "versions": overview.versions,
            "example_count": overview.example_count,
            "examples_recorded": overview.examples_recorded,
            "criteria": overview.criteria,
            "pdfs": [p for p in overview.pdfs if p.file_format == "pdf"],
            "word_files": [p for p in overview.pdfs if p.file_format == "docx"],
            "can_write": can_write(access, overview.version),
            "has_pending": overview.has_pending,
        },
    )


def report_summary(request, slug):
    access = get_inspection_for(request.user, slug)
    inspection = access.inspection
    _, version = selectors.current_report(inspection=inspection)
    saved_now = None
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
        form = SummaryForm(request.POST)
        if form.is_valid():
            version = services.ensure_report(inspection=inspection, actor=request.user)
            saved, form, saved_now = save_text(
                form,
                services.save_summary,
                version=version,
                foreword=form.cleaned_data["foreword"],
                recommendations=lines(form.cleaned_data["recommendations"]),
                revision=form.cleaned_data["revision"],
                reinspection_reasons=form.cleaned_data["reinspection_reasons"],
                service_users=form.cleaned_data["service_users"],
                service_users_responses=form.cleaned_data["service_users_responses"],
                isbn=form.cleaned_data["isbn"],
                actor=request.user,
            )
            if saved is not None:
                messages.success(request, "Foreword and recommendations saved.")
                return redirect("reports:report_overview", slug=inspection.slug)
    else:
        form = SummaryForm(
            initial={
                "foreword": version.foreword if version else "",
                "recommendations": "\n".join(version.recommendations) if version else "",
                "reinspection_reasons": version.reinspection_reasons if version else "",
                "service_users": version.service_users if version else "",
                "service_users_responses": version.service_users_responses if version else None,
                "isbn": version.isbn if version else "",
                "revision": version.revision if version else 1,
            }
        )
    return render(
        request,
        "reports/report/summary.html",
        {
            "inspection": inspection,
            "access": access,
            "version": version,
            "form": form,
            "saved_now": saved_now,
            "can_write": can_write(access, version),
        },
    )


def report_example_titles(request, slug):
    """The lead titles the picked examples; an untitled one is titled with its criterion."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    _, version = selectors.current_report(inspection=inspection)
    if version is None or not version.is_draft:
        messages.error(request, "Only a draft report's examples can be titled: start a new draft first.")
        return redirect("reports:report_overview", slug=inspection.slug)
    picked = selectors.picked_examples(version=version)
    form = ExampleTitlesForm(request.POST or None, examples=picked)
    if request.method == "POST" and form.is_valid():
        changed = run_service(
            form, services.set_example_titles, version=version, titles=form.titles(), actor=request.user
        )
        if changed is not None:
            messages.success(
                request,
                ngettext("%(count)d title saved.", "%(count)d titles saved.", changed) % {"count": changed}
                if changed
                else "No title changed.",
            )
            return redirect("reports:report_overview", slug=inspection.slug)
    return render(
        request,
        "reports/report/example_titles.html",
        {"inspection": inspection, "version": version, "form": form, "picked": picked},
    )


def report_examples(request, slug):
    access = get_inspection_for(request.user, slug)
    inspection = access.inspection
    _, version = selectors.current_report(inspection=inspection)
    candidates = list(selectors.example_candidates(inspection=inspection))
    choices = [(str(j.pk), f"{j.assessment.case.case_ref} – {j.question.code}") for j in candidates]
    picked = selectors.picked_examples(version=version)
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
        form = NotableExamplesForm(request.POST, choices=choices)
        if form.is_valid():
            wanted = set(form.cleaned_data["judgements"])
            version = services.ensure_report(inspection=inspection, actor=request.user)
            kept = run_service(
                form,
                services.set_notable_examples,
                version=version,
                judgements=[j for j in candidates if str(j.pk) in wanted],
                actor=request.user,
            )
            if kept is not None:
                count = len(wanted)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d example picked for “Making a difference”: give it a title.",
                        "%(count)d examples picked for “Making a difference”: give them titles.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(
                    "reports:report_example_titles" if count else "reports:report_overview", slug=inspection.slug
                )
    else:
        form = NotableExamplesForm(choices=choices, initial={"judgements": [str(e.judgement_id) for e in picked]})
    selected = set(form["judgements"].value() or [])
    return render(
        request,
        "reports/report/examples.html",
        {
            "inspection": inspection,
            "version": version,
            "form": form,
            "candidates": [(j, str(j.pk) in selected) for j in candidates],
            "picked": picked,
            "can_write": can_write(access, version),
        },
    )


@require_POST
def report_generate(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    version = services.ensure_report(inspection=inspection, actor=request.user)
    generated = services.request_pdf(version=version, actor=request.user)
    messages.success(request, f"PDF of version {version.number} requested: {generated.get_status_display().lower()}.")
    return redirect(reverse("reports:report_overview", args=[inspection.slug]) + "#pdfs")


def report_finalise(request, slug):
    """Finalise the draft once no judgement can still change; the page says what is missing, and
    records the cases excluded from the counts (with their reasons)."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    _, version = selectors.current_report(inspection=inspection)
    if version is None or not version.is_draft:
        messages.error(request, "There is no draft to finalise.")
        return redirect("reports:report_overview", slug=inspection.slug)
    form, refusals = ExcludeCaseForm(), []
    if request.method == "POST":
        action = request.POST.get("action", "finalise")
        if action == "exclude":
            form = ExcludeCaseForm(request.POST)
            if form.is_valid() and run_service(
                form, services.exclude_case, inspection=inspection, actor=request.user, **form.cleaned_data
            ):
                messages.success(request, f"Case {form.cleaned_data['case_ref']} is excluded from the report.")
                return redirect("reports:report_finalise", slug=inspection.slug)
        elif action == "include":
            case_ref = request.POST.get("case_ref", "")
            try:
                services.include_case(inspection=inspection, case_ref=case_ref, actor=request.user)
            except ServiceError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Case {case_ref} is no longer excluded.")
            return redirect("reports:report_finalise", slug=inspection.slug)
        else:
            try:
                services.finalise_version(version=version, actor=request.user)
            except ServiceError as error:
                refusals = error.messages
            else:
                messages.success(request, f"Version {version.number} is final and locked; its PDF is being built.")
                return redirect("reports:report_overview", slug=inspection.slug)
    readiness = selectors.finalise_readiness(inspection=inspection)
    return render(
        request,
        "reports/report/finalise.html",
        {
            "inspection": inspection,
            "version": version,
            "readiness": readiness,
            "figure_checks": version_figure_checks(inspection, version),
            "refusals": [("finalise", message) for message in refusals],
            "form": form,
        },
    )


@require_POST
def report_new_draft(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    report, _ = selectors.current_report(inspection=inspection)
    if report is None:
        messages.error(request, "The report has not been started")
        return redirect("reports:report_overview", slug=inspection.slug)
    try:
        draft = services.start_new_draft(report=report, actor=request.user)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {draft.number} started as a draft from version {draft.number - 1}.")
    return redirect("reports:report_overview", slug=inspection.slug)


def _pdf_for(request, slug, pk) -> GeneratedPDF:
    inspection = get_inspection_for(request.user, slug).inspection
    generated = selectors.inspection_pdf(inspection=inspection, pk=pk)
    if generated is None:
        raise Http404("No such PDF")
    return generated


@audit_download("Report PDF")
def report_pdf_download(request, slug, pk):
    generated = _pdf_for(request, slug, pk)
    if generated.status != GeneratedPDF.Status.DONE or not generated.file:
        raise Http404("This PDF is not ready")
    content_type = word.CONTENT_TYPE if generated.file_format == "docx" else "application/pdf"
    response = FileResponse(
        generated.file.open("rb"), as_attachment=True, filename=generated.download_name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def report_pdf_status(request, slug, pk):
    generated = _pdf_for(request, slug, pk)
    jobs.recover_stale_pdfs(pdfs=[generated])  # a build that stopped is failed: the page stops waiting
    done = generated.status == GeneratedPDF.Status.DONE
    return JsonResponse(
        {
            "id": generated.pk,
            "status": generated.status,
            "label": generated.get_status_display(),
            "pending": generated.is_pending,
            "reason": generated.failure_reason,
            "pages": generated.page_count,
            "download_url": reverse("reports:report_pdf_download", args=[slug, generated.pk]) if done else None,
        }
    )


@audit_download("Report Word file")
def report_docx(request, slug):
    """The report as an editable Word file, built now: the newest version (``?version=N`` for another).
    A final version's figures are the frozen ones, as in its PDF."""
    inspection = get_inspection_for(request.user, slug).inspection
    wanted = request.GET.get("version", "")
    if wanted:
        number = version_number(wanted)
        version = selectors.report_version(inspection=inspection, number=number) if number else None
        if version is None:
            raise Http404("No such version")
    else:
        version = selectors.report_version(inspection=inspection)
    data = version_data(version) if version else assemble(inspection=inspection, version=None)
    kind = "draft" if data.is_draft else "final"
    response = HttpResponse(word.render(data), content_type=word.CONTENT_TYPE)
    name = f"{inspection.slug}-report-v{data.version_number}-{kind}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
