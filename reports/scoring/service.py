"""The scoring service: DOMAIN.md's "Scoring rules", counted in the database.

Which judgements count (everywhere: pages, exports, reports):
- the case's **primary** assessment (``is_primary``), **submitted** — or also in progress or
  returned when ``include_in_progress`` (the lead's labelled live preview);
- judgements flagged ``applicable`` (the question applies to the case);
- an answer whose option scores ``above`` or ``below`` the line (``excluded`` answers and
  unanswered questions are not counted).

Queries: loading the criteria set's structure takes 7 queries; counting takes one GROUP BY over
judgements and one over cases (plus one for the units of a unit breakdown), whatever the number
of questions, cases or groups. Nothing is cached: scores reflect judgements as they are saved.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from cases.models import Case, Inspection, Judgement, Unit
from criteria.models import AnswerOption, GeneralCriterion, Headline, Question, RatingBand, Section

from . import groupings
from .types import (
    Band,
    Breakdown,
    Change,
    Comparison,
    CriterionScore,
    Group,
    HeadlineScore,
    InspectionScores,
    Programme,
    ProgrammeRow,
    QuestionScore,
    Score,
    SectionScore,
)

ABOVE = AnswerOption.Scoring.ABOVE
BELOW = AnswerOption.Scoring.BELOW

type Counts = dict[int, tuple[int, int]]  # question id -> (above, below)


# --- The criteria set's structure --------------------------------------------------------------


@dataclass(frozen=True)
class _Question:
    id: int
    code: str
    text: str
    criterion_code: str
    section_code: str
    headline_codes: tuple[str, ...]


@dataclass(frozen=True)
class Structure:
    """A criteria set's sections, general criteria, questions, headlines and bands, in order."""

    criteria_set_id: int
    bands: tuple[Band, ...]
    sections: tuple[tuple[str, str], ...]  # (code, title)
    criteria: tuple[tuple[str, str, str], ...]  # (code, title, section code)
    questions: tuple[_Question, ...]
    headlines: tuple[tuple[str, str, str], ...]  # (code, title, method)
    # Answer options by where they score: counting filters on these ids rather than joining the
    # options table (a tenth of the counting query's time at national size).
    above_option_ids: tuple[int, ...] = ()
    below_option_ids: tuple[int, ...] = ()

    @cached_property
    def members(self) -> dict[tuple[str, str], tuple[tuple[int, ...], tuple[str, ...]]]:
        """(level, code) → (positions of its parts, their codes): a criterion's questions, a
        section's criteria, a headline's questions. Computed once per structure, not per group."""
        result = {}
        for code, _, _ in self.criteria:
            idx = tuple(i for i, q in enumerate(self.questions) if q.criterion_code == code)
            result[("criterion", code)] = (idx, tuple(self.questions[i].code for i in idx))
        for code, _ in self.sections:
            idx = tuple(i for i, c in enumerate(self.criteria) if c[2] == code)
            result[("section", code)] = (idx, tuple(self.criteria[i][0] for i in idx))
        for code, _, _ in self.headlines:
            idx = tuple(i for i, q in enumerate(self.questions) if code in q.headline_codes)
            result[("headline", code)] = (idx, tuple(self.questions[i].code for i in idx))
        return result


def load_structure(*, criteria_set_id: int) -> Structure:
    """The structure of a criteria set in 7 queries (bands, sections, criteria, questions,
    headlines, question-headline links, answer options)."""
    bands = tuple(
        Band(min_score, label)
        for min_score, label in RatingBand.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("-min_score")
        .values_list("min_score", "label")
    )
    section_rows = list(
        Section.objects.filter(criteria_set_id=criteria_set_id).order_by("order").values_list("id", "code", "title")
    )
    section_code = {pk: code for pk, code, _ in section_rows}
    criterion_rows = list(
        GeneralCriterion.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "title", "section_id")
    )
    criterion_of = {pk: (code, section_code[section_id]) for pk, code, _, section_id in criterion_rows}
    headline_rows = list(
        Headline.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "title", "method")
    )
    headline_code = {pk: code for pk, code, _, _ in headline_rows}
    links = defaultdict(list)
    for question_id, headline_id in (
        Question.headlines.through.objects.filter(headline__criteria_set_id=criteria_set_id)
        .order_by("headline__order")
        .values_list("question_id", "headline_id")
    ):
        links[question_id].append(headline_code[headline_id])
    questions = tuple(
        _Question(pk, code, f"{group} {text}" if group else text, *criterion_of[criterion_id], tuple(links[pk]))
        for pk, code, text, group, criterion_id in Question.objects.filter(criteria_set_id=criteria_set_id)
        .order_by("order")
        .values_list("id", "code", "text", "group", "general_criterion_id")
    )
    scoring_options = defaultdict(list)
    for pk, scoring in (
        AnswerOption.objects.filter(scale__criteria_set_id=criteria_set_id).order_by("pk").values_list("pk", "scoring")
    ):
        scoring_options[scoring].append(pk)
    # Sections in their order; criteria in section order, then their own order.
    section_order = {code: i for i, (_, code, _) in enumerate(section_rows)}
    criteria = sorted(
        ((code, title, section_code[section_id]) for _, code, title, section_id in criterion_rows),
        key=lambda row: section_order[row[2]],
    )
    return Structure(
        criteria_set_id=criteria_set_id,
        bands=bands,
        sections=tuple((code, title) for _, code, title in section_rows),
        criteria=tuple(criteria),
        questions=questions,
        headlines=tuple((code, title, method) for _, code, title, method in headline_rows),
        above_option_ids=tuple(scoring_options[ABOVE]),
        below_option_ids=tuple(scoring_options[BELOW]),
    )


