"""An inspection's life cycle, in one table: each move from one status to another, who may make it,
what its button says, what it does and what its "Are you sure?" page says, and the notice after it.

Set-up → fieldwork → moderation → reporting → closed, one step at a time; the lead may reopen
reporting for more moderation. ``cases.services.inspections.change_status`` makes the moves,
``cases.selectors.inspections.status_change`` fills the confirmation page from the sample's
progress (``SampleProgress``), and ``cases.views.inspections`` shows the notice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import ngettext

from .models import Inspection
from .roles import LEAD


class SampleProgress(Protocol):
    """What the texts are written from: ``cases.selectors.inspections.SampleProgress``."""

    cases: int
    unallocated: int
    not_started: int
    in_progress: int
    returned: int
    submitted: int
    second_unsubmitted: int
    shortfalls: list


Status = Inspection.Status
STATUS_ORDER = [s.value for s in Status]

# What the confirmation page says, from the sample's progress: (what happens, what the lead should
# weigh first).
type Texts = Callable[[SampleProgress], tuple[list[str], list[str]]]


@dataclass(frozen=True)
class Transition:
    """One move of the life cycle."""

    source: str  # the status it moves from
    status: str  # the status it moves to
    label: str  # the button, and the confirmation page's breadcrumb
    heading: str  # the confirmation page's question
    texts: Texts
    done: str  # the notice once made
    irreversible: bool = True  # no move back to ``source``
    roles: frozenset[str] = frozenset({LEAD})  # who may make it
    needs_fieldwork_ready: bool = False  # refused while ``fieldwork_problems`` lists any

    @property
    def reopen(self) -> bool:
        """A move back (reporting to moderation), shown as a secondary button."""
        return STATUS_ORDER.index(self.status) < STATUS_ORDER.index(self.source)


def cases_text(count: int) -> str:
    """ "1 case", "12 cases" (figures, as the pages count cases)."""
    return ngettext("%(count)d case", "%(count)d cases", count) % {"count": count}


def _assessments(count: int) -> str:
    return ngettext("%(count)d assessment", "%(count)d assessments", count) % {"count": count}


def _unallocated(progress: SampleProgress) -> list[str]:
    if not progress.unallocated:
        return []
    sentence = ngettext(
        "%(cases)s is not allocated to anyone", "%(cases)s are not allocated to anyone", progress.unallocated
    )
    return [sentence % {"cases": cases_text(progress.unallocated)} + "."]


def _shortfalls(progress: SampleProgress) -> list[str]:
    if not progress.shortfalls:
        return []
    parts = [f"{m.label[:1].lower()}{m.label[1:]} ({m.count} of {m.minimum})" for m in progress.shortfalls]
    return ["The sample is short of your minimums for " + ", ".join(parts) + "."]


def _unfinished(progress: SampleProgress) -> int:
    return progress.not_started + progress.in_progress + progress.returned


def _fieldwork(progress: SampleProgress) -> tuple[list[str], list[str]]:
    happens = [
        f"Inspectors and local assessors can start assessing the {cases_text(progress.cases)} in the sample.",
        "The sample can no longer be replaced by uploading a file. You can still add, edit and remove "
        "cases one at a time.",
        "The inspection cannot go back to setting up.",
    ]
    return happens, _unallocated(progress) + _shortfalls(progress)


def _moderation(progress: SampleProgress) -> tuple[list[str], list[str]]:
    happens = [
        "You and quality assurance can moderate submitted assessments.",
        "Assessors can still finish and submit their assessments.",
        "The inspection cannot go back to fieldwork.",
    ]
    unfinished = _unfinished(progress)
    consequences = []
    if unfinished:
        sentence = ngettext("%(assessments)s is not submitted yet", "%(assessments)s are not submitted yet", unfinished)
        consequences.append(sentence % {"assessments": _assessments(unfinished)} + ".")
    return happens, consequences + _unallocated(progress)


# Work that reporting freezes: (count of, singular, plural).
_FROZEN = (
    (
        "in_progress",
        "%(assessments)s is in progress and will be frozen",
        "%(assessments)s are in progress and will be frozen",
    ),
    (
        "returned",
        "%(assessments)s returned to its assessor will be frozen",
        "%(assessments)s returned to their assessors will be frozen",
    ),
    (
        "not_started",
        "%(assessments)s allocated but not started will be frozen",
        "%(assessments)s allocated but not started will be frozen",
    ),
)


def _reporting(progress: SampleProgress) -> tuple[list[str], list[str]]:
    happens = [
        "Judgements are frozen: no one can change an answer, submit an assessment or moderate.",
        "The sample can no longer be changed.",
        ngettext(
            "Only submitted assessments count in the scores: %(submitted)d case of %(total)d.",
            "Only submitted assessments count in the scores: %(submitted)d cases of %(total)d.",
            progress.submitted,
        )
        % {"submitted": progress.submitted, "total": progress.cases},
        "You can reopen the inspection for moderation later if something needs to change.",
    ]
    consequences = []
    for field, singular, plural in _FROZEN:
        count = getattr(progress, field)
        if count:
            frozen = ngettext(singular, plural, count) % {"assessments": _assessments(count)}
            consequences.append(
                f"{frozen}: {ngettext('it will not count', 'they will not count', count)} in the scores."
            )
    if progress.second_unsubmitted:
        sentence = ngettext(
            "%(count)d second marking is not submitted: it will not count in the agreement figures.",
            "%(count)d second markings are not submitted: they will not count in the agreement figures.",
            progress.second_unsubmitted,
        )
        consequences.append(sentence % {"count": progress.second_unsubmitted})
    return happens, consequences + _unallocated(progress) + _shortfalls(progress)


def _closing(progress: SampleProgress) -> tuple[list[str], list[str]]:
    happens = [
        "The inspection is finished: it cannot be reopened.",
        "Once the report has a final version, the day the inspection closed counts as its publication: "
        f"the case data can be erased {settings.RETENTION_DAYS} days later.",
    ]
    unfinished = _unfinished(progress)
    if not unfinished:
        return happens, []
    sentence = ngettext(
        "%(assessments)s was never submitted and will never count in the scores.",
        "%(assessments)s were never submitted and will never count in the scores.",
        unfinished,
    )
    return happens, [sentence % {"assessments": _assessments(unfinished)}]


def _reopening(progress: SampleProgress) -> tuple[list[str], list[str]]:
    happens = [
        "Judgements can be changed again: assessors can finish their assessments and you can moderate.",
        "The figures in draft reports will change as answers change.",
        "Start reporting again when moderation is finished.",
    ]
    return happens, []


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Status.SETUP,
        Status.FIELDWORK,
        label="Start fieldwork",
        heading="Are you sure you want to start fieldwork?",
        texts=_fieldwork,
        done="Fieldwork has started.",
        needs_fieldwork_ready=True,
    ),
    Transition(
        Status.FIELDWORK,
        Status.MODERATION,
        label="Start moderation",
        heading="Are you sure you want to start moderation?",
        texts=_moderation,
        done="Moderation has started.",
    ),
    Transition(
        Status.MODERATION,
        Status.REPORTING,
        label="Start reporting",
        heading="Are you sure you want to start reporting?",
        texts=_reporting,
        done="Reporting has started: judgements are frozen.",
        irreversible=False,
    ),
    Transition(
        Status.REPORTING,
        Status.CLOSED,
        label="Close the inspection",
        heading="Are you sure you want to close the inspection?",
        texts=_closing,
        done="The inspection is closed.",
    ),
    Transition(
        Status.REPORTING,
        Status.MODERATION,
        label="Reopen for moderation",
        heading="Are you sure you want to reopen the inspection for moderation?",
        texts=_reopening,
        done="The inspection is open for moderation again.",
        irreversible=False,
    ),
)
# Who may open the confirmation pages: anyone who may make some move.
MAY_CHANGE_STATUS = frozenset().union(*(t.roles for t in TRANSITIONS))


def transition(source: str, status: str) -> Transition | None:
    """The move from ``source`` to ``status``, or None when the life cycle has none."""
    return next((t for t in TRANSITIONS if t.source == source and t.status == status), None)


def allowed_transitions(inspection: Inspection) -> list[Transition]:
    """The moves the inspection may make next, furthest first."""
    moves = [t for t in TRANSITIONS if t.source == inspection.status]
    return sorted(moves, key=lambda t: STATUS_ORDER.index(t.status), reverse=True)


def action_label(status: str) -> str:
    """What moving to ``status`` is called (the button of the first move there)."""
    return next((t.label for t in TRANSITIONS if t.status == status), f"Move it to {status}")


def fieldwork_problems(*, inspection: Inspection) -> list[tuple[str, str]]:
    """Why fieldwork cannot start yet, as (the page that fixes it, message) ([] when it can): the
    one home of the rule, which ``change_status`` enforces and the confirmation page shows (two
    queries)."""
    problems = []
    if not inspection.memberships.leads().exists():
        problems.append(("team", "Appoint a lead inspector before fieldwork starts"))
    if not inspection.cases.exists():
        problems.append(("sample", "Add the case sample before fieldwork starts"))
    return problems


def problems(move: Transition, *, inspection: Inspection) -> list[tuple[str, str]]:
    """Why ``move`` would be refused now, as (the page that fixes it, message)."""
    return fieldwork_problems(inspection=inspection) if move.needs_fieldwork_ready else []
