"""The research pages: one question pooled over the inspections of one or more programmes, in the
layout of research bulletin 2018/02 (a table of n and percent yes by group, a chart per grouping,
the logistic regression beside the table), and its downloads.

Only analysts (``cases.analyse_programmes``) and admins may open them (``can_analyse``); anyone else
gets the 403 page. They show pooled figures only: never a case reference, rationale, example or
name. The engine (``reports.analysis``) counts and models; these views choose and lay out
(``reports.research_layout``). Every download is recorded in the audit log.
"""

from importlib import import_module

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import ngettext

from cases.models import Programme
from cases.permissions import can_analyse
from inspection.views import audit_download

from .. import research_layout, word
from ..forms.research import BulletinForm, ChooseForm, FiguresForm
from ..word import bulletin

# The engine and the layout import statsmodels, seconds on a busy machine: loaded by the first research
# request, not with the URLs (which every page's first request, and every browser test, waits for).
analysis = SimpleLazyObject(lambda: import_module("reports.analysis"))
REFUSAL = (
    "Only analysts and admins may read figures pooled across inspections. "
    "If you need to, ask an admin to make you an analyst."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _analyst(request) -> None:
    if not can_analyse(request.user):
        raise PermissionDenied(REFUSAL)


# --- What the engine answers --------------------------------------------------------------------


def _question(code: str, programmes: list[Programme]):
    """The analysis question ``code`` of the programmes' criteria sets, or None."""
    return analysis.find_question(key=code, programmes=programmes)


def _table(question, programmes: list[Programme]):
    return analysis.programme_table(question=question.key, programmes=programmes, by=analysis.TABLE_GROUPINGS)


def _fit(question, programmes: list[Programme]):
    return analysis.logistic_regression(question=question.key, programmes=programmes)


def _filename(question) -> str:
    return slugify(question.key) or "question"


def _figures(question, programmes: list[Programme]):
    """The question's table and model, laid out."""
    table, fit = _table(question, programmes), _fit(question, programmes)
    sentences = analysis.regression_sentences(fit, question=question, programmes=programmes)
    return (
        research_layout.table(table.rows, question=question.key, programmes=programmes),
        research_layout.model(fit, programmes=programmes, sentences=sentences),
    )


# --- Pages --------------------------------------------------------------------------------------


def choose(request):
    """Choose programmes and find a question by its analysis code or words of its text."""
    _analyst(request)
    form = ChooseForm(request.GET or None)
    hits = None
    if form.is_valid() and form.cleaned_data["q"]:
        hits = analysis.find_questions(programmes=list(form.cleaned_data["programmes"]), search=form.cleaned_data["q"])
    return _choose_page(request, form, hits)


def _choose_page(request, form, hits, *, status: int = 200):
    if form.is_bound:
        form.is_valid()  # the error summary's messages; the programmes kept when only the question is wrong
    programmes = getattr(form, "cleaned_data", {}).get("programmes")
    return render(
        request,
        "reports/research/choose.html",
        {
            "form": form,
            "hits": hits,
            "chosen": list(programmes or []),
            "hits_heading": _hits_heading(hits),
            "no_programmes": not form.has_programmes,
        },
        status=status,
    )


def _hits_heading(hits) -> str:
    if hits is None:
        return ""
    return ngettext("%(n)d question found", "%(n)d questions found", len(hits)) % {"n": len(hits)}


def figures(request):
    """One question's table, charts and regression for the programmes chosen."""
    _analyst(request)
    form = FiguresForm(request.GET)
    if not form.is_valid():
        return _refused(request, form)
    programmes = list(form.cleaned_data["programmes"])
    code = form.cleaned_data["question"]
    question = _question(code, programmes)
    if question is None:
        choose_form = ChooseForm({"programmes": [p.slug for p in programmes], "q": code})
        choose_form.is_valid()
        choose_form.add_error("q", f"No question of these programmes has the analysis code {code}")
        return _choose_page(request, choose_form, None, status=404)
    table, model = _figures(question, programmes)
    series = [p.name for p in programmes]
    return render(
        request,
        "reports/research/figures.html",
        {
            "question": question,
            "code": question.key,
            "programmes": programmes,
            "query": request.GET.urlencode(),
            "table": table,
            "model": model,
            "figures": table.figures(series) if table.has_cases else [],
        },
    )


# --- Downloads ----------------------------------------------------------------------------------


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _chosen(request):
    """The programmes and question of a download, or raise 404 (a download is linked, not typed)."""
    _analyst(request)
    form = FiguresForm(request.GET)
    if not form.is_valid():
        raise Http404("Choose programmes and a question")
    programmes = list(form.cleaned_data["programmes"])
    code = form.cleaned_data["question"]
    question = _question(code, programmes)
    if question is None:
        raise Http404("No such question in these programmes")
    return question, programmes


@audit_download("Programme table CSV")
def table_csv(request):
    question, programmes = _chosen(request)
    content = analysis.table_csv(_table(question, programmes))
    return _download(content, f"programme-table-{_filename(question)}.csv", "text/csv; charset=utf-8")


@audit_download("Programme regression CSV")
def regression_csv(request):
    question, programmes = _chosen(request)
    content = analysis.regression_csv(_fit(question, programmes))
    return _download(content, f"programme-regression-{_filename(question)}.csv", "text/csv; charset=utf-8")


@audit_download("Programme analysis XLSX")
def workbook(request):
    question, programmes = _chosen(request)
    content = analysis.workbook(table=_table(question, programmes), fit=_fit(question, programmes))
    return _download(content, f"programme-analysis-{_filename(question)}.xlsx", XLSX)


@audit_download("Programme analysis Word document")
def bulletin_docx(request):
    """The tables and models of every question chosen: the draft of a bulletin a researcher edits."""
    _analyst(request)
    form = BulletinForm(request.GET)
    if not form.is_valid():
        return _refused(request, form)
    programmes = list(form.cleaned_data["programmes"])
    sections = []
    for code in form.cleaned_data["question"]:
        question = _question(code, programmes)
        if question is None:
            continue
        sections.append((question, *_figures(question, programmes)))
    content = bulletin.render(programmes=programmes, sections=sections)
    return _download(content, "programme-analysis.docx", word.CONTENT_TYPE)


def _refused(request, form):
    """The start page again, with the figures' or the Word document's problem in its error summary."""
    choose_form = ChooseForm(request.GET)
    choose_form.is_valid()
    for message in form.errors.get("question", []):  # a missing programme is the start page's own error
        choose_form.add_error(None, message)
    return _choose_page(request, choose_form, None, status=400)
