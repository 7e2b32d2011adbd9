"""Inspections, their teams and case samples, and the case assessments with their judgements.

Every write goes through ``cases.services``; django-simple-history keeps who changed what. The
assessment rules live here, each in one place: which questions apply to a case
(``Case.applicable_questions``), when an assessment is complete (``Assessment.missing_questions``),
who may change it (``Assessment.edit_refusal``) and which judgements count in scores
(``JudgementQuerySet.counted``).
"""

from collections.abc import Collection, Iterable

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from criteria import vocabulary
from criteria.models import AnswerOption, CriteriaSet, GeneralCriterion, Question

from . import roles
from .roles import Role, is_admin


class Programme(models.Model):
    """One cycle of inspections (e.g. "OMI2, 2009–2012"): the areas a report compares itself with,
    and the unit of pooled analysis across inspections."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "name"]
        permissions = [("analyse_programmes", "Can read pooled figures across inspections")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Inspections the user belongs to; admins who manage inspections see them all."""
        if is_admin(user):
            return self
        return self.filter(memberships__user=user).distinct()


class Inspection(models.Model):
    class Status(models.TextChoices):
        SETUP = "setup", "Setting up"
        FIELDWORK = "fieldwork", "Fieldwork"
        MODERATION = "moderation", "Moderation"
        REPORTING = "reporting", "Reporting"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=200, blank=True, help_text="Probation area or trust inspected")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="inspections")
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reinspections",
        help_text="The original inspection, for a reinspection",
    )
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    sample_date = models.DateField(null=True, blank=True, help_text="Date ages are counted at")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETUP)
    # Sample minimums the lead sets: {"high_rosh": 10, "ppo": 5, "approved_premises": 3, ...}
    sample_minimums = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "name"]
        permissions = [("manage_inspections", "Can create inspections and appoint lead inspectors")]

    def __str__(self):
        return self.name

    @property
    def judgements_editable(self) -> bool:
        return self.status in (self.Status.SETUP, self.Status.FIELDWORK, self.Status.MODERATION)

    def is_led_by(self, user) -> bool:
        """Whether ``user`` is this inspection's lead inspector (one query): the check services make
        of their actor (pages know it already, from ``cases.permissions.get_inspection_for``)."""
        return Membership.objects.leads().filter(inspection_id=self.pk, user=user).exists()


class MembershipQuerySet(models.QuerySet):
    def leads(self):
        return self.filter(role=Membership.Role.LEAD)


class Membership(models.Model):
    Role = Role  # cases/roles.py: the role rules

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.inspection}"


class Unit(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=200)
    # Cases the unit supervised when the sample was drawn, entered by the lead: the report's
    # contextual information sets the sample against it.
    caseload = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["inspection", "name"], name="unique_unit_name")]

    def __str__(self):
        return self.name


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