# --- Counting in the database -------------------------------------------------------------------


def _count(
    *, structure: Structure, case_filter: Q, by: str | None, include_in_progress: bool
) -> dict[tuple[int, object], Counts]:
    """One GROUP BY: (inspection id, group key or None) → question id → (above, below).

    The judgements of ``Judgement.objects.counted``, with the option's scoring taken from the
    structure's option ids instead of a join."""
    above_ids = list(structure.above_option_ids)
    columns = ["assessment__case__inspection_id", "question_id"]
    rows = Judgement.objects.counted(
        include_in_progress=include_in_progress, scoring_option_ids=above_ids + list(structure.below_option_ids)
    ).filter(case_filter)
    if by is not None:
        rows = rows.annotate(group_key=groupings.expression(by, "assessment__case__"))
        columns.insert(1, "group_key")
    # Only above/below judgements are left, so the denominator is the row count.
    rows = (
        rows.values(*columns)
        .annotate(
            above=Count("pk", filter=Q(option_id__in=above_ids)),
            counted=Count("pk"),
        )
        .order_by()
        .values_list(*columns, "above", "counted")
    )
    result: dict[tuple[int, object], Counts] = defaultdict(dict)
    if by is None:
        for inspection_id, question_id, above, counted in rows:
            result[(inspection_id, None)][question_id] = (above, counted - above)
    else:
        for inspection_id, key, question_id, above, counted in rows:
            result[(inspection_id, key)][question_id] = (above, counted - above)
    return result


def _count_cases(*, case_filter: Q, by: str | None) -> dict[tuple[int, object], int]:
    """One GROUP BY: (inspection id, group key or None) → number of cases."""
    cases = Case.objects.filter(case_filter)
    if by is not None:
        cases = cases.annotate(group_key=groupings.expression(by))
    columns = ["inspection_id"] + (["group_key"] if by is not None else [])
    rows = cases.values(*columns).annotate(n=Count("pk")).order_by().values_list(*columns, "n")
    if by is None:
        return {(inspection_id, None): n for inspection_id, n in rows}
    return {(inspection_id, key): n for inspection_id, key, n in rows}


def _case_filter(*, inspection_ids: Iterable[int], case_ids: Iterable[int] | None, prefix: str) -> Q:
    condition = Q(**{f"{prefix}inspection_id__in": list(inspection_ids)})
    if case_ids is not None:
        condition &= Q(**{f"{prefix}pk__in": list(case_ids)})
    return condition


# --- Building scores from counts ----------------------------------------------------------------


def build_scores(
    *, structure: Structure, counts: Counts, case_count: int, inspection: Inspection, include_in_progress: bool
) -> InspectionScores:
    """Apply the scoring rules to question counts (no queries)."""
    bands = structure.bands
    none = (0, 0)
    questions = []
    for q in structure.questions:
        above, below = counts.get(q.id, none)
        questions.append(
            QuestionScore(
                q.code,
                q.text,
                q.criterion_code,
                q.section_code,
                q.headline_codes,
                Score(None, above, above + below, bands=bands),
            )
        )
    members = structure.members
    question_scores = [q.score for q in questions]
    criteria = []
    for code, title, section_code in structure.criteria:
        idx, codes = members[("criterion", code)]
        criteria.append(
            CriterionScore(code, title, section_code, codes, Score.mean_of([question_scores[i] for i in idx], bands))
        )
    sections = []
    for code, title in structure.sections:
        idx, codes = members[("section", code)]
        sections.append(SectionScore(code, title, codes, Score.mean_of([criteria[i].score for i in idx], bands)))
    headlines = []
    for code, title, method in structure.headlines:
        idx, codes = members[("headline", code)]
        tagged = [question_scores[i] for i in idx]
        score = Score.pooled(tagged, bands) if method == Headline.Method.POOLED else Score.mean_of(tagged, bands)
        headlines.append(HeadlineScore(code, title, method, codes, score))
    return InspectionScores(
        inspection_id=inspection.pk,
        inspection_slug=inspection.slug,
        inspection_name=inspection.name,
        criteria_set_id=structure.criteria_set_id,
        include_in_progress=include_in_progress,
        case_count=case_count,
        bands=bands,
        questions=tuple(questions),
        criteria=tuple(criteria),
        sections=tuple(sections),
        headlines=tuple(headlines),
    )


