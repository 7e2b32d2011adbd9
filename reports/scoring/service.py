"""The scoring service: DOMAIN.md's "Scoring rules", counted in the database.

Which judgements count (everywhere: pages, exports, reports) is ``Judgement.objects.counted``:
- the case's **primary** assessment (``is_primary``), **submitted** — or also in progress or
  returned when ``include_in_progress`` (the lead's labelled live preview);
- judgements flagged ``applicable`` (the question applies to the case);
- an answer whose option scores ``above`` or ``below`` the line (``excluded`` answers and
  unanswered questions are not counted).

Queries: loading the criteria set's structure takes 7 queries (``structure``); counting takes one
GROUP BY over judgements and one over cases (for a unit breakdown, over the units with their
cases), whatever the number of questions, cases or groups (``counting``). No data is cached: scores
reflect judgements as they are saved (only the SQL is compiled once per shape: ``compiled``).
"""

from collections import defaultdict
from collections.abc import Iterable

from cases.models import Inspection

from . import groupings
from .comparisons import Breakdown, Change, Comparison, Group, Programme, ProgrammeRow
from .counting import Counts, ScoreMaker, build_scores, count_cases, count_judgements, count_units, sum_counts
from .structure import Structure, load_structure
from .types import InspectionScores, Score


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
    counts = count_judgements(
        structure=structure,
        inspection_ids=[inspection.pk],
        case_ids=case_ids,
        by=(),
        include_in_progress=include_in_progress,
    )
    cases = count_cases(inspection_ids=[inspection.pk], case_ids=case_ids, by=())
    return build_scores(
        structure=structure,
        counts=counts.get((inspection.pk, ()), {}),
        case_count=cases.get((inspection.pk, ()), 0),
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
    Queries: 7 for the structure (unless passed) + 2 (a unit breakdown counts its cases with its units).
    Raises ValueError for an unknown ``by`` (a programming error: pages and commands check it first).
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
    Breakdown), in the same number of queries as for one: 7 + 2.
    Raises ValueError for an unknown ``by`` or inspections on different criteria sets."""
    found = _breakdowns(inspections=inspections, by=(by,), include_in_progress=include_in_progress, structure=structure)
    return {pk: of[by] for pk, of in found.items()}


def compute_subsamples(
    *,
    inspection: Inspection,
    by: Iterable[str],
    include_in_progress: bool = False,
    structure: Structure | None = None,
) -> dict[str, Breakdown]:
    """The inspection's breakdowns by each grouping of ``by`` (grouping → Breakdown), counted
    together: 7 + 2 queries (+1 with "unit") however many groupings, each the same as
    ``compute_breakdown`` gives. Raises ValueError for an unknown grouping."""
    return _breakdowns(
        inspections=[inspection], by=tuple(by), include_in_progress=include_in_progress, structure=structure
    ).get(inspection.pk, {})


def _breakdowns(
    *, inspections: Iterable[Inspection], by: tuple[str, ...], include_in_progress: bool, structure: Structure | None
) -> dict[int, dict[str, Breakdown]]:
    if unknown := [b for b in by if not groupings.is_valid_by(b)]:
        raise ValueError(f"Unknown breakdown {unknown[0]!r}")
    inspections = list(inspections)
    if not inspections or not by:
        return {}
    criteria_set_id = _shared_criteria_set(inspections, "Breakdowns of several inspections need one criteria set")
    structure = structure or load_structure(criteria_set_id=criteria_set_id)
    ids = [i.pk for i in inspections]
    counts = _by_inspection(
        count_judgements(
            structure=structure, inspection_ids=ids, case_ids=None, by=by, include_in_progress=include_in_progress
        )
    )
    if by == (groupings.UNIT,):  # the units with their case counts, in one query
        units = count_units(inspection_ids=ids)
        cases = {pk: {(unit_id,): n for unit_id, _, n in of} for pk, of in units.items()}
    else:
        units = count_units(inspection_ids=ids) if groupings.UNIT in by else {}
        cases = _by_inspection(count_cases(inspection_ids=ids, case_ids=None, by=by))
    score_of = ScoreMaker(structure.bands)
    return {
        inspection.pk: {
            grouping: _breakdown(
                inspection=inspection,
                by=grouping,
                structure=structure,
                counts_of=_marginal(counts.get(inspection.pk, {}), n, sum_counts),
                cases_of=_marginal(cases.get(inspection.pk, {}), n, sum),
                units=units.get(inspection.pk, []),
                include_in_progress=include_in_progress,
                score_of=score_of,
            )
            for n, grouping in enumerate(by)
        }
        for inspection in inspections
    }


def _marginal[V](by_keys: dict[tuple, V], n: int, total) -> dict[object, V]:
    """Values keyed by the tuple of every grouping's raw key, as the ``n``-th grouping's raw key →
    ``total`` of the values sharing it (the whole dict when there is only one grouping)."""
    if all(len(keys) == 1 for keys in by_keys):
        return {keys[0]: value for keys, value in by_keys.items()}
    parts: dict[object, list[V]] = defaultdict(list)
    for keys, value in by_keys.items():
        parts[keys[n]].append(value)
    return {key: total(values) for key, values in parts.items()}


def _shared_criteria_set(inspections: list[Inspection], refusal: str) -> int:
    criteria_set_ids = {i.criteria_set_id for i in inspections}
    if len(criteria_set_ids) != 1:
        raise ValueError(refusal)
    return criteria_set_ids.pop()


def _by_inspection[V](raw: dict[tuple[int, object], V]) -> dict[int, dict[object, V]]:
    """(inspection id, raw group key) → value, as inspection id → raw group key → value."""
    result: dict[int, dict[object, V]] = defaultdict(dict)
    for (inspection_id, key), value in raw.items():
        result[inspection_id][key] = value
    return result


def _breakdown(
    *,
    inspection: Inspection,
    by: str,
    structure: Structure,
    counts_of: dict[object, Counts],
    cases_of: dict[object, int],
    units: list[tuple[int, str, int]],
    include_in_progress: bool,
    score_of: ScoreMaker,
) -> Breakdown:
    """One inspection's breakdown from its raw counts (no queries)."""

    def scores(counts: Counts, case_count: int) -> InspectionScores:
        return build_scores(
            structure=structure,
            counts=counts,
            case_count=case_count,
            inspection=inspection,
            include_in_progress=include_in_progress,
            score_of=score_of,
        )

    groups = []
    for key, raws in _group_keys(by, counts_of, cases_of, units):
        counts = counts_of.get(raws[0], {}) if len(raws) == 1 else sum_counts(counts_of.get(r, {}) for r in raws)
        case_count = sum(cases_of.get(raw, 0) for raw in raws)
        label = groupings.group_label(by, key)
        groups.append(Group(key=key, label=label, case_count=case_count, scores=scores(counts, case_count)))
    overall = scores(sum_counts(counts_of.values()), sum(cases_of.values()))
    return Breakdown(by=by, label=groupings.label_of(by), overall=overall, groups=tuple(groups))


