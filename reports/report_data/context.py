"""The report's parts around the figures, as the published reports have them: acknowledgements (the
team), the comparison with other areas of the programme, the methodology (sample, assessment,
double marking) and the role of the inspectorate (the criteria set's standard text)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cases.models import Assessment, Inspection, Membership, Resolution
from cases.selectors.composition import MINIMUMS

from ..models import ReportVersion
from ..scoring import InspectionScores, Score
from ..scoring.agreement import ALL, inspection_agreement
from ..wording import count
from .frozen import thaw_headlines
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


def other_areas(inspection: Inspection, scores: InspectionScores) -> tuple[tuple[AreaComparison, ...], int, str]:
    """Each headline's lowest, highest and average over the other areas of the inspection's
    programme whose report is final "to date" (finalised by now), from their final versions' frozen
    figures, beside this inspection's; the number of areas compared and the sentence saying which.

    Never this area's own inspections (the same area, its original inspection), never work in
    progress; headlines are matched by code (a programme may mix criteria sets); nothing when the
    inspection is in no programme or no other area is final. One query.
    """
    now = timezone.now()
    programme, finals = _other_finals(inspection, now)
    if not finals:
        return (), 0, ""
    rows = []
    for headline in scores.headlines:
        others = [found for area in finals if (found := area.get(headline.code)) is not None]
        if not any(score.proportion is not None for score in others):
            continue
        bands = headline.score.bands
        present = [score.proportion for score in others if score.proportion is not None]
        rows.append(
            AreaComparison(
                headline.title,
                Score.of(min(present), bands),
                Score.of(max(present), bands),
                Score.mean_of(others, bands=bands),
                headline.score,
            )
        )
    if not rows:
        return (), 0, ""
    to = date_format(timezone.localtime(now), "j F Y")
    areas = count(len(finals), "other area")
    return tuple(rows), len(finals), f"Compared with the final reports of {areas} of the {programme} programme to {to}"


def _other_finals(inspection: Inspection, now) -> tuple[str, list[dict[str, Score]]]:
    """The programme's name, and headline code → frozen score for each other area's latest final
    report of the programme."""
    if inspection.programme_id is None:
        return "", []
    versions = (
        ReportVersion.objects.filter(
            report__inspection__programme_id=inspection.programme_id,
            status=ReportVersion.Status.FINAL,
            frozen_data__isnull=False,
            finalised_at__lte=now,
        )
        .exclude(report__inspection_id__in=[inspection.pk, inspection.previous_id or 0])
        .exclude(report__inspection__previous_id=inspection.pk)
        .order_by("-finalised_at", "-number")
    )
    if inspection.area:
        versions = versions.exclude(report__inspection__area=inspection.area)
    # Only the headlines and the bands of each frozen report are read, not the whole document.
    rows = versions.values_list(
        "report__inspection__area",
        "report__inspection__name",
        "report__inspection__programme__name",
        "frozen_data__data__headlines",
        "frozen_data__bands",
    )
    programme, seen, finals = "", set(), []
    for area, name, programme_name, headlines, bands in rows:
        if (area or name) in seen or not headlines:
            continue  # an older final of an area already counted
        programme = programme_name
        seen.add(area or name)
        finals.append({block.code: block.figure.score for block in thaw_headlines(headlines, bands)})
    return programme, finals


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
        Assessment.objects.submitted()
        .filter(case__inspection=inspection, is_primary=False)
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