def _sum_counts(groups: Iterable[Counts]) -> Counts:
    total: dict[int, tuple[int, int]] = {}
    for counts in groups:
        for question_id, (above, below) in counts.items():
            a, b = total.get(question_id, (0, 0))
            total[question_id] = (a + above, b + below)
    return total


# --- Public API ---------------------------------------------------------------------------------


def compute_scores(
    *,
    inspection: Inspection,
    include_in_progress: bool = False,
    case_ids: Iterable[int] | None = None,
    structure: Structure | None = None,
) -> InspectionScores:
    """Every score of ``inspection``: questions, general criteria, sections, headlines.

    ``case_ids`` limits the cases counted (a subset of the sample; ids of other inspections'
    cases count for nothing). ``include_in_progress`` adds assessments in progress or returned
    (a preview; never for publication). ``structure`` may be passed to reuse a loaded criteria
    set. Queries: 7 for the structure (unless passed) + 2.
    """
    structure = structure or load_structure(criteria_set_id=inspection.criteria_set_id)
    case_ids = None if case_ids is None else list(case_ids)
    counts = _count(
        structure=structure,
        case_filter=_case_filter(inspection_ids=[inspection.pk], case_ids=case_ids, prefix="assessment__case__"),
        by=None,
        include_in_progress=include_in_progress,
    )
    cases = _count_cases(
        case_filter=_case_filter(inspection_ids=[inspection.pk], case_ids=case_ids, prefix=""), by=None
    )
    return build_scores(
        structure=structure,
        counts=counts.get((inspection.pk, None), {}),
        case_count=cases.get((inspection.pk, None), 0),
        inspection=inspection,
        include_in_progress=include_in_progress,
    )


def compute_breakdown(
    *, inspection: Inspection, by: str, include_in_progress: bool = False, structure: Structure | None = None
) -> Breakdown:
    """Scores of each group of ``by`` side by side, plus the whole sample (``overall``).

    ``by``: "unit", a case characteristic, or a derived grouping (see ``groupings``). Groups of a
    fixed vocabulary all appear, each with its case count, with no score where it has no cases;
    units all appear; groups of free fields (offence type, age) are the values in the sample.
    Queries: 7 for the structure (unless passed) + 2 (+1 for the units of a unit breakdown).
    Raises ValueError for an unknown ``by``.
    """
    return compute_breakdowns(
        inspections=[inspection], by=by, include_in_progress=include_in_progress, structure=structure
    )[inspection.pk]


def compute_breakdowns(
    *,
    inspections: Iterable[Inspection],
    by: str,
    include_in_progress: bool = False,
    structure: Structure | None = None,
) -> dict[int, Breakdown]:
    """``compute_breakdown`` for many inspections on one criteria set at once (inspection id →
    Breakdown), in the same number of queries as for one: 7 + 2 (+1 for units).
    Raises ValueError for an unknown ``by`` or inspections on different criteria sets."""
    if not groupings.is_valid_by(by):
        raise ValueError(f"Unknown breakdown {by!r}")
    inspections = list(inspections)
    if not inspections:
        return {}
    criteria_set_ids = {i.criteria_set_id for i in inspections}
    if len(criteria_set_ids) != 1:
        raise ValueError("Breakdowns of several inspections need one criteria set")
    structure = structure or load_structure(criteria_set_id=criteria_set_ids.pop())
    ids = [i.pk for i in inspections]
    raw_counts = _count(
        structure=structure,
        case_filter=_case_filter(inspection_ids=ids, case_ids=None, prefix="assessment__case__"),
        by=by,
        include_in_progress=include_in_progress,
    )
    raw_cases = _count_cases(case_filter=_case_filter(inspection_ids=ids, case_ids=None, prefix=""), by=by)
    units: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if by == groupings.UNIT:
        for inspection_id, unit_id, name in (
            Unit.objects.filter(inspection_id__in=ids).order_by("name").values_list("inspection_id", "id", "name")
        ):
            units[inspection_id].append((unit_id, name))

    result = {}
    for inspection in inspections:
        counts_of = {key: v for (i, key), v in raw_counts.items() if i == inspection.pk}
        cases_of = {key: v for (i, key), v in raw_cases.items() if i == inspection.pk}
        if by == groupings.UNIT:
            keyed = [(name, [unit_id]) for unit_id, name in units[inspection.pk]]
        else:
            # Raw values onto their keys (e.g. a free field's None and "" are both "unknown").
            keys = groupings.fixed_keys(by)
            if keys is None:
                present = {groupings.key_of_raw(by, raw) for raw in [*counts_of, *cases_of]}
                empty = groupings.empty_key(by)
                keys = sorted(present - {empty}, key=_natural) + ([empty] if empty in present else [])
            raws_of = defaultdict(list)
            for raw in {*counts_of, *cases_of}:
                raws_of[groupings.key_of_raw(by, raw)].append(raw)
            keyed = [(key, raws_of.get(key, [])) for key in keys]
        groups = []
        for key, raws in keyed:
            counts = counts_of.get(raws[0], {}) if len(raws) == 1 else _sum_counts(counts_of.get(r, {}) for r in raws)
            case_count = sum(cases_of.get(raw, 0) for raw in raws)
            scores = build_scores(
                structure=structure,
                counts=counts,
                case_count=case_count,
                inspection=inspection,
                include_in_progress=include_in_progress,
            )
            groups.append(Group(key=key, label=groupings.group_label(by, key), case_count=case_count, scores=scores))
        overall = build_scores(
            structure=structure,
            counts=_sum_counts(counts_of.values()),
            case_count=sum(cases_of.values()),
            inspection=inspection,
            include_in_progress=include_in_progress,
        )
        result[inspection.pk] = Breakdown(by=by, label=groupings.label_of(by), overall=overall, groups=tuple(groups))
    return result


