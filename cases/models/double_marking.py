"""Double marking (issue 9): the draws of cases to mark twice, and the agreed answers."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from criteria.models import AnswerOption, Question

from .cases import Case
from .inspections import Inspection


class DoubleMarkingDraw(models.Model):
    """A random draw of cases for double marking, kept so it can be reproduced: the same seed,
    number per inspector and sample give the same cases (``cases.services.double_marking``)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="double_marking_draws")
    seed = models.BigIntegerField()
    per_inspector = models.PositiveIntegerField()
    second_assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case_refs = models.JSONField(default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at"]

    def __str__(self):
        return f"Double marking draw {self.seed} of {self.inspection}"


class Resolution(models.Model):
    """The lead's agreed answer to a question the two markers of a case answered differently.

    The agreed answer is written onto the primary judgement (so scores, which count primary
    answers only, use it); both markers' original answers are kept here and in the history.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resolutions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    primary_option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    second_option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    agreed_option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question"], name="unique_resolution")]

    def __str__(self):
        return f"Resolution of {self.question.code} on {self.case}"
