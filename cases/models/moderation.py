"""Moderation (issue 9): a moderator's changes to answers, the criteria moderated, dip samples."""

from django.conf import settings
from django.db import models

from criteria.models import AnswerOption, GeneralCriterion

from .assessments import Assessment, Judgement
from .inspections import Inspection


class Moderation(models.Model):
    """A moderator's change to one answer: the original and the moderated option, and why.

    The judgement's option becomes the moderated one (so ``JudgementQuerySet.counted`` scores it);
    this record keeps the assessor's original answer beside it.
    """

    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="moderations")
    original_option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    moderated_option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.judgement.question.code}: {self.original_option} → {self.moderated_option}"


class ModeratedCriterion(models.Model):
    """A criterion of an assessment the moderator has reviewed (agreed, or changed answers in)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="moderated_criteria")
    general_criterion = models.ForeignKey(GeneralCriterion, on_delete=models.PROTECT, related_name="+")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "general_criterion"], name="unique_moderated_criterion")
        ]

    def __str__(self):
        return f"{self.general_criterion.code} of {self.assessment} reviewed"


class DipSample(models.Model):
    """A random dip sample of submitted assessments for moderation, per inspector, kept as drawn.

    ``seed`` makes it reproducible: the same seed over the same submitted assessments draws the
    same ones (``cases.services.moderation.draw_dip_sample``).
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="dip_samples")
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    per_inspector = models.PositiveIntegerField(null=True, blank=True)
    seed = models.BigIntegerField()
    assessments = models.ManyToManyField(Assessment, related_name="dip_samples")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]

    def __str__(self):
        size = f"{self.percent}%" if self.percent is not None else f"{self.per_inspector}"
        return f"Dip sample of {size} per inspector (seed {self.seed})"
