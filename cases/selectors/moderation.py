"""Reads for moderation (issue 9): the queue of submitted assessments with its filters, one
assessment's criteria and judgements as the moderator reviews them, and the moderation figures
per inspector and per question. Each a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from criteria import vocabulary
from criteria.models import AnswerOption, GeneralCriterion, Question

from ..models import (
    Assessment,
    DipSample,
    Inspection,
    Judgement,
    Membership,
    ModeratedCriterion,
    Moderation,
    Unit,
)
from .inspections import person_name

# --- The queue ---


@dataclass(frozen=True)
class QueueFilters:
    assessor_id: int | None = None
    unit_id: int | None = None
    rosh: str = ""
    criterion_code: str = ""
    dip_sample: bool = False  # only the assessments of the latest dip sample
    moderated: str = ""  # "yes", "no" or "" for both

    @property
    def active(self) -> bool:
        return self != QueueFilters()


def latest_dip_sample(*, inspection: Inspection) -> DipSample | None:
    return DipSample.objects.filter(inspection=inspection).select_related("drawn_by").first()


# What a row of the queue shows (``label_queue``, the template): the rest of each row is not read.
_PERSON = ("username", "first_name", "last_name")
QUEUE_FIELDS = [
    "assessor_id",
    "moderated_at",
    "case__case_ref",
    "case__rosh",
    "case__unit__name",
    *(f"assessor__{name}" for name in _PERSON),
    *(f"moderated_by__{name}" for name in _PERSON),
]


def moderation_queue(
    *, inspection: Inspection, filters: QueueFilters, dip_sample: DipSample | None = None
) -> QuerySet[Assessment]:
    """Submitted primary assessments with their case, unit, assessor and moderator (what the queue
    shows of them: ``QUEUE_FIELDS``), each annotated ``in_dip_sample`` (in ``dip_sample``, the latest)
    and ``changed`` (answers moderated). One query."""
    in_sample = DipSample.assessments.through.objects.filter(
        assessment_id=OuterRef("pk"), dipsample_id=dip_sample.pk if dip_sample else None
    )
    # Counted by a subquery per row, not a join of every judgement grouped by all the columns.
    changed = (
        Moderation.objects.filter(judgement__assessment_id=OuterRef("pk"))
        .order_by()
        .values("judgement__assessment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queue = (
        Assessment.objects.primary()
        .submitted()
        .filter(case__inspection=inspection)
        .select_related("case", "case__unit", "assessor", "moderated_by")
        .only(*QUEUE_FIELDS)
        .annotate(in_dip_sample=Exists(in_sample), changed=Coalesce(Subquery(changed), 0))
        .order_by("case__unit__name", "case__case_ref")
    )
    if filters.assessor_id is not None:
        queue = queue.filter(assessor_id=filters.assessor_id)
    if filters.unit_id is not None:
        queue = queue.filter(case__unit_id=filters.unit_id)
    if filters.rosh:
        queue = queue.filter(case__rosh=filters.rosh)
    if filters.criterion_code:
        answered = Judgement.objects.answered().filter(
            assessment_id=OuterRef("pk"), question__general_criterion__code=filters.criterion_code
        )
        queue = queue.filter(Exists(answered))
    if filters.dip_sample:
        queue = queue.filter(in_dip_sample=True)
    if filters.moderated == "yes":
        queue = queue.filter(moderated_at__isnull=False)
    elif filters.moderated == "no":
        queue = queue.filter(moderated_at__isnull=True)
    return queue


@dataclass
class QueueChoices:
    assessors: list[tuple[str, str]]
    units: list[tuple[str, str]]
    rosh: list[tuple[str, str]]
    criteria: list[tuple[str, str]]


def queue_choices(*, inspection: Inspection) -> QueueChoices:
    """The filters' options: assessors with a submitted assessment, units, RoSH levels and the
    criteria that have questions. Three queries."""
    assessors = (
        get_user_model()
        .objects.filter(
            Assessment.counting("assessments__"),
            assessments__case__inspection=inspection,
        )
        .distinct()
        .order_by("username")
    )
    criteria = (
        GeneralCriterion.objects.filter(section__criteria_set_id=inspection.criteria_set_id, questions__isnull=False)
        .distinct()
        .order_by("order")
    )
    return QueueChoices(
        assessors=[(str(u.pk), person_name(u)) for u in assessors],
        units=[(str(u.pk), u.name) for u in Unit.objects.filter(inspection=inspection).order_by("name")],
        rosh=[(value, value.replace("_", " ").capitalize()) for value in vocabulary.ROSH_LEVELS],
        criteria=[(c.code, f"{c.code} {c.title}") for c in criteria],
    )


# --- One assessment under moderation ---


@dataclass
class ModeratedAnswer:
    question: Question
    judgement: Judgement
    moderations: list[Moderation]  # oldest first

    @property
    def original_option(self) -> AnswerOption | None:
        """The assessor's answer before any moderation (None when it was never changed)."""
        return self.moderations[0].original_option if self.moderations else None


