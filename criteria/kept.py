"""A criteria set's questions kept per process for the assessment pages (a case's task list, a
criterion page and its save, check your answers): each with its general criterion and section
and its scale (one query the first time), and the scales' options in order (one more, the first
time a page asks for them), from memory after that. The inspector's most frequent requests read
them three times over otherwise.

What invalidates it, as for the scoring structure (``reports/scoring/structure.py``): a criteria
set's content never changes in place once an inspection uses it (a set in use is locked, and a
changed file is loaded as a new set under new ids: ``criteria/services.py``), and the assessment
pages only read sets in use. What is left is a write to a criteria model through the ORM (a set
replaced or deleted before use, the admin, the test factories), and any such save or delete
empties the whole cache (``forget`` below). Nothing about cases is kept: which questions apply
to a case (its characteristics), its answers, their moderation and the sample are read afresh
on every page.

The questions are shared by the requests of a process: read them, never set attributes on them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    AnswerOption,
    AnswerScale,
    CriteriaSet,
    GeneralCriterion,
    Headline,
    Question,
    RatingBand,
    Section,
)

CRITERIA_MODELS = (CriteriaSet, Section, GeneralCriterion, Question, Headline, RatingBand, AnswerScale, AnswerOption)


class KeptPerSet[T]:
    """Something worked out from a criteria set, kept per process by the set's id (at most ``size``
    sets) and all of it forgotten on any save or delete of a criteria model or change of a
    question's headlines: the one rule of both kept structures (this module's questions and the
    scoring structure, ``reports/scoring/structure.py``)."""

    def __init__(self, name: str, load: Callable[[int], T], *, size: int = 32) -> None:
        self._load, self._size, self._kept = load, size, {}
        for model in CRITERIA_MODELS:
            post_save.connect(self.forget, sender=model, weak=False, dispatch_uid=f"{name}-save-{model.__name__}")
            post_delete.connect(self.forget, sender=model, weak=False, dispatch_uid=f"{name}-delete-{model.__name__}")
        m2m_changed.connect(
            self.forget, sender=Question.headlines.through, weak=False, dispatch_uid=f"{name}-headlines"
        )

    def get(self, criteria_set_id: int) -> T:
        kept = self._kept.get(criteria_set_id)
        if kept is None:
            kept = self._load(criteria_set_id)
            if len(self._kept) >= self._size:
                self._kept.clear()
            self._kept[criteria_set_id] = kept
        return kept

    def forget(self, **kwargs) -> None:
        self._kept.clear()


@dataclass(frozen=True)
class SetQuestions:
    """A criteria set's questions in order, and by general criterion (id and code)."""

    questions: tuple[Question, ...]
    options_loaded: list[bool] = field(default_factory=lambda: [False])
    by_criterion_id: dict[int, tuple[Question, ...]] = field(default_factory=dict)
    by_criterion_code: dict[str, tuple[Question, ...]] = field(default_factory=dict)

    def following(self, criterion: GeneralCriterion) -> list[Question]:
        """The questions of the criteria after ``criterion``, in criterion then question order."""
        later = [q for q in self.questions if q.general_criterion.order > criterion.order]
        return sorted(later, key=lambda q: (q.general_criterion.order, q.order))


def set_questions(criteria_set_id: int, *, options: bool = False) -> SetQuestions:
    """The set's questions, with each scale's options (``scale.options.all()``, in order) when
    ``options``: a query the first time in a process for each, then none."""
    kept = _QUESTIONS.get(criteria_set_id)
    if options and not kept.options_loaded[0]:
        ordered = Prefetch("options", queryset=AnswerOption.objects.order_by("order"))
        prefetch_related_objects([q.scale for q in kept.questions], ordered)
        kept.options_loaded[0] = True
    return kept


def _load(criteria_set_id: int) -> SetQuestions:
    questions = tuple(
        Question.objects.filter(criteria_set_id=criteria_set_id)
        .select_related("general_criterion", "general_criterion__section", "scale")
        .order_by("order", "pk")
    )
    by_id: dict[int, list[Question]] = {}
    by_code: dict[str, list[Question]] = {}
    for question in questions:
        by_id.setdefault(question.general_criterion_id, []).append(question)
        by_code.setdefault(question.general_criterion.code, []).append(question)
    return SetQuestions(
        questions=questions,
        by_criterion_id={key: tuple(value) for key, value in by_id.items()},
        by_criterion_code={key: tuple(value) for key, value in by_code.items()},
    )


_QUESTIONS: KeptPerSet[SetQuestions] = KeptPerSet("kept-questions", _load)


def forget() -> None:
    """Empty the cache (done on any write to a criteria model; tests call it for a process's first request)."""
    _QUESTIONS.forget()
