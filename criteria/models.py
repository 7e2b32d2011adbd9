"""Criteria sets: sections -> general criteria -> specific criteria, and the case questions.

A criteria set is immutable once an inspection uses it; a new version is a new slug.
"""

from django.db import models
from django.db.models import Prefetch
from simple_history.models import HistoricalRecords


class CriteriaSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CriteriaSet.Status.PUBLISHED)

    def with_content(self):
        """Every part of each set prefetched, in a fixed number of queries whatever the set's size."""
        questions = Question.objects.select_related("scale").prefetch_related("headlines", "specific_criteria")
        criteria = GeneralCriterion.objects.prefetch_related(
            "specific_criteria", Prefetch("questions", queryset=questions)
        )
        return self.prefetch_related(
            "headlines",
            "rating_bands",
            "answer_scales__options",
            "glossary",
            Prefetch("sections", queryset=Section.objects.prefetch_related(Prefetch("criteria", queryset=criteria))),
        )


class CriteriaSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    # The standard text of the reports' "Role of the inspectorate" appendix (paragraphs separated by a blank line).
    role_of_inspectorate = models.TextField(blank=True)
    # An answer below the line needs a rationale (the criterion page refuses it without one, and so
    # does submitting): the YAML key ``rationale_required_below_line``.
    rationale_required_below_line = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "slug"]
        permissions = [("manage_criteria", "Can load, publish and retire criteria sets")]

    def __str__(self):
        return f"{self.name} ({self.version})" if self.version else self.name

    def requires_rationale(self, option: "AnswerOption | None") -> bool:
        """Whether an answer with ``option`` needs a rationale in this set: one below the line when
        the set says so."""
        return self.rationale_required_below_line and option is not None and option.is_below_line

    @property
    def is_in_use(self) -> bool:
        """Used by an inspection (of any status): its content can then never change."""
        return self.inspections.exists()


class Headline(models.Model):
    class Method(models.TextChoices):
        MEAN = "mean", "Mean of question scores"
        POOLED = "pooled", "Pooled (sum of numerators over sum of denominators)"

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="headlines")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.MEAN)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_headline_code")]

    def __str__(self):
        return self.title


class RatingBand(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="rating_bands")
    min_score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.min_score}: {self.label}"


class AnswerScale(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="answer_scales")
    code = models.CharField(max_length=50)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_scale_code")]

    def __str__(self):
        return self.code

    def label_of(self, value: str) -> str:
        """The label of this scale's option ``value`` (the value itself when it has none); uses
        prefetched options."""
        return next((o.label for o in self.options.all() if o.value == value), value)


class AnswerOption(models.Model):
    class Scoring(models.TextChoices):
        ABOVE = "above", "Above the line"
        BELOW = "below", "Below the line"
        EXCLUDED = "excluded", "Excluded"

    scale = models.ForeignKey(AnswerScale, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(max_length=50)
    label = models.CharField(max_length=200)
    scoring = models.CharField(max_length=10, choices=Scoring.choices)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="unique_option_value")]

    def __str__(self):
        return self.label

    @property
    def is_below_line(self) -> bool:
        return self.scoring == self.Scoring.BELOW


class Section(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_section_code")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class GeneralCriterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="general_criteria")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    statement = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "general criteria"
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_criterion_code")]

    def __str__(self):
        return f"{self.code} {self.title}"


class SpecificCriterion(models.Model):
    general_criterion = models.ForeignKey(GeneralCriterion, on_delete=models.CASCADE, related_name="specific_criteria")
    code = models.CharField(max_length=20)
    text = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "specific criteria"

    def __str__(self):
        return self.code


class Question(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="questions")
    general_criterion = models.ForeignKey(GeneralCriterion, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=30)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    # How report sentences name the work, e.g. "the RoH screening was completed at the start of sentence"
    # (empty: made from the group heading and the text).
    sentence = models.CharField(max_length=300, blank=True)
    group = models.CharField(
        max_length=300, blank=True, help_text="Shared heading, e.g. 'The analysis accurately reflected RoH:'"
    )
    # RESTRICT, not PROTECT: a scale cannot go alone, but may go with its whole criteria set.
    scale = models.ForeignKey(AnswerScale, on_delete=models.RESTRICT, related_name="questions")
    headlines = models.ManyToManyField(Headline, related_name="questions", blank=True)
    specific_criteria = models.ManyToManyField(SpecificCriterion, related_name="questions", blank=True)
    # {field: [allowed values]}; empty applies to every case (see criteria.vocabulary.applies).
    applies_when = models.JSONField(default=dict, blank=True)
    order = models.PositiveIntegerField(help_text="Position in the whole criteria set")
    # Matches this question across criteria sets in pooled analysis (empty: its own code).
    analysis_code = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_question_code")]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def full_text(self) -> str:
        return f"{self.group} {self.text}" if self.group else self.text

    @property
    def analysis_key(self) -> str:
        """The code pooled analysis matches this question by, across criteria sets."""
        return self.analysis_code or self.code


class GlossaryTerm(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=100)
    meaning = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.term
