"""Inspections, their teams and case samples, and the case assessments with their judgements.

Every write goes through ``cases.services``; django-simple-history keeps who changed what. The
assessment rules live here, each in one place: which questions apply to a case
(``Case.applicable_questions``), when an assessment is complete (``Assessment.missing_questions``),
who may change it (``Assessment.edit_refusal``) and which judgements count in scores
(``JudgementQuerySet.counted``).

Modules: ``inspections`` (Programme, Inspection, Membership, Unit), ``cases`` (Case),
``assessments`` (Assessment, Judgement), ``moderation`` (Moderation, ModeratedCriterion,
DipSample) and ``double_marking`` (DoubleMarkingDraw, Resolution). Every model is imported here, so
``cases.models.X`` names each one.
"""

from .inspections import Inspection, InspectionQuerySet, Membership, MembershipQuerySet, Programme, Unit  # isort: skip
from .cases import Case  # isort: skip
from .assessments import Assessment, AssessmentQuerySet, Judgement, JudgementQuerySet  # isort: skip
from .moderation import DipSample, ModeratedCriterion, Moderation  # isort: skip
from .double_marking import DoubleMarkingDraw, Resolution  # isort: skip

__all__ = [
    "Assessment",
    "AssessmentQuerySet",
    "Case",
    "DipSample",
    "DoubleMarkingDraw",
    "Inspection",
    "InspectionQuerySet",
    "Judgement",
    "JudgementQuerySet",
    "Membership",
    "MembershipQuerySet",
    "ModeratedCriterion",
    "Moderation",
    "Programme",
    "Resolution",
    "Unit",
]
