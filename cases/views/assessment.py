"""The case assessment: My cases, a case's task list, criterion pages (with the stale-edit
conflict page), the interview with the offender manager, submitting and returning.

Who may do what: any member of the inspection's team views a case (others get a 404); who may
change it is ``Assessment.edit_refusal`` (the assessor until they submit, the lead at any time,
nobody while the inspection's status forbids it); the lead returns submitted assessments.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from criteria import vocabulary
from inspection.errors import ServiceError, StaleEditError
from inspection.views import add_service_errors, run_service

from .. import kept_answers
from ..context_processors import SECOND, second_marking
from ..forms.assessment import ConflictForm, CriterionForm, InterviewForm, ReturnForm
from ..models import Assessment, Case, Inspection
from ..permissions import get_inspection_for
from ..selectors import assessment as selectors
from ..selectors import moderation as moderation_selectors
from ..selectors.assessment import CriterionPage
from ..services import assessments as assessment_services
from ..services import judgements as judgement_services
from .question_fields import question_fields

STATUS_LABELS = dict(Assessment.Status.choices)


@dataclass
class CaseAccess:
    inspection: Inspection
    case: Case
    assessment: Assessment | None
    refusal: str  # why the user may not edit (``Assessment.edit_refusal``), "" when they may
    hidden_assessment_ids: frozenset[int] = frozenset()  # blind double marking
    is_double_marked: bool = False

    def require_edit(self) -> None:
        """A write by someone who may not edit is a 403 (the page offers them no form)."""
        if self.refusal:
            raise PermissionDenied(self.refusal)


def _url(request, name: str, *args) -> str:
    """A case URL keeping the lead's ``?marking=second`` (``cases.context_processors``)."""
    return reverse(name, args=args) + second_marking(request)["second_q"]


def _case_access(request, slug: str, case_ref: str) -> CaseAccess:
    """The case as the user may see it: 404 unless they are on the inspection's team. A marker of a
    double-marked case gets their own assessment; the lead or quality assurance the second one with
    ``?marking=second``."""
    inspection = get_inspection_for(request.user, slug)
    shown = selectors.case_with_assessment(
        inspection=inspection,
        case_ref=case_ref,
        user=request.user,
        second=inspection.is_moderator and request.GET.get("marking") == "second",
    )
    case, assessment = shown.case, shown.assessment
    if case is None:
        raise Http404("No such case in this inspection")
    if assessment is not None and assessment.assessor_id == request.user.pk:
        request.nav_section = "cases:my_cases"  # the navigation marks "My cases", where the case is listed
    refusal = (
        assessment.edit_refusal(request.user, is_lead=inspection.is_lead)
        if assessment is not None
        else "This case has not been allocated yet."
    )
    return CaseAccess(
        inspection=inspection,
        case=case,
        assessment=assessment,
        refusal=refusal,
        hidden_assessment_ids=shown.hidden_assessment_ids,
        is_double_marked=shown.is_double_marked,
    )


def _characteristics(case: Case) -> list[tuple[str, str]]:
    rows = [("Case reference", case.case_ref), ("Unit", case.unit.name)]
    for name in vocabulary.CHARACTERISTICS:
        value = getattr(case, name)
        if name == "age":
            shown = str(value) if value is not None else ""
        elif name == "offence_type":
            shown = value
        else:
            shown = getattr(case, f"get_{name}_display")() if value else ""
        rows.append((vocabulary.LABELS[name], shown or "Not recorded"))
    return rows


# --- My cases ---


@dataclass
class InspectionCases:
    """One inspection's part of My cases."""

    inspection: Inspection
    assessments: list[Assessment]


def my_cases(request):
    """The user's allocated cases by inspection, current inspections first; filtered by inspection,
    unit and progress (a GET form)."""
    units = selectors.my_units(user=request.user)
    inspections = list({u.inspection_id: u.inspection for u in units}.values())
    inspection = next((i for i in inspections if i.slug == request.GET.get("inspection")), None)
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), None)
    if unit and inspection and unit.inspection_id != inspection.pk:
        unit = None
    status = request.GET.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    assessments = list(
        selectors.my_assessments(
            user=request.user,
            inspection_id=inspection.pk if inspection else None,
            unit_id=unit.pk if unit else None,
            status=status,
        )
    )
    groups: dict[int, InspectionCases] = {}
    for assessment in assessments:
        group = groups.setdefault(
            assessment.case.inspection_id, InspectionCases(inspection=assessment.case.inspection, assessments=[])
        )
        group.assessments.append(assessment)
    several_inspections = len(inspections) > 1
    return render(
        request,
        "cases/my_cases.html",
        {
            "assessments": assessments,
            "groups": list(groups.values()),
            "inspections": [(i.slug, i.name) for i in inspections] if several_inspections else [],
            "units": [(str(u.pk), f"{u.name} ({u.inspection.name})" if several_inspections else u.name) for u in units],
            "statuses": list(STATUS_LABELS.items()),
            "selected_inspection": inspection.slug if inspection else "",
            "selected_unit": str(unit.pk) if unit else "",
            "selected_status": status,
            "filtered": bool(inspection or unit or status),
        },
    )


