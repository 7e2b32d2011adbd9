"""Scores pages: an inspection's scores, a breakdown side by side, exports, the judgements upload,
and the programme view of inspections sharing a criteria set.

Team members and admins read; only the lead sees the work-in-progress preview and uploads
judgements. Another team's inspection is a 404 (``cases.permissions.get_inspection_for``).
Nothing is cached: every page counts the judgements as they are saved.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from cases.permissions import ADMIN, LEAD, MEMBERS, get_inspection_for
from cases.services.judgement_import import import_judgements
from inspection.errors import FileRejectedError, ServiceError
from inspection.uploads import too_large
from inspection.views import add_service_errors, audit_download

from .. import exports, selectors
from ..forms.scores import BreakdownForm, JudgementsUploadForm
from ..scoring import AnyScore, Change, Comparison, Score, compute_breakdown, compute_programme

READERS = MEMBERS | {ADMIN}
MAX_ERRORS_SHOWN = 200


def _preview(request, inspection) -> bool:
    """The lead's "include work in progress" preview, asked for with ?preview=1."""
    return inspection.is_lead and request.GET.get("preview") == "1"


@dataclass
class ScoreRow:
    item: AnyScore
    change: Change | None = None


def _rows(items, comparison: Comparison | None) -> list[ScoreRow]:
    return [ScoreRow(item, comparison.change(item.level, item.code) if comparison else None) for item in items]


def scores(request, slug):
    """Queries: the inspection (1), the structure (7), counts (2), progress (1); with a previous
    inspection +1 and +2 (+7 when its criteria set differs)."""
    inspection = get_inspection_for(request.user, slug, roles=READERS)
    preview = _preview(request, inspection)
    current, comparison = selectors.scores_with_comparison(inspection=inspection, include_in_progress=preview)
    sections = [
        (row, _rows(current.criteria_of(row.item.code), comparison)) for row in _rows(current.sections, comparison)
    ]
    criteria = [
        (row, _rows(current.questions_of(row.item.code), comparison)) for row in _rows(current.criteria, comparison)
    ]
    return render(
        request,
        "reports/scores/scores.html",
        {
            "inspection": inspection,
            "scores": current,
            "preview": preview,
            "comparison": comparison,
            "headlines": _rows(current.headlines, comparison),
            "sections": sections,
            "criteria": criteria,
            "progress": selectors.assessment_progress(inspection=inspection),
            "breakdown_form": BreakdownForm(initial={"by": "unit"}),
        },
    )


@dataclass
class BreakdownRow:
    item: AnyScore
    overall: Score
    cells: list[Score]
    difference: object | None = None


def breakdown(request, slug):
    """Groups side by side (like Appendix 1 of a published report). Queries: the inspection (1),
    the structure (7), counts (2), units for a unit breakdown (1)."""
    inspection = get_inspection_for(request.user, slug, roles=READERS)
    preview = _preview(request, inspection)
    form = BreakdownForm(request.GET or None, initial={"by": "unit"})
    result = None
    rows: dict[str, list[BreakdownRow]] = {}
    if form.is_valid():
        result = compute_breakdown(inspection=inspection, by=form.cleaned_data["by"], include_in_progress=preview)

        def level_rows(items):
            return [
                BreakdownRow(
                    item,
                    item.score,
                    [g.scores.get(item.level, item.code).score for g in result.groups],
                    result.significance.get(item.code) if item.level == "question" else None,
                )
                for item in items
            ]

        rows = {
            "headlines": level_rows(result.overall.headlines),
            "criteria": level_rows(result.overall.criteria),
            "questions": level_rows(result.overall.questions),
        }
    return render(
        request,
        "reports/scores/breakdown.html",
        {
            "inspection": inspection,
            "form": form,
            "breakdown": result,
            "rows": rows,
            "preview": preview,
        },
    )


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _by_param(request) -> str | None:
    by = request.GET.get("by") or None
    if by is not None and not BreakdownForm({"by": by}).is_valid():
        raise Http404("No such breakdown")
    return by


@audit_download("Scores CSV")
def scores_csv(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=READERS)
    by = _by_param(request)
    suffix = f"-by-{slugify(by)}" if by else ""
    return _download(
        exports.scores_csv(inspection=inspection, by=by),
        f"{inspection.slug}-scores{suffix}.csv",
        "text/csv; charset=utf-8",
    )


@audit_download("Scores XLSX")
def scores_xlsx(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=READERS)
    by = _by_param(request)
    breakdowns = [by] if by else ["unit", "supervision", "rosh_band"]
    return _download(
        exports.scores_workbook(inspection=inspection, breakdowns=breakdowns),
        f"{inspection.slug}-scores.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@audit_download("Judgements CSV")
def judgements_csv(request, slug):
    """Raw judgements with rationales: for the lead (and admins), not the whole team."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD, ADMIN})
    return _download(
        exports.judgements_csv(inspection=inspection), f"{inspection.slug}-judgements.csv", "text/csv; charset=utf-8"
    )


def judgements_upload(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD})
    form = JudgementsUploadForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()), too_large=too_large(request)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # within the size limit: read as a stream by the import
        try:
            result = import_judgements(inspection=inspection, data=upload, source=upload.name, actor=request.user)
        except FileRejectedError as exc:
            form.reject(exc.errors, total=exc.total)
        except ServiceError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{result.rows} judgements imported: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged. {result.submitted} of {result.cases} cases are now submitted"
                + (f"; {result.in_progress} still have unanswered questions." if result.in_progress else "."),
            )
            return redirect("reports:scores", slug=inspection.slug)
    return render(
        request,
        "reports/scores/upload.html",
        {"inspection": inspection, "form": form, "rejected": _rejected_file_summary(form)},
    )


def _rejected_file_summary(form: JudgementsUploadForm) -> dict | None:
    """The error summary of a refused file: every problem listed (up to MAX_ERRORS_SHOWN) pointing at the field."""
    if not form.problems:
        return None
    count, shown = form.total, form.problems[:MAX_ERRORS_SHOWN]
    intro = "Nothing was imported. Correct every row listed and upload the file again."
    if len(form.problems) > len(shown):
        intro += f" The first {len(shown)} problems are shown."
    return {
        "title": f"The file was not imported: {count:,} problem{'s' if count != 1 else ''}",
        "intro": intro,
        "errors": [(form["file"].auto_id, problem) for problem in shown],
    }


def programme(request, criteria_slug):
    """Inspections on one criteria set side by side, among those the user may see (admins: all).
    Queries: the criteria set (1), the inspections (1), the structure (7), counts (2)."""
    criteria_set = selectors.criteria_set_by_slug(slug=criteria_slug)
    if criteria_set is None:
        raise Http404("No such criteria set")
    inspections = selectors.programme_inspections(user=request.user, criteria_set=criteria_set)
    if not inspections:
        raise Http404("No inspection you can see uses this criteria set")
    result = compute_programme(inspections=inspections)
    return render(
        request,
        "reports/scores/programme.html",
        {
            "criteria_set": criteria_set,
            "programme": result,
            "inspections": inspections,
            "tables": [("Headline scores", result.headlines), ("General criteria", result.criteria)],
        },
    )
