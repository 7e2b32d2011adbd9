"""Exchange-format files of an inspection's scores: the scores CSV and XLSX and the raw judgements
CSV (each download audited), and the lead's judgements upload with every problem of a refused file
listed. Readers are the scores pages' (``scores.READERS``)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import ngettext

from cases.permissions import ADMIN, LEAD, get_inspection_for
from cases.services.judgement_import import import_judgements
from inspection.errors import FileRejectedError, ServiceError
from inspection.uploads import too_large
from inspection.views import add_service_errors, audit_download

from .. import exports
from ..forms.scores import BreakdownForm, JudgementsUploadForm
from .scores import READERS

MAX_ERRORS_SHOWN = 200


def _download(content, filename: str, content_type: str, *, streaming: bool = False) -> HttpResponse:
    response = (StreamingHttpResponse if streaming else HttpResponse)(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _by_param(request) -> str | None:
    by = request.GET.get("by") or None
    if by is not None and not BreakdownForm({"by": by}).is_valid():
        raise Http404("No such breakdown")
    return by


@audit_download("Scores CSV")
def scores_csv(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=READERS).inspection
    by = _by_param(request)
    suffix = f"-by-{slugify(by)}" if by else ""
    return _download(
        exports.scores_csv(inspection=inspection, by=by),
        f"{inspection.slug}-scores{suffix}.csv",
        "text/csv; charset=utf-8",
    )


@audit_download("Scores XLSX")
def scores_xlsx(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=READERS).inspection
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
    inspection = get_inspection_for(request.user, slug, roles={LEAD, ADMIN}).inspection
    return _download(
        exports.judgements_csv_chunks(inspection=inspection),
        f"{inspection.slug}-judgements.csv",
        "text/csv; charset=utf-8",
        streaming=True,  # a quarter of a million rows: sent as they are read
    )


def judgements_upload(request, slug):
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
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
            messages.success(request, _imported_message(result))
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


def _imported_message(result) -> str:
    """ "12 judgements imported: 10 new, 2 updated, 0 unchanged. 3 of 4 cases are now submitted; 1 still
    has unanswered questions." """
    text = ngettext(
        "%(rows)d judgement imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.",
        "%(rows)d judgements imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.",
        result.rows,
    ) % {"rows": result.rows, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    text += " " + ngettext(
        "%(submitted)d of %(cases)d case is now submitted",
        "%(submitted)d of %(cases)d cases are now submitted",
        result.cases,
    ) % {"submitted": result.submitted, "cases": result.cases}
    if not result.in_progress:
        return text + "."
    return text + ngettext(
        "; %(count)d still has unanswered questions.",
        "; %(count)d still have unanswered questions.",
        result.in_progress,
    ) % {"count": result.in_progress}
