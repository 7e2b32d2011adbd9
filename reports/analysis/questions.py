"""Analysis questions: the questions of the programmes' criteria sets, matched across sets by their
analysis key (``Question.analysis_key``: the analysis code, or the question's code where a set gives
none)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from cases.models import Inspection, Programme
from criteria.models import Question


@dataclass(frozen=True)
class AnalysisQuestion:
    """One question of pooled analysis, with the wording of one of its questions (the first set's)."""

    key: str
    code: str
    text: str
    group: str
    sentence: str
    criteria_sets: tuple[str, ...]  # the names of the sets that ask it

    @property
    def full_text(self) -> str:
        return f"{self.group} {self.text}" if self.group else self.text


def analysis_key() -> Coalesce:
    """``Question.analysis_key`` as SQL."""
    return Coalesce(NullIf(F("analysis_code"), Value("")), F("code"))


def key_filter(key: str, prefix: str = "") -> Q:
    """The questions (through ``prefix``, e.g. "question__") whose analysis key is ``key``."""
    return Q(**{f"{prefix}analysis_code": key}) | Q(**{f"{prefix}analysis_code": "", f"{prefix}code": key})


def _programme_questions(programmes: Sequence[Programme]) -> QuerySet:
    sets = Inspection.objects.filter(programme__in=[p.pk for p in programmes]).values("criteria_set_id")
    return Question.objects.filter(criteria_set_id__in=sets).annotate(key=analysis_key())


def _collect(questions: QuerySet) -> list[AnalysisQuestion]:
    """One AnalysisQuestion per key, worded as its oldest criteria set words it, in that set's order."""
    rows = questions.order_by("criteria_set_id", "order").values_list(
        "key", "code", "text", "group", "sentence", "criteria_set__name"
    )
    found: dict[str, list] = {}
    for key, code, text, group, sentence, set_name in rows:
        if key not in found:
            found[key] = [key, code, text, group, sentence, []]
        if set_name not in found[key][5]:
            found[key][5].append(set_name)
    return [AnalysisQuestion(*values[:5], tuple(values[5])) for values in found.values()]


def find_questions(*, programmes: Sequence[Programme], search: str) -> list[AnalysisQuestion]:
    """The programmes' analysis questions whose key or code is ``search`` or whose text (with its
    heading) holds every word of it; [] for no words."""
    words = search.split()
    if not words:
        return []
    exact = search.strip()
    condition = Q(key__iexact=exact) | Q(code__iexact=exact)
    text = Q()
    for word in words:
        text &= Q(text__icontains=word) | Q(group__icontains=word)
    return _collect(_programme_questions(programmes).filter(condition | text))


def find_question(*, key: str, programmes: Sequence[Programme]) -> AnalysisQuestion | None:
    """The analysis question ``key`` of the programmes' criteria sets, or None."""
    found = _collect(_programme_questions(programmes).filter(key=key))
    return found[0] if found else None
