"""Double marking (the lead or quality assurance, who usually organises it): choose cases by hand
or draw a random number per inspector, and allocate them to a second assessor, who assesses them
blind (``cases.selectors.assessment``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from inspection.views import run_service

from ..forms.double_marking import DrawForm, SecondMarkerForm
from ..permissions import MODERATORS, get_inspection_for
from ..selectors import double_marking as selectors
from ..selectors.inspections import inspection_members, person_name
from ..services import double_marking as services
from . import tables


def double_marking(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MODERATORS).inspection
    members = inspection_members(inspection=inspection)
    cases = selectors.marked_cases(inspection=inspection)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    form = SecondMarkerForm(
        post if action == "choose" else None, members=members, cases=[m.case for m in cases if m.selectable]
    )
    draw_form = DrawForm(post if action == "draw" else None, members=members)
    if action == "choose" and form.is_valid() and _allocate(request, inspection, form):
        return redirect(request.path)
    if action == "draw" and draw_form.is_valid() and _draw(request, inspection, draw_form):
        return redirect(request.path)
    selected = {str(v) for v in form.data.getlist("cases")} if form.is_bound else set()
    return render(
        request,
        "cases/double_marking.html",
        {
            "inspection": inspection,
            "form": form,
            "draw_form": draw_form,
            "cases": cases,
            "selected": selected,
            "case_boxes": tables.second_marking_boxes(cases, selected=selected),
            "double_marked": [m for m in cases if m.second is not None],
            "draws": selectors.draws(inspection=inspection),
            "editable": inspection.judgements_editable,
        },
    )


def _allocate(request, inspection, form: SecondMarkerForm) -> bool:
    """Allocate the chosen cases to the chosen second marker; False (the refusal on the form) if refused."""
    assessor = form.users[form.cleaned_data["assessor"]]
    result = run_service(
        form,
        services.allocate_second_marker,
        inspection=inspection,
        case_ids=form.cleaned_data["cases"],
        assessor=assessor,
        actor=request.user,
    )
    if result is None:
        return False
    messages.success(
        request,
        ngettext(
            "%(n)d case to double-mark by %(who)s.",
            "%(n)d cases to double-mark by %(who)s.",
            result.allocated + result.reassigned,
        )
        % {"n": result.allocated + result.reassigned, "who": person_name(assessor)},
    )
    return True


def _draw(request, inspection, draw_form: DrawForm) -> bool:
    """Draw cases at random for the chosen second marker; False (the refusal on the form) if refused."""
    assessor = draw_form.users[draw_form.cleaned_data["draw_assessor"]]
    draw = run_service(
        draw_form,
        services.draw_double_marking,
        inspection=inspection,
        per_inspector=draw_form.cleaned_data["per_inspector"],
        assessor=assessor,
        seed=draw_form.cleaned_data["seed"],
        actor=request.user,
    )
    if draw is None:
        return False
    messages.success(
        request,
        ngettext(
            "Drew %(n)d case (seed %(seed)s) to double-mark by %(who)s.",
            "Drew %(n)d cases (seed %(seed)s) to double-mark by %(who)s.",
            len(draw.case_refs),
        )
        % {"n": len(draw.case_refs), "seed": draw.seed, "who": person_name(assessor)},
    )
    return True
