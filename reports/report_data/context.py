"""The report's parts around the figures, as the published reports have them: acknowledgements (the
team), the comparison with other areas of the programme, the methodology (sample, assessment,
double marking) and the role of the inspectorate (the criteria set's standard text)."""

from django.db.models import Count, Q

from cases.models import Assessment, Inspection, Membership, Resolution
from cases.selectors.inspections import MINIMUMS

from ..scoring import InspectionScores, compute_programme
from ..scoring.agreement import ALL, inspection_agreement
from .types import AreaComparison, Methodology

TEAM_ROLES = (
    (Membership.Role.LEAD, "Lead inspector", "Lead inspectors"),
    (Membership.Role.INSPECTOR, "Inspector", "Inspectors"),
    (Membership.Role.LOCAL_ASSESSOR, "Local assessor", "Local assessors"),
)


def team(inspection: Inspection) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(role, names) of the inspection team, for the acknowledgements (1 query)."""
    names: dict[str, list[str]] = {}
    for membership in Membership.objects.filter(inspection=inspection).select_related("user"):
        user = membership.user
        names.setdefault(membership.role, []).append(user.get_full_name() or user.get_username())
    return tuple(
        (one if len(names[role]) == 1 else many, tuple(sorted(names[role], key=str.casefold)))
        for role, one, many in TEAM_ROLES
        if names.get(role)
    )


def other_areas(inspection: Inspection, scores: InspectionScores) -> tuple[AreaComparison, ...]:
    """Each headline's lowest, highest and average over the inspections on the same criteria set
    (the programme "to date"), beside this inspection's; nothing when it is the only one (9 queries)."""
    inspections = list(Inspection.objects.filter(criteria_set_id=inspection.criteria_set_id))
    if len(inspections) < 2:
        return ()
    programme = compute_programme(inspections=inspections)
    return tuple(
        AreaComparison(row.title, row.lowest, row.highest, row.average, scores.headline(row.code).score)
        for row in programme.headlines
    )


def methodology(inspection: Inspection) -> Methodology:
    """How the cases were sampled and assessed, with double marking figures when recorded (≤ 7 queries)."""
    minimums = tuple(
        (MINIMUMS.get(key, key.replace("_", " ")), int(n)) for key, n in (inspection.sample_minimums or {}).items() if n
    )
    primary = Assessment.objects.filter(case__inspection=inspection, is_primary=True).aggregate(
        assessors=Count("assessor", distinct=True, filter=Assessment.counting()),
        interviews=Count("pk", filter=Assessment.counting() & Q(interview_done=True)),
    )
    double_marked = (
        Assessment.objects.filter(case__inspection=inspection, is_primary=False, status=Assessment.Status.SUBMITTED)
        .values("case")
        .distinct()
        .count()
    )
    agreement, pairs, resolved = "", 0, 0
    if double_marked:
        pooled = next(row for row in inspection_agreement(inspection=inspection).rows if row.question_code == ALL)
        pairs = pooled.pairs
        if pooled.agreement_answer is not None:
            agreement = f"{pooled.agreement_answer}%"
        resolved = Resolution.objects.filter(case__inspection=inspection).count()
    return Methodology(
        minimums=minimums,
        assessors=primary["assessors"],
        interviews=primary["interviews"],
        double_marked=double_marked,
        pairs=pairs,
        agreement=agreement,
        resolved=resolved,
    )


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by a blank line; a single line break is kept inside its paragraph."""
    blocks = ("\n".join(" ".join(line.split()) for line in block.split("\n")) for block in text.split("\n\n"))
    return tuple(block.strip("\n") for block in blocks if block.strip())