@dataclass
class CriterionReview:
    criterion: GeneralCriterion
    answers: list[ModeratedAnswer] = field(default_factory=list)
    reviewed: ModeratedCriterion | None = None

    @property
    def changed(self) -> int:
        return sum(bool(a.moderations) for a in self.answers)

    @property
    def applicable(self) -> list[Question]:
        """The questions reviewed (as a criterion page's, for the conflict form)."""
        return [a.question for a in self.answers]

    @property
    def judgements(self) -> dict[int, Judgement]:
        """The judgements by question id (as a criterion page's, for the conflict form)."""
        return {a.question.pk: a.judgement for a in self.answers}


def assessment_review(*, assessment: Assessment) -> list[CriterionReview]:
    """The assessment's answered judgements by criterion, in criteria-set order, each with its
    moderations, and which criteria the moderator has reviewed. Three queries."""
    judgements = (
        Judgement.objects.answered()
        .filter(assessment=assessment)
        .select_related("question", "question__general_criterion", "option", "updated_by")
        .prefetch_related(
            Prefetch(
                "moderations",
                queryset=Moderation.objects.select_related("original_option", "moderated_option", "moderator"),
            )
        )
        .order_by("question__general_criterion__order", "question__order")
    )
    reviewed = {
        m.general_criterion_id: m
        for m in ModeratedCriterion.objects.filter(assessment=assessment).select_related("moderator")
    }
    reviews: dict[int, CriterionReview] = {}
    for judgement in judgements:
        criterion = judgement.question.general_criterion
        review = reviews.setdefault(
            criterion.pk, CriterionReview(criterion=criterion, reviewed=reviewed.get(criterion.pk))
        )
        review.answers.append(
            ModeratedAnswer(
                question=judgement.question, judgement=judgement, moderations=list(judgement.moderations.all())
            )
        )
    return list(reviews.values())


def criterion_review(*, assessment: Assessment, criterion_code: str) -> tuple[CriterionReview | None, list[Question]]:
    """One criterion's review, its questions' scales and options loaded (for the form): None when
    the assessment answers no question of that criterion. Four queries."""
    review = next((r for r in assessment_review(assessment=assessment) if r.criterion.code == criterion_code), None)
    if review is None:
        return None, []
    questions = list(
        Question.objects.filter(pk__in=[a.question.pk for a in review.answers])
        .prefetch_related(Prefetch("scale__options", queryset=AnswerOption.objects.order_by("order")))
        .order_by("order")
    )
    return review, questions


# --- Figures ---


@dataclass
class ModerationFigure:
    label: str
    moderated: int  # assessments moderated (finished) with this assessor / answering this question
    changed: int  # answers changed


@dataclass
class ChangeFigure:
    question_code: str
    question_text: str
    original: str
    moderated: str
    count: int


@dataclass
class ModerationFigures:
    by_assessor: list[ModerationFigure]
    by_question: list[ModerationFigure]
    changes: list[ChangeFigure]  # from what to what, per question


