"""Reads for the lead's dashboard and the sample lists: each case's progress status, its labels and
the counts of primary assessments by status per assessor and per unit."""

from dataclasses import dataclass

from django.utils.encoding import force_str

from inspection.links import reverser

from ..models import Assessment, Case, Inspection, Membership
from .inspections import ListedCase, person_name, sample_cases

NOT_ALLOCATED = "not_allocated"
PROGRESS_STATUSES = [NOT_ALLOCATED, *Assessment.Status.values]
PROGRESS_LABELS = {NOT_ALLOCATED: "Not allocated", **dict(Assessment.Status.choices)}


@dataclass
class ProgressRow:
    label: str
    counts: dict[str, int]
    user_id: int | None = None
    role: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in PROGRESS_STATUSES]


@dataclass(frozen=True)
class CaseRow:
    """A case of the sample lists and the dashboard with what its row shows, worked out once here
    rather than by the template a row at a time (``label_cases``)."""

    case: ListedCase  # from ``sample_cases``: its unit, its primary assessment's status and assessor
    sentence_label: str  # ``get_sentence_type_display()``
    rosh_label: str  # ``get_rosh_display()``
    progress_status: str  # the primary assessment's status, or NOT_ALLOCATED
    progress_label: str
    progress_tag_class: str  # the status tag's modifier
    assessor_name: str  # "" when not allocated
    edit_url: str = ""  # the sample page's links, while the sample may change
    remove_url: str = ""


@dataclass
class InspectionProgress:
    by_assessor: list[ProgressRow]
    by_unit: list[ProgressRow]
    overall: ProgressRow
    cases: list[CaseRow]


# The tag modifier class of each progress status (``CaseRow.progress_tag_class``).
STATUS_TAG_CLASSES = {
    NOT_ALLOCATED: " govuk-tag--grey",
    Assessment.Status.NOT_STARTED: " govuk-tag--grey",
    Assessment.Status.IN_PROGRESS: " govuk-tag--light-blue",
    Assessment.Status.SUBMITTED: " govuk-tag--green",
    Assessment.Status.RETURNED: " govuk-tag--orange",
}


def display_for(field: str):
    """``case.get_<field>_display()`` as a function of the value, the choices read once (not per row)."""
    choices = dict(Case._meta.get_field(field).flatchoices)
    return lambda value: force_str(choices.get(value, value), strings_only=True)


def label_cases(*, cases: list[ListedCase], members: list[Membership], links_for: str = "") -> list[CaseRow]:
    """Each case from ``sample_cases`` as a ``CaseRow`` (no query: names come from the team list);
    with ``links_for`` (the inspection's slug) each row carries its edit and remove links, reversed
    once for the whole table."""
    names = {m.user_id: person_name(m.user) for m in members}
    sentence_label, rosh_label = display_for("sentence_type"), display_for("rosh")
    edit_url = reverser("cases:case_edit", links_for) if links_for else None
    remove_url = reverser("cases:case_remove", links_for) if links_for else None
    rows = []
    for case in cases:
        status = (case.assessment_status if case.assessor_id else None) or NOT_ALLOCATED
        rows.append(
            CaseRow(
                case=case,
                sentence_label=sentence_label(case.sentence_type),
                rosh_label=rosh_label(case.rosh),
                progress_status=status,
                progress_label=PROGRESS_LABELS[status],
                progress_tag_class=STATUS_TAG_CLASSES.get(status, ""),
                # An assessor outside the team can only come from data changed outside the services.
                assessor_name=names.get(case.assessor_id, "Not in the team") if case.assessor_id else "",
                edit_url=edit_url(case.case_ref) if edit_url else "",
                remove_url=remove_url(case.case_ref) if remove_url else "",
            )
        )
    return rows


def inspection_progress(*, inspection: Inspection, members: list[Membership]) -> InspectionProgress:
    """The lead's dashboard: counts of primary assessments by status per assessor and per unit,
    and every case with its status and assessor. One query (plus the team, passed in)."""
    rows = label_cases(cases=list(sample_cases(inspection=inspection)), members=members)

    def empty(label, **kwargs):
        return ProgressRow(label=label, counts=dict.fromkeys(PROGRESS_STATUSES, 0), **kwargs)

    by_assessor = {m.user_id: empty(person_name(m.user), user_id=m.user_id, role=m.get_role_display()) for m in members}
    by_unit: dict[str, ProgressRow] = {}
    overall = empty("All cases")
    for row in rows:
        case, status = row.case, row.progress_status
        if case.assessor_id:
            row = by_assessor.get(case.assessor_id)
            if row is None:
                row = by_assessor[case.assessor_id] = empty("Not in the team", user_id=case.assessor_id)
            row.counts[status] += 1
        by_unit.setdefault(case.unit.name, empty(case.unit.name)).counts[status] += 1
        overall.counts[status] += 1
    return InspectionProgress(
        by_assessor=list(by_assessor.values()),
        by_unit=sorted(by_unit.values(), key=lambda r: r.label),
        overall=overall,
        cases=rows,
    )