# --- The case page (task list) ---


def _case_page(request, access: CaseAccess):
    assessment = access.assessment
    inspection = access.inspection
    user_is_assessor = assessment is not None and assessment.assessor_id == request.user.pk
    tasks = selectors.task_list(case=access.case, assessment=assessment)
    interview_status = selectors.interview_status(assessment)
    returned = (
        assessment is not None
        and assessment.return_comment
        and assessment.status != Assessment.Status.SUBMITTED
        and not assessment.returned_for_characteristics
    )
    return render(
        request,
        "cases/assessment/case_detail.html",
        {
            "inspection": inspection,
            "case": access.case,
            "is_double_marked": access.is_double_marked,
            "hidden_assessment_ids": access.hidden_assessment_ids,
            "assessment": assessment,
            "characteristics": _characteristics(access.case),
            "task_list": tasks,
            "interview_status": interview_status,
            "interview_label": selectors.TASK_STATUS_LABELS[interview_status],
            "history": selectors.judgement_history(
                case=access.case, hidden_assessment_ids=access.hidden_assessment_ids
            ),
            "can_edit": not access.refusal,
            "refusal": access.refusal,
            "is_assessor": user_is_assessor,
            "returned_by": moderation_selectors.returned_by(assessment) if returned else "",
            "can_submit": not access.refusal and assessment.status != Assessment.Status.SUBMITTED,
            "can_return": (
                inspection.is_moderator
                and assessment is not None
                and assessment.status == Assessment.Status.SUBMITTED
                and inspection.judgements_editable
            ),
        },
    )


def _incomplete_summary(access: CaseAccess, answers: selectors.CheckAnswers) -> dict:
    """The error summary of a refused submit, one line per general criterion ("1.2 Assessment of
    Risk of Harm: 11 questions unanswered"), each linking to its page with the questions to finish
    marked (``?unanswered=1``) and a way back here (``return=check``)."""
    incomplete = [c for c in answers.criteria if c.unanswered or c.needing_reasons]
    if not incomplete:
        return {"incomplete": []}
    links = []
    for entry in sorted(incomplete, key=lambda entry: entry.criterion.order):
        criterion, unanswered, reasons = entry.criterion, entry.unanswered, entry.needing_reasons
        parts = []
        if unanswered:
            parts.append(
                ngettext("%(count)d question unanswered", "%(count)d questions unanswered", unanswered)
                % {"count": unanswered}
            )
        if reasons:
            parts.append(
                ngettext("%(count)d answer needs a reason", "%(count)d answers need a reason", reasons)
                % {"count": reasons}
            )
        url = reverse("cases:criterion", args=[access.inspection.slug, access.case.case_ref, criterion.code])
        second = "&" + SECOND if access.assessment is not None and not access.assessment.is_primary else ""
        links.append(
            (f"{url}?unanswered=1&return=check{second}", f"{criterion.code} {criterion.title}: {', '.join(parts)}")
        )
    intro = []
    if answers.unanswered:
        intro.append(
            ngettext(
                "%(count)d question that applies to this case has no answer yet.",
                "%(count)d questions that apply to this case have no answer yet.",
                answers.unanswered,
            )
            % {"count": answers.unanswered}
        )
    if answers.needing_reasons:
        intro.append(
            ngettext(
                "%(count)d answer below the line has no reason given.",
                "%(count)d answers below the line have no reason given.",
                answers.needing_reasons,
            )
            % {"count": answers.needing_reasons}
        )
    return {"incomplete": links, "incomplete_intro": " ".join(intro)}


def case_detail(request, slug, case_ref):
    return _case_page(request, _case_access(request, slug, case_ref))


def _still_to_do(answers: selectors.CheckAnswers) -> str:
    """What the check-answers page warns is left before the assessment can be submitted."""
    parts = []
    if answers.unanswered:
        parts.append(
            ngettext(
                "%(count)d question still needs an answer",
                "%(count)d questions still need an answer",
                answers.unanswered,
            )
            % {"count": answers.unanswered}
        )
    if answers.needing_reasons:
        parts.append(
            ngettext(
                "%(count)d answer below the line needs a reason",
                "%(count)d answers below the line need a reason",
                answers.needing_reasons,
            )
            % {"count": answers.needing_reasons}
        )
    return f"You cannot submit yet: {' and '.join(parts)}." if parts else ""


