"""Moderation (lead inspector and quality assurance): the queue of submitted assessments with a
dip sample, moderating one assessment criterion by criterion, and the moderation figures.

Other team members get a 403, people outside the team a 404 (``get_inspection_for``). Returning
an assessment is the case's return page (``submission.assessment_return``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inspection.csv_safety import write_csv
from inspection.errors import ServiceError, StaleEditError
from inspection.views import add_service_errors, audit_download, run_service

from .. import roles
from ..forms.assessment import ConflictForm
from ..forms.moderation import DipSampleForm, ModerationForm
from ..models import Assessment
from ..permissions import MODERATORS, get_inspection_for
from ..selectors import assessment as assessment_selectors
from ..selectors import moderation as selectors
from ..selectors import queue as queue_selectors
from ..services import moderation as moderation_services
from . import tables


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None  # "²".isdigit(), int() refuses it


def _filters(request, choices: selectors.QueueChoices) -> selectors.QueueFilters:
    """The queue's filters from the query string; unknown values are ignored."""
    get = request.GET
    return selectors.QueueFilters(
        assessor_id=_int(get.get("assessor", "")) if get.get("assessor") in dict(choices.assessors) else None,
        unit_id=_int(get.get("unit", "")) if get.get("unit") in dict(choices.units) else None,
        rosh=get.get("rosh", "") if get.get("rosh") in dict(choices.rosh) else "",
        criterion_code=get.get("criterion", "") if get.get("criterion") in dict(choices.criteria) else "",
        dip_sample=get.get("dip_sample") == "yes",
        moderated=get.get("moderated", "") if get.get("moderated") in ("yes", "no") else "",
    )


def queue(request, slug, *, dip_form=None):
    inspection = get_inspection_for(request.user, slug, roles=MODERATORS).inspection
    choices = selectors.queue_choices(inspection=inspection)
    filters = _filters(request, choices)
    dip_sample = selectors.latest_dip_sample(inspection=inspection)
    assessments = queue_selectors.label_queue(
        assessments=selectors.moderation_queue(inspection=inspection, filters=filters, dip_sample=dip_sample),
        slug=inspection.slug,
    )
    return render(
        request,
        "cases/moderation/queue.html",
        {
            "inspection": inspection,
            "rows": assessments,
            "assessment_rows": tables.queue_rows(assessments, user_id=request.user.pk),
            "choices": choices,
            "filters": filters,
            "dip_sample": dip_sample,
            "moderated_choices": [("yes", "Moderated"), ("no", "Not moderated")],
            "dip_form": dip_form or DipSampleForm(),
            "form": dip_form,  # base.html says "Error: " in the title when it has errors
        },
        status=400 if dip_form is not None else 200,
    )


@require_POST
def dip_sample(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MODERATORS).inspection
    form = DipSampleForm(request.POST)
    if form.is_valid():
        sample = run_service(
            form,
            moderation_services.draw_dip_sample,
            inspection=inspection,
            seed=form.cleaned_data["seed"],
            actor=request.user,
            **form.sizes(),
        )
        if sample is not None:
            count = selectors.dip_sample_size(sample=sample)
            messages.success(
                request,
                ngettext(
                    "Dip sample drawn: %(n)d case (seed %(seed)s).",
                    "Dip sample drawn: %(n)d cases (seed %(seed)s).",
                    count,
                )
                % {"n": count, "seed": sample.seed},
            )
            return redirect(reverse("cases:moderation_queue", args=[slug]) + "?dip_sample=yes")
    return queue(request, slug, dip_form=form)


def _moderated_assessment(request, slug, case_ref):
    """The inspection (moderators only) and the case's submitted primary assessment, or a 404."""
    access = get_inspection_for(request.user, slug, roles=MODERATORS)
    inspection = access.inspection
    assessment = assessment_selectors.case_with_assessment(inspection=inspection, case_ref=case_ref).assessment
    if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
        raise Http404("No submitted assessment of this case")
    refusal = roles.moderation_refusal(assessor_id=assessment.assessor_id, user=request.user, role=access.role)
    if refusal:
        raise PermissionDenied(refusal)
    return inspection, assessment


