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

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.signals import post_delete, post_save

from .models import AnswerOption, AnswerScale, CriteriaSet, GeneralCriterion, Question, Section


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


_CACHE: dict[int, SetQuestions] = {}
_CACHE_SIZE = 32  # criteria sets kept per process (a handful are in use at any time)


def set_questions(criteria_set_id: int, *, options: bool = False) -> SetQuestions:
    """The set's questions, with each scale's options (``scale.options.all()``, in order) when
    ``options``: a query the first time in a process for each, then none."""
    kept = _CACHE.get(criteria_set_id)
    if kept is None:
        kept = _load(criteria_set_id)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[criteria_set_id] = kept
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


def forget(**kwargs) -> None:
    """Empty the cache: on any write to a criteria model (and in tests, for a process's first request)."""
    _CACHE.clear()


for _model in (CriteriaSet, Section, GeneralCriterion, Question, AnswerScale, AnswerOption):
    post_save.connect(forget, sender=_model, dispatch_uid=f"kept-questions-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"kept-questions-delete-{_model.__name__}")
