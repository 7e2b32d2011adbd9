"""The scoring service (DOMAIN.md, "Scoring rules"): counted in the database, rounded once.

Public API::

    from reports.scoring import compute_scores, compute_breakdown, compare, compute_comparison

    scores = compute_scores(inspection=inspection)                      # submitted work only
    scores = compute_scores(inspection=inspection, include_in_progress=True)   # the lead's preview
    scores = compute_scores(inspection=inspection, case_ids=[...])       # any subset of the sample
    scores.headline("RoH").score.display            # "74%", or an en dash without a denominator (never 0%)
    scores.headline("RoH").score.band_label         # "MODERATE improvement required"
    q = scores.question("1.2.01").score
    q.numerator, q.denominator, q.percent, q.whole_percent   # 35, 47, Decimal("74.468085"), 74
    q.one_decimal, q.ci, q.band_label                        # Decimal("74.5"), (60.5, 84.7) Wilson 95%, "..."
    scores.criterion("1.2"), scores.section("1"), scores.criteria_of("1"), scores.questions_of("1.2")

    breakdown = compute_breakdown(inspection=inspection, by="unit")     # or "rosh_band", "gender", …
    for group in breakdown.groups:                  # every group, zero-case ones too (no score)
        group.key, group.label, group.case_count, group.scores.question("1.2.01").score
    breakdown.overall                               # the whole sample
    breakdown.is_significant("1.2.01")              # chi-square / Fisher's exact between groups
    by_grouping = compute_subsamples(inspection=inspection, by=["rosh_band", "supervision"])  # counted together

    comparison = compute_comparison(inspection=inspection)  # None unless a reinspection (``previous``)
    comparison = compute_comparison(inspection=inspection, current=scores, structure=structure)  # reuse
    change = comparison.change("question", "1.2.01")        # .points (exact pp), .whole_points, .matched
    comparison.previous.inspection_name                     # the original inspection's scores
    comparison = compare(current_scores, previous_scores)   # any two scorings, no queries

    programme = compute_programme(inspections=[...])         # same criteria set; rows .lowest/.highest/.average

    structure = load_structure(criteria_set_id=…)            # 7 queries; pass it on to reuse it
    structure.questions[0].text, .group, .full_text          # a question's own text, its heading, both

Modules: ``structure`` (the criteria set as scoring reads it), ``counting`` (the GROUP BYs and
``build_scores``), ``service`` (the functions above), ``types`` (the values returned for one inspection),
``comparisons`` (breakdowns, comparisons and programmes side by side, and ``Figure``: a score
with its change as a report shows it),
``groupings`` (breakdowns as SQL), ``rounding`` and ``stats``.
"""

from .comparisons import Breakdown, Change, Comparison, Figure, Group, Programme, ProgrammeRow
from .groupings import BREAKDOWN_FIELDS, group_label, is_valid_by, label_of
from .service import (
    compare,
    compute_breakdown,
    compute_breakdowns,
    compute_comparison,
    compute_programme,
    compute_programme_by_code,
    compute_scores,
    compute_subsamples,
)
from .stats import GroupDifference
from .structure import Structure, StructureQuestion, load_structure
from .types import (
    LEVELS,
    NO_SCORE,
    AnyScore,
    Band,
    CriterionScore,
    HeadlineScore,
    InspectionScores,
    QuestionScore,
    Score,
    SectionScore,
    band_for,
)

__all__ = [
    "BREAKDOWN_FIELDS",
    "LEVELS",
    "NO_SCORE",
    "AnyScore",
    "Band",
    "Breakdown",
    "Change",
    "Comparison",
    "CriterionScore",
    "Figure",
    "Group",
    "GroupDifference",
    "HeadlineScore",
    "InspectionScores",
    "Programme",
    "ProgrammeRow",
    "QuestionScore",
    "Score",
    "SectionScore",
    "Structure",
    "StructureQuestion",
    "band_for",
    "compare",
    "compute_breakdown",
    "compute_breakdowns",
    "compute_comparison",
    "compute_programme",
    "compute_programme_by_code",
    "compute_scores",
    "compute_subsamples",
    "group_label",
    "is_valid_by",
    "label_of",
    "load_structure",
]