def _group_keys(by: str, counts_of, cases_of, units: list[tuple[int, str, int]]) -> list[tuple[str, list]]:
    """The groups in order, each key with the raw database values that fall in it (a unit is its id;
    a free field's None and "" are both "unknown")."""
    if by == groupings.UNIT:
        return [(name, [unit_id]) for unit_id, name, _ in units]
    keys = groupings.fixed_keys(by)
    if keys is None:
        present = {groupings.key_of_raw(by, raw) for raw in [*counts_of, *cases_of]}
        empty = groupings.empty_key(by)
        keys = sorted(present - {empty}, key=_natural) + ([empty] if empty in present else [])
    raws_of = defaultdict(list)
    for raw in {*counts_of, *cases_of}:
        raws_of[groupings.key_of_raw(by, raw)].append(raw)
    return [(key, raws_of.get(key, [])) for key in keys]


def _natural(key: str):
    return (0, int(key), "") if key.isascii() and key.isdigit() else (1, 0, key.lower())


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


def compute_comparison(
    *,
    inspection: Inspection,
    current: InspectionScores | None = None,
    include_in_progress: bool = False,
    structure: Structure | None = None,
) -> Comparison | None:
    """The comparison of a reinspection with its original (``inspection.previous``), or None.

    The one place the original inspection's scores are computed: submitted work only, codes
    matched whatever its criteria set. Pass the ``current`` scores already computed (then
    ``include_in_progress`` is theirs) and the ``structure`` they were built on, and it takes 3
    queries (the original inspection and its counts; +7 when the original used another criteria set).
    """
    if inspection.previous_id is None:
        return None
    if current is None:
        structure = structure or load_structure(criteria_set_id=inspection.criteria_set_id)
        current = compute_scores(inspection=inspection, include_in_progress=include_in_progress, structure=structure)
    previous = Inspection.objects.get(pk=inspection.previous_id)
    same_set = structure is not None and structure.criteria_set_id == previous.criteria_set_id
    return compare(current, compute_scores(inspection=previous, structure=structure if same_set else None))


