"""Checking an assessment's answers, submitting it, and returning a submitted one (the lead or
quality assurance): the end of the case assessment journey (``cases.views.assessment``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inspection.errors import ServiceError
from inspection.views import run_service

from ..context_processors import SECOND
from ..forms.assessment import ReturnForm
from ..models import Assessment
from ..selectors import assessment as selectors
from ..services import assessments as assessment_services
from .assessment import CaseAccess, _case_access, _url


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
    if not access.is_moderator:
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
