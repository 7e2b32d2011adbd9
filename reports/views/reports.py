"""The draft report pages: the lead inspector writes and generates; other team members read.

Who may do what (cases.permissions): any team member opens the pages and downloads PDFs; only the
lead writes, generates, finalises or starts a new draft (another member gets a 403); anyone
outside the team gets a 404, as if the inspection did not exist.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.models import Judgement
from cases.permissions import LEAD, get_inspection_for
from criteria.models import GeneralCriterion

from .. import services
from ..forms.reports import NarrativeForm, NotableExamplesForm, SummaryForm, lines
from ..models import CriterionNarrative, GeneratedPDF, Report, ReportVersion


def writing_figures(*, inspection):
    # Imported here: reports.pdf loads WeasyPrint (about a second), which only these pages need.
    from ..pdf import writing_figures

    return writing_figures(inspection=inspection)


def _current(inspection) -> tuple[Report | None, ReportVersion | None]:
    """The inspection's report and its newest version (None, None before the lead starts writing)."""
    report = Report.objects.filter(inspection=inspection).first()
    version = report.versions.order_by("-number").first() if report else None
    return report, version


def _criteria(inspection):
    return list(
        GeneralCriterion.objects.filter(criteria_set_id=inspection.criteria_set_id)
        .select_related("section")
        .annotate(question_count=Count("questions"))
        .order_by("section__order", "order")
    )


def _can_write(inspection, version) -> bool:
    return inspection.is_lead and (version is None or version.is_draft)


def report_overview(request, slug):
    inspection = get_inspection_for(request.user, slug)
    report, version = _current(inspection)
    narratives = {}
    if version is not None:
        narratives = {n.criterion_id: n for n in CriterionNarrative.objects.filter(version=version)}
    criteria = _criteria(inspection)
    for criterion in criteria:
        criterion.narrative = narratives.get(criterion.pk)
    pdfs = (
        list(GeneratedPDF.objects.filter(version__report=report).select_related("version", "requested_by"))
        if report
        else []
    )
    return render(
        request,
        "reports/report/overview.html",
        {
            "inspection": inspection,
            "report": report,
            "version": version,
            "versions": list(report.versions.select_related("created_by", "finalised_by")) if report else [],
            "example_count": version.notable_examples.count() if version else 0,
            "examples_recorded": _example_candidate_queryset(inspection).count(),
            "criteria": criteria,
            "pdfs": pdfs,
            "can_write": _can_write(inspection, version),
            "has_pending": any(p.is_pending for p in pdfs),
        },
    )


def report_summary(request, slug):
    inspection = get_inspection_for(request.user, slug)
    _, version = _current(inspection)
    revision = version.revision if version else 1
    saved_now = None
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD})
        form = SummaryForm(request.POST)
        if form.is_valid():
            try:
                version = services.ensure_report(inspection=inspection, user=request.user)
                services.save_summary(
                    version=version,
                    foreword=form.cleaned_data["foreword"],
                    recommendations=lines(form.cleaned_data["recommendations"]),
                    revision=form.cleaned_data["revision"],
                    user=request.user,
                )
            except services.StaleEditError as error:
                version.refresh_from_db()
                saved_now = version
                form = _with_revision(SummaryForm, request.POST, version.revision)
                form.add_error(
                    None,
                    f"{error}. Your text is still in the boxes and what is saved now is shown "
                    "below: combine them, then save again.",
                )
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Foreword and recommendations saved.")
                return redirect("reports:report_overview", slug=inspection.slug)
    else:
        form = SummaryForm(
            initial={
                "foreword": version.foreword if version else "",
                "recommendations": "\n".join(version.recommendations) if version else "",
                "revision": revision,
            }
        )
    return render(
        request,
        "reports/report/summary.html",
        {
            "inspection": inspection,
            "version": version,
            "form": form,
            "saved_now": saved_now,
            "can_write": _can_write(inspection, version),
        },
    )


def _with_revision(form_class, data, revision: int, **kwargs):
    """The submitted form again, re-bound with the revision now saved (so the next save can succeed)."""
    data = data.copy()
    data["revision"] = str(revision)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def report_criterion(request, slug, code):
    inspection = get_inspection_for(request.user, slug)
    criterion = get_object_or_404(
        GeneralCriterion.objects.select_related("section"), criteria_set_id=inspection.criteria_set_id, code=code
    )
    _, version = _current(inspection)
    narrative = CriterionNarrative.objects.filter(version=version, criterion=criterion).first() if version else None
    figures = writing_figures(inspection=inspection)
    saved_now = None
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD})
        form = NarrativeForm(request.POST)
        if form.is_valid():
            strengths = lines(form.cleaned_data["strengths"])
            improvements = lines(form.cleaned_data["improvements"])
            added = _add_sentence(request.POST.get("add", ""), figures, strengths, improvements, form)
            if not form.errors:
                try:
                    version = services.ensure_report(inspection=inspection, user=request.user)
                    services.save_narrative(
                        version=version,
                        criterion=criterion,
                        strengths=strengths,
                        improvements=improvements,
                        revision=form.cleaned_data["revision"],
                        user=request.user,
                    )
                except services.StaleEditError as error:
                    saved_now = CriterionNarrative.objects.get(version=version, criterion=criterion)
                    form = _with_revision(NarrativeForm, request.POST, saved_now.revision)
                    form.add_error(
                        None,
                        f"{error}. Your text is still in the boxes and what is saved now is "
                        "shown below: combine them, then save again.",
                    )
                except services.ReportError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, added or f"{criterion.code} saved.")
                    url = reverse("reports:report_criterion", args=[inspection.slug, criterion.code])
                    return redirect(url + (f"#id_{request.POST['add'].partition('|')[0]}" if added else ""))
    else:
        form = NarrativeForm(
            initial={
                "strengths": "\n".join(narrative.strengths) if narrative else "",
                "improvements": "\n".join(narrative.improvements) if narrative else "",
                "revision": narrative.revision if narrative else 0,
            }
        )
    criteria = _criteria(inspection)
    position = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
    return render(
        request,
        "reports/report/criterion.html",
        {
            "inspection": inspection,
            "version": version,
            "criterion": criterion,
            "narrative": narrative,
            "saved_now": saved_now,
            "figure": figures.criterion(criterion.code),
            "questions": figures.questions(criterion.code),
            "is_reinspection": figures.comparison is not None,
            "form": form,
            "can_write": _can_write(inspection, version),
            "previous_criterion": criteria[position - 1] if position > 0 else None,
            "next_criterion": criteria[position + 1] if position + 1 < len(criteria) else None,
        },
    )


