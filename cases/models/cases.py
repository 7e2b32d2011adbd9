"""A sampled case: its unit and characteristics, and which questions apply to it."""

from collections.abc import Iterable

from django.db import models
from simple_history.models import HistoricalRecords

from criteria import vocabulary
from criteria.models import Question

from .inspections import Inspection, Unit


def _choices(values):
    return [(v, v.replace("_", " ").capitalize()) for v in values]


class Case(models.Model):
    """A sampled case. Pseudonymous reference only: never a name."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    case_ref = models.CharField(max_length=50)
    sentence_type = models.CharField(max_length=30, choices=_choices(vocabulary.SENTENCE_TYPES))
    rosh = models.CharField(max_length=20, choices=_choices(vocabulary.ROSH_LEVELS))
    tier = models.CharField(max_length=1, blank=True, choices=_choices(vocabulary.CHARACTERISTICS["tier"]))
    mappa_level = models.CharField(
        max_length=1, blank=True, choices=_choices(vocabulary.CHARACTERISTICS["mappa_level"])
    )
    mappa_category = models.CharField(
        max_length=1, blank=True, choices=_choices(vocabulary.CHARACTERISTICS["mappa_category"])
    )
    ppo = models.CharField(max_length=3, blank=True, choices=_choices(vocabulary.YES_NO))
    approved_premises = models.CharField(max_length=3, blank=True, choices=_choices(vocabulary.YES_NO))
    victim_contact = models.CharField(max_length=3, blank=True, choices=_choices(vocabulary.YES_NO))
    domestic_abuse = models.CharField(max_length=3, blank=True, choices=_choices(vocabulary.YES_NO))
    child_safeguarding = models.CharField(max_length=3, blank=True, choices=_choices(vocabulary.YES_NO))
    gender = models.CharField(max_length=10, blank=True, choices=_choices(vocabulary.CHARACTERISTICS["gender"]))
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    ethnic_group = models.CharField(
        max_length=10, blank=True, choices=_choices(vocabulary.CHARACTERISTICS["ethnic_group"])
    )
    offence_type = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_ref"]
        constraints = [models.UniqueConstraint(fields=["inspection", "case_ref"], name="unique_case_ref")]
        indexes = [models.Index(fields=["inspection", "unit"])]

    def __str__(self):
        return self.case_ref

    def characteristics(self) -> dict[str, str]:
        """Field -> value as strings, the form ``applies_when`` rules are written in."""
        return {
            field: ("" if getattr(self, field) is None else str(getattr(self, field)))
            for field in vocabulary.CHARACTERISTICS
        }

    def applicable_questions[Q](self, questions: Iterable[Q]) -> list[Q]:
        """The questions that apply to this case, in the order given: the one applicability rule.

        A question applies when the case matches every field of its ``applies_when`` rule.
        ``questions``: anything with an ``applies_when`` (questions loaded with ``only()`` do).
        """
        characteristics = self.characteristics()
        return [q for q in questions if vocabulary.applies(q.applies_when, characteristics)]

    def applies(self, question: Question) -> bool:
        return bool(self.applicable_questions([question]))