def _question_figures(inspection: Inspection) -> QuerySet[Question]:
    """Each question with how many of its answers were moderated and changed (one query)."""
    moderated_judgement = Q(
        judgements__assessment__case__inspection=inspection,
        judgements__assessment__is_primary=True,
        judgements__assessment__moderated_at__isnull=False,
    ) & Judgement.answering("judgements__")
    return (
        Question.objects.filter(criteria_set_id=inspection.criteria_set_id)
        .annotate(
            moderated=Count("judgements", filter=moderated_judgement, distinct=True),
            changed=Count(
                "judgements",
                filter=Q(judgements__assessment__case__inspection=inspection, judgements__moderations__isnull=False),
                distinct=True,
            ),
        )
        .order_by("order")
    )


def moderation_figures(*, inspection: Inspection) -> ModerationFigures:
    """How many assessments were moderated and how many answers changed, per assessor and per
    question, and each question's changes from one answer to another. Three queries."""
    moderated = Q(assessments__is_primary=True, assessments__moderated_at__isnull=False)
    in_inspection = Q(assessments__case__inspection=inspection)
    by_assessor = (
        get_user_model()
        .objects.filter(in_inspection, Assessment.counting("assessments__"))
        .annotate(
            moderated=Count("assessments", filter=moderated & in_inspection, distinct=True),
            changed=Count(
                "assessments__judgements",
                filter=in_inspection & Q(assessments__judgements__moderations__isnull=False),
                distinct=True,
            ),
        )
        .order_by("username")
        .distinct()
    )
    questions = _question_figures(inspection)
    changes = (
        Moderation.objects.filter(judgement__assessment__case__inspection=inspection)
        .values(
            "judgement__question__code",
            "judgement__question__text",
            "judgement__question__order",
            "original_option__label",
            "moderated_option__label",
        )
        .annotate(count=Count("pk"))
        .order_by("judgement__question__order", "-count", "original_option__label", "moderated_option__label")
    )
    return ModerationFigures(
        by_assessor=[
            ModerationFigure(label=person_name(u), moderated=u.moderated, changed=u.changed) for u in by_assessor
        ],
        by_question=[
            ModerationFigure(label=f"{q.code} {q.text}", moderated=q.moderated, changed=q.changed)
            for q in questions
            if q.moderated or q.changed
        ],
        changes=[
            ChangeFigure(
                question_code=row["judgement__question__code"],
                question_text=row["judgement__question__text"],
                original=row["original_option__label"],
                moderated=row["moderated_option__label"],
                count=row["count"],
            )
            for row in changes
        ],
    )


# --- The lead's dashboard ---


def characteristic_returns(*, inspection: Inspection) -> QuerySet[Assessment]:
    """Assessments returned because their case's characteristics changed, still awaiting resubmission. One query."""
    return (
        Assessment.objects.filter(
            case__inspection=inspection,
            status=Assessment.Status.RETURNED,
            returned_for_characteristics=True,
        )
        .select_related("case", "assessor")
        .order_by("case__case_ref", "pk")
    )


def dip_sample_size(*, sample: DipSample) -> int:
    """How many assessments a dip sample drew (one query)."""
    return sample.assessments.count()


# --- Who returned an assessment ---


def returned_by(assessment: Assessment) -> str:
    """Who last returned the assessment, with their role in the inspection ("Quinn Quality, quality
    assurance"), or "" when no person did (an import, the system). One query."""
    role = Membership.objects.filter(
        inspection_id=assessment.case.inspection_id, user_id=OuterRef("history_user_id")
    ).values("role")[:1]
    record = (
        Assessment.history.filter(id=assessment.pk, status=Assessment.Status.RETURNED, history_user__isnull=False)
        .select_related("history_user")
        .annotate(role=Subquery(role))
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return ""
    role_label = Membership.Role(record.role).label.lower() if record.role else ""
    return f"{person_name(record.history_user)}, {role_label}" if role_label else person_name(record.history_user)
