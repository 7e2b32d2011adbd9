"""A case's assessments and their judgements: when an assessment is complete, who may change it,
which judgements count in scores."""

from collections.abc import Collection, Iterable

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from criteria.models import AnswerOption, Question

from .. import roles
from .cases import Case
from .inspections import Membership


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
        # The rule is worked out only for the questions not answered (the same list, in order).
        return self.case.applicable_questions([q for q in questions if q.id not in answered])

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
            return f"Judgements cannot be changed while the inspection is {inspection.stage}."
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


class JudgementHistory(HistoricalRecords):
    """The judgements' history, indexed only where it is looked up: by its own id, by the
    judgement's (a record's history in the admin) and by the assessment's (a case's history page,
    the erasure of case data). Every imported judgement writes a record, and each index more is
    written with it. ``history_user`` names who, without a database constraint to check on every
    record, nor an index: a user is deactivated, not deleted, and if the admin deletes one, Django
    sets it to NULL here itself (``on_delete``), as before."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField()
        extra["history_user"] = models.ForeignKey(
            settings.AUTH_USER_MODEL,
            null=True,
            related_name="+",
            on_delete=models.SET_NULL,
            db_constraint=False,
            db_index=False,
        )
        return extra


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
    history = JudgementHistory(no_db_index=["question", "option", "updated_by"])

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