def compute_programme(*, inspections: Iterable[Inspection], include_in_progress: bool = False) -> Programme:
    """Inspections sharing one criteria set side by side (headlines and general criteria), each row
    with its lowest / highest / average. Queries: 7 + 2, whatever the number of inspections.
    Raises ValueError when the inspections do not share a criteria set (or there are none)."""
    inspections = list(inspections)
    criteria_set_id = _shared_criteria_set(inspections, "A programme compares inspections that share one criteria set")
    structure = load_structure(criteria_set_id=criteria_set_id)
    ids = [i.pk for i in inspections]
    counts = count_judgements(
        structure=structure, inspection_ids=ids, case_ids=None, by=(), include_in_progress=include_in_progress
    )
    cases = count_cases(inspection_ids=ids, case_ids=None, by=())
    score_of = ScoreMaker(structure.bands)
    all_scores = tuple(
        build_scores(
            structure=structure,
            counts=counts.get((i.pk, ()), {}),
            case_count=cases.get((i.pk, ()), 0),
            inspection=i,
            include_in_progress=include_in_progress,
            score_of=score_of,
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


def compute_programme_by_code(*, inspections: Iterable[Inspection]) -> Programme:
    """The inspections of a programme side by side, in the order given, when they may use different
    criteria sets: headlines matched by code (an inspection whose set lacks one shows no score
    there); general criteria only when every inspection shares one set. Queries: ``compute_programme``'s
    once per criteria set, whatever the number of inspections."""
    inspections = list(inspections)
    by_set: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_set.setdefault(inspection.criteria_set_id, []).append(inspection)
    parts = [compute_programme(inspections=group) for group in by_set.values()]
    if len(parts) == 1:
        only = parts[0]
        index = {s.inspection_id: s for s in only.inspections}
        ordered = tuple(index[i.pk] for i in inspections)
        return Programme(only.criteria_set_id, ordered, only.headlines, only.criteria)
    index = {s.inspection_id: s for part in parts for s in part.inspections}
    ordered = tuple(index[i.pk] for i in inspections)
    titles: dict[str, str] = {}
    for part in parts:
        for row in part.headlines:
            titles.setdefault(row.code, row.title)
    headlines = tuple(
        ProgrammeRow("headline", code, title, tuple(_headline_score(s, code) for s in ordered))
        for code, title in titles.items()
    )
    return Programme(criteria_set_id=0, inspections=ordered, headlines=headlines, criteria=())


def _headline_score(scores: InspectionScores, code: str) -> Score:
    found = next((h for h in scores.headlines if h.code == code), None)
    return found.score if found is not None else Score()