class AssessmentQuerySet(models.QuerySet):
    def primary(self):
        return self.filter(is_primary=True)

    def submitted(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def counted(self):
        """The assessments whose cases count in scores and the report (``Assessment.counting``)."""
        return self.filter(Assessment.counting())


class Assessment(models.Model):
    """One inspector's assessment of one case.

    ``is_primary`` marks the assessment that counts in scores; a second marker's assessment
    (double marking, for inter-rater agreement) is kept alongside with is_primary False.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    is_primary = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    interview_done = models.BooleanField(null=True, blank=True)
    interview_date = models.DateField(null=True, blank=True)
    interview_notes = models.TextField(blank=True)
    # Moderation (issue 9): who finished moderating it and when; cleared when it is returned.
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Returned by the system because the case's characteristics changed which questions apply.
    returned_for_characteristics = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    # Whose answers count in scores, and in the lead's labelled live preview.
    COUNTED_STATUSES = (Status.SUBMITTED,)
    PREVIEW_STATUSES = (Status.SUBMITTED, Status.IN_PROGRESS, Status.RETURNED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(is_primary=True), name="one_primary_assessment_per_case"
            )
        ]
        indexes = [models.Index(fields=["assessor", "status"])]

    def __str__(self):
        return f"Assessment of {self.case}"

    @classmethod
    def counting(cls, prefix: str = "", *, include_in_progress: bool = False) -> models.Q:
        """Which cases count: the one rule. A case counts when its primary assessment is in
        ``COUNTED_STATUSES`` (``PREVIEW_STATUSES`` for the lead's live preview). ``prefix``: the
        path to the assessment from the model filtered (``"assessment__"`` for judgements)."""
        statuses = cls.PREVIEW_STATUSES if include_in_progress else cls.COUNTED_STATUSES
        return models.Q(**{f"{prefix}is_primary": True, f"{prefix}status__in": statuses})

    @property
    def counts(self) -> bool:
        """``counting()`` in memory: whether this assessment's case counts."""
        return self.is_primary and self.status in self.COUNTED_STATUSES

    def missing_questions(
        self, *, questions: Iterable[Question] | None = None, answered: Collection[int] | None = None
    ) -> list[Question]:
        """The questions that apply to the case and have no answer yet, in order: the one
        completeness rule (submitting, the task list and the judgements import use it). The
        assessment is complete when none is missing.

        ``questions`` (the criteria set's, in order) and ``answered`` (the ids of the questions
        answered, ``JudgementQuerySet.answered``) are read when not given (two queries); a page or
        an import holding them already passes them.
        """
        if questions is None:
            questions = (
                Question.objects.filter(criteria_set_id=self.case.inspection.criteria_set_id)
                .select_related("general_criterion")
                .order_by("order")
            )
        if answered is None:
            answered = set(self.judgements.answered().values_list("question_id", flat=True))
        return [q for q in self.case.applicable_questions(questions) if q.pk not in answered]

    def edit_refusal(self, user, *, is_lead: bool | None = None) -> str:
        """Why ``user`` may not change this assessment (its judgements, interview, submission), or
        "" when they may: the one edit-rights rule, for pages (shown read-only) and services alike.

        The case's assessor edits until they submit; the lead inspector edits until it is submitted,
        then only through moderation (``cases.services.moderation``); both only while the
        inspection's status allows judgement edits. ``is_lead``: whether ``user`` leads the
        inspection, when the caller knows; otherwise it is looked up (one query) only where it
        matters. Needs ``case.inspection``.
        """
        inspection = self.case.inspection
        if not inspection.judgements_editable:
            return f"Judgements cannot be changed while the inspection is in {inspection.get_status_display().lower()}."
        if self.assessor_id == user.pk and self.status != self.Status.SUBMITTED:
            return ""
        if is_lead is None:
            is_lead = inspection.is_led_by(user)
        if is_lead and self.status == self.Status.SUBMITTED:
            # A submitted answer changes only through moderation, which asks why and keeps the original.
            return "This assessment has been submitted: to change an answer, moderate it (you will be asked why)."
        if is_lead:
            return ""
        if self.assessor_id != user.pk:
            return "Only the case's assessor and the lead inspector can change this assessment."
        return "You have submitted this assessment. The lead inspector can return it to you if it needs changes."

    def is_editor(self, user) -> bool:
        """Whether ``user`` is one of the people who edit this assessment (its assessor or the lead),
        whatever its status: who else asks gets a 403. Needs ``case.inspection``."""
        return self.assessor_id == user.pk or self.case.inspection.is_led_by(user)

    def _role_of(self, user) -> str | None:
        memberships = Membership.objects.filter(inspection_id=self.case.inspection_id, user=user)
        return memberships.values_list("role", flat=True).first()

    def can_moderate(self, user) -> bool:
        """Whether ``user`` moderates the case's inspection: a role in ``roles.MODERATORS`` (one query)."""
        return self._role_of(user) in roles.MODERATORS

    def moderation_refusal(self, user) -> str:
        """Why ``user`` may not moderate this assessment, or "" (``roles.moderation_refusal``, one query)."""
        return roles.moderation_refusal(assessor_id=self.assessor_id, user=user, role=self._role_of(user))


class JudgementQuerySet(models.QuerySet):
    def answered(self):
        """The judgements that answer their question (``Judgement.answering``)."""
        return self.filter(Judgement.answering())

    def unexplained(self):
        """Answers below the line with no rationale, where their criteria set requires one
        (``CriteriaSet.rationale_required_below_line``): they stop an assessment being submitted."""
        return self.answered().filter(
            option__scoring=AnswerOption.Scoring.BELOW,
            question__criteria_set__rationale_required_below_line=True,
            rationale="",  # forms and the import strip what they are given
        )

    def counted(self, *, include_in_progress: bool = False, scoring_option_ids: Iterable[int] | None = None):
        """The judgements that count in scores: the one rule, used by scoring, exports and reports.

        An answer counts when its question applies to the case, it belongs to the case's primary
        assessment, that assessment is submitted (or, for the lead's labelled live preview with
        ``include_in_progress``, in progress or returned), and its option is above or below the
        line (excluded options and blanks count for nothing). ``scoring_option_ids`` lets the
        scoring service name the above/below options it already holds instead of joining them.
        """
        if scoring_option_ids is not None:
            counting = Assessment.counting("assessment__", include_in_progress=include_in_progress)
            return self.filter(counting, applicable=True, option_id__in=list(scoring_option_ids))
        return self.filter(self.counting(include_in_progress=include_in_progress))

    @staticmethod
    def counting(*, include_in_progress: bool = False) -> models.Q:
        """``counted()`` as a condition, to mark each row (the raw export's ``counted``) instead of filtering."""
        return Assessment.counting("assessment__", include_in_progress=include_in_progress) & models.Q(
            applicable=True, option__scoring__in=[AnswerOption.Scoring.ABOVE, AnswerOption.Scoring.BELOW]
        )


class Judgement(models.Model):
    """An assessor's answer to one question for one case.

    ``applicable`` is kept in step with the case's characteristics by the services: a judgement
    whose question stops applying is kept (no work is lost) but never counted in scores.
    ``version`` increases on every change; forms carry it to refuse stale saves.
    """

    class NotablePractice(models.TextChoices):
        NONE = "", "None"
        GOOD = "good", "Good practice"
        POOR = "poor", "Poor practice"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="judgements")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rationale = models.TextField(blank=True)
    notable_practice = models.CharField(max_length=4, blank=True, choices=NotablePractice.choices)
    notable_example = models.TextField(blank=True)
    applicable = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = JudgementQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="unique_judgement")]

    def __str__(self):
        return f"{self.question.code}: {self.option}"

    @staticmethod
    def answering(prefix: str = "") -> models.Q:
        """ "Answered", the one rule: an option chosen while the question applies (``is_answer`` in
        memory). ``prefix``: the path to the judgement (``"judgements__"`` from an assessment)."""
        return models.Q(**{f"{prefix}option__isnull": False, f"{prefix}applicable": True})

    @property
    def is_answer(self) -> bool:
        """Whether this judgement answers its question (``JudgementQuerySet.answered``)."""
        return self.option_id is not None and self.applicable


# --- Moderation (issue 9) ---


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


# --- Double marking (issue 9) ---


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
