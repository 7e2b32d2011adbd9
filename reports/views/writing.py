"""A general criterion's writing page: its strengths and areas for improvement, the figures to quote,
and the figure sentences to check (``reports.narrative_figures``).

A final version's page shows the figures frozen when it was finalised, as its PDF and Word file do.
Whether the report's text may be written (``can_write``) and saving it against a stale revision
(``save_text``) are here too; the other report pages (``reports.views.reports``) use them.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.permissions import LEAD, InspectionAccess, get_inspection_for
from inspection.errors import ServiceError, StaleEditError
from inspection.views import add_service_errors

from .. import narrative_figures, selectors
from ..forms.reports import NarrativeForm, lines
from ..models import lettered
from ..report_data import version_data
from ..sentences import QuestionFigures, WritingFigures, writing_figures
from ..services import reports as services

LIST_NAMES = {"strengths": "Strength", "improvements": "Area for improvement"}
STALE_HINT = "Your text is still in the boxes and what is saved now is shown below: combine them, then save again."


def can_write(access: InspectionAccess, version) -> bool:
    """Whether the report's text may be written: by the lead, in a draft (or before the first)."""
    return access.is_lead and (version is None or version.is_draft)


def save_text(form, save, **kwargs):
    """Run a text save for ``form``: (saved, form, saved_now).

    On a stale edit the form comes back re-bound with the revision saved now (so the next save can
    succeed), the refusal explained, and ``saved_now`` is the text as saved (None if none is)."""
    try:
        return save(**kwargs), form, None
    except StaleEditError as error:
        saved_now = error.conflicts[0] if error.conflicts else None
        data = form.data.copy()
        data["revision"] = str(saved_now.revision if saved_now else 0)
        form = type(form)(data)
        form.is_valid()
        form.add_error(None, f"{error.messages[0]}. {STALE_HINT}")
        return None, form, saved_now
    except ServiceError as error:
        add_service_errors(form, error)
        return None, form, None


def report_criterion(request, slug, code):
    access = get_inspection_for(request.user, slug)
    inspection = access.inspection
    criteria = selectors.writing_criteria(inspection=inspection)
    criterion = next((c for c in criteria if c.code == code), None)
    if criterion is None:
        raise Http404("No such general criterion")
    _, version = selectors.current_report(inspection=inspection)
    narrative = selectors.narrative_of(version=version, criterion=criterion)
    frozen = version is not None and version.is_final and version.frozen_data is not None
    figures = None if frozen else writing_figures(inspection=inspection, criterion_code=criterion.code)
    saved_now = None
    if request.method == "POST":
        inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
        form = NarrativeForm(request.POST)
        if form.is_valid():  # a final version's save is refused by the service, as any write to it
            posted = _add_sentence(request.POST.get("add", "") if figures else "", figures, form, version)
            if not form.errors:
                version = services.ensure_report(inspection=inspection, actor=request.user)
                saved, form, saved_now = save_text(
                    form,
                    services.save_narrative,
                    version=version,
                    criterion=criterion,
                    strengths=posted.strengths,
                    improvements=posted.improvements,
                    revision=posted.revision,
                    added_figure=posted.added,
                    actor=request.user,
                )
                if saved is not None:
                    messages.success(request, posted.message or f"{criterion.code} saved.")
                    url = reverse("reports:report_criterion", args=[inspection.slug, criterion.code])
                    return redirect(url + (f"#id_{posted.target}" if posted.message else ""))
    else:
        form = NarrativeForm(initial=_narrative_initial(narrative))
    context = _criterion_context(access, criteria, criterion, version, narrative, figures)
    return render(request, "reports/report/criterion.html", {**context, "saved_now": saved_now, "form": form})


@require_POST
def report_criterion_accept(request, slug, code):
    """The lead accepts a flagged figure sentence as it is now."""
    inspection = get_inspection_for(request.user, slug, roles={LEAD}).inspection
    criterion = selectors.writing_criterion(inspection=inspection, code=code)
    _, version = selectors.current_report(inspection=inspection)
    if criterion is None or version is None:
        raise Http404("No such general criterion")
    list_name, _, index = request.POST.get("item", "").partition("|")
    try:
        services.accept_figure(
            version=version,
            criterion=criterion,
            list_name=list_name,
            index=int(index) if index.isdigit() else -1,
            revision=int(request.POST.get("revision", "0") or 0),
            actor=request.user,
        )
    except (ServiceError, StaleEditError) as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Figure accepted as it is now.")
    return redirect(reverse("reports:report_criterion", args=[inspection.slug, criterion.code]) + "#figures-to-check")