def assessment_moderation(request, slug, case_ref):
    inspection, assessment = _moderated_assessment(request, slug, case_ref)
    reviews = selectors.assessment_review(assessment=assessment)
    return render(
        request,
        "cases/moderation/assessment.html",
        {
            "inspection": inspection,
            "case": assessment.case,
            "assessment": assessment,
            "reviews": reviews,
            "changed": sum(r.changed for r in reviews),
            "reviewed": sum(r.reviewed is not None for r in reviews),
        },
    )


def criterion_moderation(request, slug, case_ref, criterion_code):
    inspection, assessment = _moderated_assessment(request, slug, case_ref)
    review, questions = selectors.criterion_review(assessment=assessment, criterion_code=criterion_code)
    if review is None:
        raise Http404("No answered question of this criterion")
    form = ModerationForm(request.POST or None, answers=review.answers, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            choices = ConflictForm(request.POST, page=review, answers=form.answers_by_code())
            if not choices.is_valid():
                return _conflict_render(request, inspection, assessment, review, choices)
            try:
                changed = moderation_services.moderate_criterion(
                    assessment=assessment,
                    general_criterion=review.criterion,
                    changes=form.changes(),
                    keep_theirs=choices.kept_theirs(),
                    actor=request.user,
                )
            except StaleEditError as exc:  # another moderator saved first: the assessors' conflict page
                choices = ConflictForm(page=review, answers=exc.answers, conflicts=exc.conflicts)
                return _conflict_render(request, inspection, assessment, review, choices)
            except ServiceError as exc:
                add_service_errors(form, exc)
            else:
                outcome = f"{changed} answer{'s' if changed != 1 else ''} changed" if changed else "agreed"
                messages.success(request, f"{review.criterion.code} {review.criterion.title}: {outcome}.")
                return redirect("cases:moderation_assessment", slug=slug, case_ref=case_ref)
        status = 400
    return render(
        request,
        "cases/moderation/criterion.html",
        {"inspection": inspection, "case": assessment.case, "assessment": assessment, "review": review, "form": form},
        status=status,
    )


CARRIED = {"answer": "option", "reason": "rationale", "version": "version"}  # field suffix → Answer attribute


def _conflict_render(request, inspection, assessment, review, choices: ConflictForm):
    """The assessors' conflict page: the other moderator's answer beside this one's, to keep either."""
    labels = {q.code: {o.value: o.label for o in q.scale.options.all()} for q in review.applicable}
    rows = [
        (c, field, labels[c.question.code].get(c.theirs.option, ""), labels[c.question.code].get(c.mine.option, ""))
        for c, field in choices.rows()
    ]
    url = reverse("cases:moderation_criterion", args=[inspection.slug, assessment.case.case_ref, review.criterion.code])
    context = {
        "inspection": inspection,
        "case": assessment.case,
        "page": review,
        "choices": choices,
        "rows": rows,
        "action": "",
        "case_url": reverse("cases:moderation_assessment", args=[inspection.slug, assessment.case.case_ref]),
        "action_url": url,
        "carried_fields": choices.carried_fields(CARRIED),
    }
    return render(request, "cases/assessment/conflict.html", context, status=409)


@require_POST
def finish(request, slug, case_ref):
    _inspection, assessment = _moderated_assessment(request, slug, case_ref)
    try:
        moderation_services.finish_moderation(assessment=assessment, actor=request.user)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cases:moderation_assessment", slug=slug, case_ref=case_ref)
    messages.success(request, f"Assessment of case {case_ref} moderated.")
    return redirect("cases:moderation_queue", slug=slug)


def figures(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MODERATORS).inspection
    figures = selectors.moderation_figures(inspection=inspection)
    return render(
        request,
        "cases/moderation/figures.html",
        {
            "inspection": inspection,
            "figures": figures,
            "tables": [
                ("By inspector", figures.by_assessor, "Inspector"),
                ("By question", figures.by_question, "Question"),
            ],
        },
    )


@audit_download("moderation figures CSV")
def figures_csv(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=MODERATORS).inspection
    figures = selectors.moderation_figures(inspection=inspection)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{inspection.slug}-moderation.csv"'
    rows = [
        *(["assessor", row.label, row.moderated, row.changed, "", ""] for row in figures.by_assessor),
        *(["question", row.label, row.moderated, row.changed, "", ""] for row in figures.by_question),
        *(
            ["change", change.question_code, "", change.count, change.original, change.moderated]
            for change in figures.changes
        ),
    ]
    write_csv(rows, ["by", "name", "assessments_moderated", "answers_changed", "from", "to"], response)
    return response
