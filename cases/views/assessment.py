"""The case assessment: My cases, a case's task list and the interview with the offender manager;
criterion pages are in ``criterion``, checking, submitting and returning in ``submission``.

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

from criteria import vocabulary
from inspection.links import reverser
from inspection.views import run_service

from ..context_processors import SECOND, second_marking
from ..forms.assessment import InterviewForm
from ..models import Assessment, Case, Inspection
from ..permissions import get_inspection_for
from ..selectors import assessment as selectors
from ..selectors import history as history_selectors
from ..selectors import moderation as moderation_selectors
from ..services import assessments as assessment_services
from . import tables

STATUS_LABELS = dict(Assessment.Status.choices)


@dataclass
class CaseAccess:
    inspection: Inspection
    case: Case
    assessment: Assessment | None
    refusal: str  # why the user may not edit (``Assessment.edit_refusal``), "" when they may
    is_moderator: bool  # the lead or quality assurance (``InspectionAccess.is_moderator``)
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
    standing = get_inspection_for(request.user, slug)
    inspection = standing.inspection
    shown = selectors.case_with_assessment(
        inspection=inspection,
        case_ref=case_ref,
        user=request.user,
        second=standing.is_moderator and request.GET.get("marking") == "second",
    )
    case, assessment = shown.case, shown.assessment
    if case is None:
        raise Http404("No such case in this inspection")
    if assessment is not None and assessment.assessor_id == request.user.pk:
        request.nav_section = "cases:my_cases"  # the navigation marks "My cases", where the case is listed
    refusal = (
        assessment.edit_refusal(request.user, is_lead=standing.is_lead)
        if assessment is not None
        else "This case has not been allocated yet."
    )
    return CaseAccess(
        inspection=inspection,
        case=case,
        assessment=assessment,
        refusal=refusal,
        is_moderator=standing.is_moderator,
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

    @property
    def items_html(self):
        return tables.my_case_items(self.assessments, case_url=reverser("cases:case_detail", self.inspection.slug))


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
    history = history_selectors.judgement_history(case=access.case, hidden_assessment_ids=access.hidden_assessment_ids)
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
            "is_moderator": access.is_moderator,
            "hidden_assessment_ids": access.hidden_assessment_ids,
            "assessment": assessment,
            "characteristics": _characteristics(access.case),
            "task_list": tasks,
            "interview_status": interview_status,
            "interview_label": selectors.TASK_STATUS_LABELS[interview_status],
            "history": history,
            "history_rows": tables.history_rows(history),
            "can_edit": not access.refusal,
            "refusal": access.refusal,
            "is_assessor": user_is_assessor,
            "returned_by": moderation_selectors.returned_by(assessment) if returned else "",
            "can_submit": not access.refusal and assessment.status != Assessment.Status.SUBMITTED,
            "can_return": (
                access.is_moderator
                and assessment is not None
                and assessment.status == Assessment.Status.SUBMITTED
                and inspection.judgements_editable
            ),
        },
    )


def case_detail(request, slug, case_ref):
    return _case_page(request, _case_access(request, slug, case_ref))


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


def judgement_detail(request, slug, pk):
    """A judgement by id: its question on its case's criterion page (404 outside the user's team)."""
    inspection = get_inspection_for(request.user, slug).inspection
    judgement = history_selectors.judgement_in(inspection=inspection, pk=pk, user=request.user)
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