def _narrative_initial(narrative) -> dict:
    return {
        "strengths": "\n".join(narrative.strengths) if narrative else "",
        "improvements": "\n".join(narrative.improvements) if narrative else "",
        "revision": narrative.revision if narrative else 0,
    }


@dataclass(frozen=True)
class Check:
    """A figure sentence the lead should look at again."""

    label: str  # "Strength (a)"
    item: str  # "strengths|0", what the accept button posts
    text: str  # as written
    printed: str  # as the report prints it
    flag: str


def figure_checks(narrative, figures: WritingFigures) -> list[Check]:
    """The narrative's flagged figure sentences, lettered as the report letters them."""
    if narrative is None or not narrative.figure_refs:
        return []
    lists = {"strengths": narrative.strengths, "improvements": narrative.improvements}
    current = figures.current(narrative_figures.keys_of(narrative.figure_refs))
    return [
        Check(
            f"{LIST_NAMES[item.list]} {lettered(lists[item.list])[item.index][0]}",
            f"{item.list}|{item.index}",
            item.text,
            item.printed,
            item.flag,
        )
        for item in narrative_figures.review(lists, narrative.figure_refs, current)
        if item.flag
    ]


def version_figure_checks(inspection, version) -> list[tuple[object, list[Check]]]:
    """(criterion, its checks) for every general criterion of the draft with a flagged figure sentence."""
    if version is None or not version.is_draft:
        return []
    narratives = [n for n in selectors.narratives_of(version=version) if n.figure_refs]
    if not narratives:
        return []
    figures = writing_figures(inspection=inspection)
    flagged = [(n.criterion, figure_checks(n, figures)) for n in narratives]
    return [(criterion, checks) for criterion, checks in flagged if checks]


def _frozen_figures(version, code: str):
    """A final version's criterion figure and question figures as frozen when it was finalised."""
    data = version_data(version)
    block = next((c for s in data.sections for c in s.criteria if c.code == code), None)
    if block is None:
        return None, []
    questions = [QuestionFigures(row.code, row.full_text, row.figure, ()) for row in block.questions]
    return block.figure, questions


def _criterion_context(
    access: InspectionAccess, criteria: list, criterion, version, narrative, figures: WritingFigures | None
) -> dict:
    inspection = access.inspection
    position = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
    if figures is None:
        figure, questions = _frozen_figures(version, criterion.code)
        is_reinspection = any(q.figure.change is not None for q in questions) or bool(
            figure and figure.change is not None
        )
    else:
        figure, questions = figures.criterion(criterion.code), figures.questions(criterion.code)
        is_reinspection = figures.comparison is not None
    return {
        "inspection": inspection,
        "access": access,
        "version": version,
        "criterion": criterion,
        "narrative": narrative,
        "figure": figure,
        "questions": questions,
        "frozen": figures is None,
        "checks": figure_checks(narrative, figures) if figures is not None and version and version.is_draft else [],
        "is_reinspection": is_reinspection,
        "can_write": can_write(access, version),
        "previous_criterion": criteria[position - 1] if position > 0 else None,
        "next_criterion": criteria[position + 1] if position + 1 < len(criteria) else None,
    }


@dataclass
class _Posted:
    """The narrative as posted, with the offered sentence a button asked for appended."""

    strengths: list[str]
    improvements: list[str]
    revision: int
    target: str = ""  # the list a sentence went to
    message: str = ""  # what happened to it
    added: dict | None = None  # the appended sentence's tie to its figure


def _add_sentence(add: str, figures: WritingFigures | None, form, version) -> _Posted:
    """The posted lists, with the offered sentence ``add`` ("strengths|KEY" or "improvements|KEY")
    appended and tied to its figure; a sentence no longer offered is a form error."""
    posted = _Posted(
        strengths=lines(form.cleaned_data["strengths"]),
        improvements=lines(form.cleaned_data["improvements"]),
        revision=form.cleaned_data["revision"],
    )
    if not add or figures is None:
        return posted
    target, _, key = add.partition("|")
    sentence = figures.tied(key) if figures.sentence(key) is not None else None
    if target not in ("strengths", "improvements") or sentence is None:
        form.add_error(None, "That figure is no longer offered: the scores have changed. Pick it again below.")
        return posted
    items = getattr(posted, target)
    where = "strengths" if target == "strengths" else "areas for improvement"
    posted.target = target
    if sentence.text in items:
        posted.message = f"That sentence is already in the {where}."
    else:
        items.append(sentence.text)
        posted.added = narrative_figures.new_ref(
            list_name=target, key=key, current=sentence.current, version_number=version.number if version else 1
        )
        posted.message = f"Sentence added to the {where}."
    return posted