def _natural(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key.lower())


def compare(current: InspectionScores, previous: InspectionScores) -> Comparison:
    """Match every current score with the previous inspection's by level and code (no queries).

    Each ``Change`` gives the change in percentage points; a code the previous inspection does
    not have is ``matched=False``; previous codes with no current match are listed in
    ``only_in_previous``.
    """
    changes = []
    seen = set()
    for item in current.all_items():
        before = previous.get(item.level, item.code)
        if before is not None:
            seen.add((item.level, item.code))
        title = getattr(item, "title", "")
        changes.append(
            Change(
                item.level,
                item.code,
                title,
                item.score,
                before.score if before else None,
                before is not None,
            )
        )
    only_in_previous = tuple(
        (item.level, item.code, getattr(item, "title", ""))
        for item in previous.all_items()
        if (item.level, item.code) not in seen
    )
    return Comparison(current=current, previous=previous, changes=tuple(changes), only_in_previous=only_in_previous)


def compute_comparison(*, inspection: Inspection, include_in_progress: bool = False) -> Comparison | None:
    """The comparison of ``inspection`` with its ``previous`` inspection, or None without one.
    The previous inspection's scores always count submitted work only."""
    if inspection.previous_id is None:
        return None
    previous = Inspection.objects.get(pk=inspection.previous_id)
    return compare(
        compute_scores(inspection=inspection, include_in_progress=include_in_progress),
        compute_scores(inspection=previous),
    )


def compute_programme(*, inspections: Iterable[Inspection], include_in_progress: bool = False) -> Programme:
    """Inspections sharing one criteria set side by side (headlines and general criteria), each row
    with its lowest / highest / average. Queries: 7 + 2, whatever the number of inspections.
    Raises ValueError when the inspections do not share a criteria set (or there are none)."""
    inspections = list(inspections)
    criteria_set_ids = {i.criteria_set_id for i in inspections}
    if len(criteria_set_ids) != 1:
        raise ValueError("A programme compares inspections that share one criteria set")
    structure = load_structure(criteria_set_id=criteria_set_ids.pop())
    ids = [i.pk for i in inspections]
    counts = _count(
        structure=structure,
        case_filter=_case_filter(inspection_ids=ids, case_ids=None, prefix="assessment__case__"),
        by=None,
        include_in_progress=include_in_progress,
    )
    cases = _count_cases(case_filter=_case_filter(inspection_ids=ids, case_ids=None, prefix=""), by=None)
    all_scores = tuple(
        build_scores(
            structure=structure,
            counts=counts.get((i.pk, None), {}),
            case_count=cases.get((i.pk, None), 0),
            inspection=i,
            include_in_progress=include_in_progress,
        )
        for i in inspections
    )
    headlines = tuple(
        ProgrammeRow("headline", code, title, tuple(s.headline(code).score for s in all_scores))
        for code, title, _ in structure.headlines
    )
    criteria = tuple(
        ProgrammeRow("criterion", code, title, tuple(s.criterion(code).score for s in all_scores))
        for code, title, _ in structure.criteria
    )
    return Programme(
        criteria_set_id=structure.criteria_set_id, inspections=all_scores, headlines=headlines, criteria=criteria
    )