def _check_answers_page(request, access: CaseAccess, *, refused: bool = False):
    """The check-answers page; ``refused``: after a refused submit, with what is still to do as
    its error summary (from the same answers the page lists)."""
    assessment = access.assessment
    if assessment is None:
        raise Http404("This case has not been allocated yet")
    answers = selectors.check_answers(case=access.case, assessment=assessment)
    can_submit = not access.refusal and assessment.status != Assessment.Status.SUBMITTED
    summary = _incomplete_summary(access, answers) if refused else {"incomplete": []}
    return render(
        request,
        "cases/assessment/check_answers.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": assessment,
            "answers": answers,
            "can_edit": not access.refusal,
            "refusal": access.refusal,
            "can_submit": can_submit,
            "still_to_do": _still_to_do(answers) if can_submit and not summary["incomplete"] else "",
            "case_url": _url(request, "cases:case_detail", access.inspection.slug, access.case.case_ref),
            **summary,
        },
    )


def check_answers(request, slug, case_ref):
    """Every answer of the assessment by criterion, with a way to change each criterion's, then
    submit (read-only for those who may not change it)."""
    return _check_answers_page(request, _case_access(request, slug, case_ref))


@require_POST
def assessment_submit(request, slug, case_ref):
    """Submit from the check-answers page: the confirmation page, or that page again with what is
    still to do, grouped by criterion."""
    access = _case_access(request, slug, case_ref)
    access.require_edit()
    try:
        assessment_services.submit_assessment(assessment=access.assessment, actor=request.user)
    except assessment_services.AssessmentIncomplete:
        return _check_answers_page(request, access, refused=True)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_url(request, "cases:case_detail", slug, case_ref))
    return redirect(_url(request, "cases:assessment_submitted", slug, case_ref))


def assessment_submitted(request, slug, case_ref):
    """The confirmation panel after a submit (the case page once the assessment is not submitted)."""
    access = _case_access(request, slug, case_ref)
    if access.assessment is None or access.assessment.status != Assessment.Status.SUBMITTED:
        return redirect(_url(request, "cases:case_detail", slug, case_ref))
    return render(
        request,
        "cases/assessment/submitted.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": access.assessment,
            "case_url": _url(request, "cases:case_detail", slug, case_ref),
        },
    )


def assessment_return(request, slug, case_ref):
    access = _case_access(request, slug, case_ref)
    if not access.inspection.is_moderator:
        raise PermissionDenied("Only the lead inspector or quality assurance can return an assessment")
    assessment = access.assessment
    case_url = _url(request, "cases:case_detail", slug, case_ref)
    if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
        messages.error(request, "Only a submitted assessment can be returned.")
        return redirect(case_url)
    form = ReturnForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            assessment_services.return_assessment,
            assessment=assessment,
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    ):
        messages.success(request, f"Assessment of case {access.case.case_ref} returned to its assessor.")
        return redirect(case_url)
    return render(
        request,
        "cases/assessment/return.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": assessment,
            "form": form,
            "case_url": case_url,
        },
    )


# --- The interview with the offender manager ---


def interview(request, slug, case_ref):
    access = _case_access(request, slug, case_ref)
    assessment = access.assessment
    if assessment is None:
        raise Http404("This case has not been allocated yet")
    case_url = _url(request, "cases:case_detail", slug, case_ref)
    if request.method == "POST":
        access.require_edit()
        form = InterviewForm(request.POST)
        if form.is_valid() and run_service(
            form,
            assessment_services.save_interview,
            assessment=assessment,
            done=form.cleaned_data["done"],
            interview_date=form.cleaned_data["interview_date"],
            notes=form.cleaned_data["interview_notes"],
            actor=request.user,
        ):
            messages.success(request, "Interview with the offender manager saved.")
            return redirect(case_url)
    else:
        initial = {"interview_date": assessment.interview_date, "interview_notes": assessment.interview_notes}
        if assessment.interview_done is not None:
            initial["done"] = "yes" if assessment.interview_done else "no"
        form = InterviewForm(initial=initial)
    return render(
        request,
        "cases/assessment/interview.html",
        {
            "inspection": access.inspection,
            "case": access.case,
            "assessment": assessment,
            "form": form,
            "can_edit": not access.refusal,
            "refusal": access.refusal,
            "case_url": case_url,
        },
    )


# --- A criterion page ---


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


def judgement_detail(request, slug, pk):
    """A judgement by id: its question on its case's criterion page (404 outside the user's team)."""
    inspection = get_inspection_for(request.user, slug)
    judgement = selectors.judgement_in(inspection=inspection, pk=pk, user=request.user)
    if judgement is None:
        raise Http404("No such judgement in this inspection")  # blind double marking: as if absent
    url = reverse(
        "cases:criterion",
        args=[
            slug,
            judgement.assessment.case.case_ref,
            judgement.question.general_criterion.code,
        ],
    )
    second = "" if judgement.assessment.is_primary else f"?{SECOND}"
    return redirect(f"{url}{second}#question-{judgement.question_id}")