def _add_sentence(add: str, figures, strengths: list[str], improvements: list[str], form) -> str:
    """Append the offered sentence ``add`` ("strengths|KEY" or "improvements|KEY"); returns the message."""
    if not add:
        return ""
    target, _, key = add.partition("|")
    sentence = figures.sentence(key)
    if target not in ("strengths", "improvements") or sentence is None:
        form.add_error(None, "That figure is no longer offered: the scores have changed. Pick it again below.")
        return ""
    items = strengths if target == "strengths" else improvements
    where = "strengths" if target == "strengths" else "areas for improvement"
    if sentence in items:
        return f"That sentence is already in the {where}."
    items.append(sentence)
    return f"Sentence added to the {where}."


def _example_candidates(inspection):
    return list(_example_candidate_queryset(inspection))


def _example_candidate_queryset(inspection):
    return (
        Judgement.objects.filter(
            assessment__case__inspection=inspection,
            assessment__is_primary=True,
            applicable=True,
            notable_practice=Judgement.NotablePractice.GOOD,
        )
        .exclude(notable_example="")
        .select_related("question__general_criterion", "assessment__case")
        .order_by("question__order", "assessment__case__case_ref")
    )


def report_examples(request, slug):
    inspection = get_inspection_for(request.user, slug)
    _, version = _current(inspection)
    candidates = _example_candidates(inspection)
    choices = [(str(j.pk), f"{j.assessment.case.case_ref} – {j.question.code}") for j in candidates]
    picked = list(version.notable_examples.all()) if version else []
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD})
        form = NotableExamplesForm(request.POST, choices=choices)
        if form.is_valid():
            wanted = set(form.cleaned_data["judgements"])
            try:
                version = services.ensure_report(inspection=inspection, user=request.user)
                services.set_notable_examples(
                    version=version, judgements=[j for j in candidates if str(j.pk) in wanted], user=request.user
                )
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"{len(wanted)} example{'s' if len(wanted) != 1 else ''} picked for “Making a difference”."
                )
                return redirect("reports:report_overview", slug=inspection.slug)
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
            "can_write": _can_write(inspection, version),
        },
    )


@require_POST
def report_generate(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    version = services.ensure_report(inspection=inspection, user=request.user)
    generated = services.request_pdf(version=version, user=request.user)
    messages.success(request, f"PDF of version {version.number} requested: {generated.get_status_display().lower()}.")
    return redirect(reverse("reports:report_overview", args=[inspection.slug]) + "#pdfs")


def report_finalise(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    _, version = _current(inspection)
    if version is None or not version.is_draft:
        messages.error(request, "There is no draft to finalise.")
        return redirect("reports:report_overview", slug=inspection.slug)
    if request.method == "POST":
        try:
            services.finalise_version(version=version, user=request.user)
        except services.ReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Version {version.number} is final and locked; its PDF is being built.")
        return redirect("reports:report_overview", slug=inspection.slug)
    return render(request, "reports/report/finalise.html", {"inspection": inspection, "version": version})


@require_POST
def report_new_draft(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    report, _ = _current(inspection)
    try:
        if report is None:
            raise services.ReportError("The report has not been started")
        draft = services.start_new_draft(report=report, user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {draft.number} started as a draft from version {draft.number - 1}.")
    return redirect("reports:report_overview", slug=inspection.slug)


def _pdf_for(request, slug, pk) -> GeneratedPDF:
    inspection = get_inspection_for(request.user, slug)
    return get_object_or_404(
        GeneratedPDF.objects.select_related("version__report__inspection"),
        pk=pk,
        version__report__inspection=inspection,
    )


def report_pdf_download(request, slug, pk):
    generated = _pdf_for(request, slug, pk)
    if generated.status != GeneratedPDF.Status.DONE or not generated.file:
        raise Http404("This PDF is not ready")
    response = FileResponse(
        generated.file.open("rb"), as_attachment=True, filename=generated.download_name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def report_pdf_status(request, slug, pk):
    generated = _pdf_for(request, slug, pk)
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
