"""A criterion page of a case assessment: its questions, saving them, and the pages for a save
that was not made (the assessment changed status) or clashed with someone else's (keep theirs /
use mine)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from inspection.errors import ServiceError, StaleEditError
from inspection.views import add_service_errors

from .. import kept_answers
from ..forms.assessment import ConflictForm, CriterionForm
from ..models import Assessment
from ..selectors import assessment as selectors
from ..selectors.assessment import CriterionPage
from ..services import judgements as judgement_services
from .assessment import CaseAccess, _case_access, _url
from .question_fields import question_fields


def _option_label(question, value: str) -> str:
    return question.scale.label_of(value)


@kept_answers.keeps_answers
def criterion(request, slug, case_ref, criterion_code):
    """A criterion page; saving it is one service call, which settles the conflicts chosen on the
    conflict page and refuses (409, the conflict page) when another change clashes.

    Answers posted after the session or the page had expired were kept (``cases.kept_answers``):
    the page puts them back into the form, unsaved, for someone who may edit it. A save (or kept
    answers) that can no longer be made, e.g. the assessment was submitted in another tab, shows
    what was typed beside the saved answers instead of throwing it away."""
    access = _case_access(request, slug, case_ref)
    page = selectors.criterion_page(case=access.case, assessment=access.assessment, criterion_code=criterion_code)
    if page is None:
        raise Http404("No such criterion with questions")
    if request.method != "POST":
        kept = kept_answers.restore(request)
        if kept is not None and access.refusal:
            if access.assessment is not None and access.assessment.is_editor(request.user):
                return _not_saved_render(request, access, page, kept.data, status=200)
            kept = None  # not theirs to see
        form = CriterionForm(page=page, initial=kept.data if kept else None)
        return _criterion_render(request, access, page, form, kept=kept)
    if access.refusal and access.assessment is not None and access.assessment.is_editor(request.user):
        submitted = access.assessment.status == Assessment.Status.SUBMITTED
        return _not_saved_render(request, access, page, request.POST, status=409 if submitted else 403)
    access.require_edit()
    form = CriterionForm(request.POST, page=page)
    if not form.is_valid():
        return _criterion_render(request, access, page, form)
    choices = ConflictForm(request.POST, page=page, answers=form.answers())
    if not choices.is_valid():
        return _conflict_render(request, access, page, choices)
    try:
        judgement_services.save_criterion_page(
            assessment=access.assessment,
            general_criterion=page.criterion,
            answers=form.answers(),
            keep_theirs=choices.kept_theirs(),
            actor=request.user,
        )
    except StaleEditError as exc:
        choices = ConflictForm(page=page, answers=exc.answers, conflicts=exc.conflicts)
        return _conflict_render(request, access, page, choices)
    except ServiceError as exc:
        add_service_errors(form, exc)
        return _criterion_render(request, access, page, form)
    messages.success(request, f"{page.criterion.code} {page.criterion.title}: your answers have been saved.")
    if request.GET.get("return") == "check":  # opened from check your answers
        return redirect(_url(request, "cases:check_answers", slug, case_ref))
    if request.POST.get("action") == "continue" and page.next_criterion_code is not None:
        return redirect(_url(request, "cases:criterion", slug, case_ref, page.next_criterion_code))
    return redirect(_url(request, "cases:case_detail", slug, case_ref))


def _groups(rows):
    """Consecutive questions sharing a group heading, as (heading, rows)."""
    groups: list[tuple[str, list]] = []
    for question, fields in rows:
        if groups and question.group and groups[-1][0] == question.group:
            groups[-1][1].append((question, fields))
        else:
            groups.append((question.group, [(question, fields)]))
    return groups


def _criterion_render(request, access: CaseAccess, page: CriterionPage, form: CriterionForm, *, kept=None):
    # Opened from a refused submit (``?unanswered=1``): each question still to finish is marked.
    marks = form.unfinished() if not access.refusal and request.GET.get("unanswered") == "1" else {}
    rows = []
    for question, fields in form.rows():
        f = {**fields, "judgement": page.judgements.get(question.pk)}
        if access.refusal:  # read only: the answers as text
            f["answer_label"] = _option_label(question, fields["answer"].value() or "")
        else:  # the fields as HTML, built once (``question_fields``)
            f.update(question_fields(question, fields, dict([marks[question.code]]) if question.code in marks else {}))
        rows.append((question, f))
    mark_links = [
        (f"id_{code}-answer_0" if part == "answer" else f"id_{code}-{part}", message)
        for code, (part, message) in marks.items()
    ]
    return render(
        request,
        "cases/assessment/criterion.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": access.assessment,
            "page": page,
            "form": form,
            "groups": _groups(rows),
            "can_edit": not access.refusal,
            "refusal": access.refusal,
            "case_url": _url(request, "cases:case_detail", access.inspection.slug, access.case.case_ref),
            "kept_answers": kept,
            "error_links": form.error_links() + mark_links,
            "return_to_check": request.GET.get("return") == "check",
        },
    )


def _not_saved_render(request, access: CaseAccess, page: CriterionPage, data, *, status: int):
    """What the person typed (``data``: the page's posted fields) beside the saved answers, when it
    can no longer be saved: nothing typed is thrown away without them seeing it."""
    rows = []
    for question in page.applicable:
        code = question.code
        typed = judgement_services.Answer(
            option=data.get(f"{code}-answer", ""),
            rationale=data.get(f"{code}-rationale", ""),
            notable_practice=data.get(f"{code}-notable", ""),
            notable_example=data.get(f"{code}-example", ""),
        )
        if typed == judgement_services.Answer():
            continue  # nothing typed for this question
        saved = judgement_services.Answer.of(page.judgements.get(question.pk))
        rows.append(
            (
                question,
                typed,
                _option_label(question, typed.option),
                saved,
                _option_label(question, saved.option),
                typed != saved,
            )
        )
    return render(
        request,
        "cases/assessment/not_saved.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": access.assessment,
            "page": page,
            "rows": rows,
            "changed": sum(1 for row in rows if row[-1]),
            "submitted": access.assessment.status == Assessment.Status.SUBMITTED,
            "refusal": access.refusal,
            "case_url": _url(request, "cases:case_detail", access.inspection.slug, access.case.case_ref),
        },
        status=status,
    )


CARRIED = {  # what the conflict page posts back of each answer: field suffix → Answer attribute
    "answer": "option",
    "rationale": "rationale",
    "notable": "notable_practice",
    "example": "notable_example",
    "version": "version",
}


def _conflict_render(request, access: CaseAccess, page: CriterionPage, choices: ConflictForm):
    """Their answers and yours side by side; every answer of yours rides along in hidden fields."""
    rows = [
        (
            conflict,
            field,
            _option_label(conflict.question, conflict.theirs.option),
            _option_label(conflict.question, conflict.mine.option),
        )
        for conflict, field in choices.rows()
    ]
    return render(
        request,
        "cases/assessment/conflict.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "page": page,
            "choices": choices,
            "rows": rows,
            "action": request.POST.get("action", "return"),
            "case_url": _url(request, "cases:case_detail", access.inspection.slug, access.case.case_ref),
            "action_url": _url(
                request, "cases:criterion", access.inspection.slug, access.case.case_ref, page.criterion.code
            ),
            "carried_fields": choices.carried_fields(CARRIED),
        },
        status=409,
    )
