"""Inter-rater agreement of double marking (lead and quality assurance): the table per question,
pooled and per pair of assessors, the disagreements linking to both assessments, the
``inspection-agreement/1`` download, and the lead's resolution of a disagreement."""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from cases.forms.double_marking import ResolutionForm
from cases.permissions import LEAD, MODERATORS, get_inspection_for
from cases.selectors import inspections as case_selectors
from cases.services.double_marking import resolve_disagreement
from criteria import selectors as criteria_selectors
from inspection.links import reverser
from inspection.views import audit_download, run_service

from ..exports import write_csv
from ..scoring.agreement import AGREEMENT_COLUMNS, UNDEFINED_NOTE, Pair, inspection_agreement
from . import tables

READERS = MODERATORS  # who organises double marking reads its agreement


@dataclass(frozen=True)
class DisagreementRow:
    pair: Pair
    case_url: str  # the primary assessment (``?marking=second`` the second one)
    resolve_url: str  # "" unless the lead may resolve it now


def agreement(request, slug):
    access = get_inspection_for(request.user, slug, roles=READERS)
    inspection = access.inspection
    result = inspection_agreement(inspection=inspection)
    pair_rows = result.pair_rows()
    can_resolve = access.is_lead and inspection.judgements_editable
    case_url = reverser("cases:case_detail", inspection.slug)
    resolve_url = reverser("reports:agreement_resolve", inspection.slug, last=2)
    disagreements = [  # each row's links, reversed once for the whole table
        DisagreementRow(
            pair=pair,
            case_url=case_url(pair.case_ref),
            resolve_url=resolve_url(pair.case_ref, pair.question.code) if can_resolve else "",
        )
        for pair in result.disagreements
    ]
    return render(
        request,
        "reports/agreement/agreement.html",
        {
            "inspection": inspection,
            "access": access,
            "rows": result.rows,
            "pair_rows": pair_rows,
            "has_undefined": any(row.kappa_note for row in [*result.rows, *pair_rows]),
            "disagreements": disagreements,
            "question_rows": tables.agreement_rows(result.rows),
            "pair_table_rows": tables.agreement_rows(pair_rows, by_pair=True),
            "disagreement_rows": tables.disagreement_rows(disagreements, can_resolve=can_resolve),
            "undefined_note": UNDEFINED_NOTE,
            "can_resolve": can_resolve,
        },
    )


@audit_download("Agreement CSV")
def agreement_csv(request, slug):
    inspection = get_inspection_for(request.user, slug, roles=READERS).inspection
    by_pair = request.GET.get("by") == "pair"
    out = io.StringIO()
    write_csv(
        (row.csv_row() for row in inspection_agreement(inspection=inspection, by_pair=by_pair).rows),
        AGREEMENT_COLUMNS,
        out,
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    suffix = "-by-pair" if by_pair else ""
    response["Content-Disposition"] = f'attachment; filename="{inspection.slug}-agreement{suffix}.csv"'
    return response


def resolve(request, slug, case_ref, question_code):
    """The lead's agreed answer to one disagreement (both originals shown and kept)."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    pair = next(
        (
            p
            for p in inspection_agreement(inspection=inspection).disagreements
            if p.case_ref == case_ref and p.question.code == question_code
        ),
        None,
    )
    if pair is None:
        raise Http404("No such disagreement")
    question = pair.question
    options = criteria_selectors.scale_options(scale=question.scale)
    form = ResolutionForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        case = case_selectors.sample_case(inspection=inspection, case_ref=pair.case_ref)
        if run_service(
            form,
            resolve_disagreement,
            case=case,
            question=question,
            agreed=form.options[form.cleaned_data["agreed"]],
            note=form.cleaned_data["note"],
            actor=request.user,
        ):
            messages.success(request, f"Agreed answer to {question.code} on case {case_ref} saved.")
            return redirect("reports:agreement", slug=slug)
    return render(request, "reports/agreement/resolve.html", {"inspection": inspection, "pair": pair, "form": form})
