"""The scoring service counts in the database: a fixed number of queries whatever the data, and
the SQL groupings agree with criteria.vocabulary's derived groupings."""

import itertools

import pytest

from criteria import vocabulary
from reports.scoring import compute_breakdown, compute_programme, compute_scores, load_structure
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db

# Structure: bands, sections, criteria, headlines, question-headline links, questions, answer options.
STRUCTURE_QUERIES = 7


def grow(inspection, n, offset=0):
    """n more judged cases over up to 7 units; odd cases are high RoSH and also answer A.1.03."""
    for i in range(offset, offset + n):
        answers = {"A.1.01": "late", "A.1.02": "yes"}
        if i % 2:
            answers["A.1.03"] = "no"
        judge(
            make_case(
                inspection,
                f"G{i}",
                unit=f"Unit {i % 7}",
                rosh=["low", "high"][i % 2],
                sentence_type=["community_order", "licence", "custody"][i % 3],
                age=18 + i,
            ),
            answers,
        )


def test_scores_take_a_fixed_number_of_queries(inspection, django_assert_num_queries):
    grow(inspection, 3)
    # structure + one GROUP BY over judgements + one count of cases
    with django_assert_num_queries(STRUCTURE_QUERIES + 2):
        compute_scores(inspection=inspection)
    grow(inspection, 40, offset=3)
    # the structure is kept after the first call (reports/scoring/structure.py): the two GROUP BYs
    with django_assert_num_queries(2):
        compute_scores(inspection=inspection, include_in_progress=True)
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    with django_assert_num_queries(2):
        compute_scores(inspection=inspection, structure=structure, case_ids=[1, 2, 3])


@pytest.mark.parametrize("by", ["unit", "age_group", "rosh", "offence_type"])
def test_breakdowns_take_a_fixed_number_of_queries(inspection, by, django_assert_num_queries):
    grow(inspection, 3)
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    # one GROUP BY over judgements, one over cases (a unit breakdown: over units with their cases)
    with django_assert_num_queries(2):
        small = compute_breakdown(inspection=inspection, by=by, structure=structure)
    grow(inspection, 60, offset=3)
    with django_assert_num_queries(2):
        large = compute_breakdown(inspection=inspection, by=by, structure=structure)
    assert len(large.groups) >= len(small.groups)


def test_programme_takes_a_fixed_number_of_queries(small_set, django_assert_num_queries):
    inspections = [factories.InspectionFactory(criteria_set=small_set) for _ in range(5)]
    for n, inspection in enumerate(inspections):
        grow(inspection, n + 1)
    with django_assert_num_queries(STRUCTURE_QUERIES + 2):
        programme = compute_programme(inspections=inspections)
    assert len(programme.inspections) == 5


CASE_VALUES = {
    "age": [None, 17, 18, 20, 21, 24, 25, 29, 30, 39, 40, 49, 50, 88],
    "ethnic_group": ["", *vocabulary.CHARACTERISTICS["ethnic_group"]],
    "sentence_type": vocabulary.SENTENCE_TYPES,
    "rosh": vocabulary.ROSH_LEVELS,
    "mappa": [(level, category) for level in ["", "0", "1", "2", "3"] for category in ["", "1", "2", "3"]],
}
REFERENCE = {
    "age_group": ("age", vocabulary.age_group),
    "bame": ("ethnic_group", vocabulary.bame),
    "supervision": ("sentence_type", vocabulary.supervision),
    "rosh_band": ("rosh", vocabulary.rosh_band),
}


@pytest.mark.parametrize("by", [*REFERENCE, "mappa"])
def test_sql_derived_groupings_agree_with_the_vocabulary(inspection, by):
    expected = {}
    if by == "mappa":
        for n, (level, category) in enumerate(CASE_VALUES["mappa"]):
            make_case(inspection, f"M{n}", mappa_level=level, mappa_category=category)
            expected[f"M{n}"] = vocabulary.mappa(level, category)
    else:
        field, function = REFERENCE[by]
        for n, value in enumerate(CASE_VALUES[field]):
            make_case(inspection, f"M{n}", **{field: value})
            expected[f"M{n}"] = function(value)

    breakdown = compute_breakdown(inspection=inspection, by=by)

    counts = {key: sum(1 for v in expected.values() if v == key) for key in vocabulary.DERIVED_GROUPINGS[by]}
    assert [g.key for g in breakdown.groups] == vocabulary.DERIVED_GROUPINGS[by]
    assert {g.key: g.case_count for g in breakdown.groups} == counts
    assert set(expected.values()) <= set(vocabulary.DERIVED_GROUPINGS[by])


def test_every_characteristic_breakdown_accounts_for_every_case(inspection):
    values = itertools.cycle(["", "1", "2"])
    for n in range(9):
        make_case(inspection, f"T{n}", tier=next(values), gender=["male", "", "female"][n % 3])
    for by in ["tier", "gender", "mappa_level", "mappa_category", "ppo", "sentence_type", "unit", "age", "bame"]:
        breakdown = compute_breakdown(inspection=inspection, by=by)
        assert sum(g.case_count for g in breakdown.groups) == 9, by
    assert [g.key for g in compute_breakdown(inspection=inspection, by="mappa_category").groups] == [
        "1",
        "2",
        "3",
        "none",
    ]


def test_breakdowns_of_many_inspections_take_the_queries_of_one_and_agree(small_set, django_assert_num_queries):
    from reports.scoring import compute_breakdowns

    inspections = [factories.InspectionFactory(criteria_set=small_set) for _ in range(4)]
    for n, inspection in enumerate(inspections):
        grow(inspection, 2 * n + 1)
    structure = load_structure(criteria_set_id=small_set.pk)
    with django_assert_num_queries(2):  # judgement counts, the units with their case counts
        together = compute_breakdowns(inspections=inspections, by="unit", structure=structure)
    for inspection in inspections:
        alone = compute_breakdown(inspection=inspection, by="unit", structure=structure)
        assert together[inspection.pk] == alone


@pytest.mark.parametrize("include_in_progress", [False, True])
def test_the_counting_counts_exactly_the_judgements_counted_says(inspection, include_in_progress):
    """The counting query splits ``Judgement.objects.counted`` in two for the planner: every
    judgement it leaves out or takes in is counted()'s own (primary, status, applicable, scoring)."""
    from django.db.models import Count, Q

    from cases.models import Judgement

    grow(inspection, 6)
    for n, status in enumerate(["in_progress", "returned", "submitted", "submitted"]):
        judge(make_case(inspection, f"S{n}", rosh="high"), {"A.1.01": "on_time", "A.1.03": "yes"}, status=status)
    second = make_case(inspection, "D1", rosh="high")
    judge(second, {"A.1.01": "late", "A.1.02": "no"})
    judge(second, {"A.1.01": "on_time", "A.1.02": "yes"}, primary=False)  # a second marker: never counted
    judge(make_case(inspection, "X1"), {"A.1.01": "na", "A.1.02": None})  # excluded and blank answers
    stopped = judge(make_case(inspection, "N1", rosh="low"), {"A.1.02": "yes"})
    Judgement.objects.filter(assessment=stopped).update(applicable=False)  # a question that stopped applying
    factories.CaseFactory(inspection=inspection, case_ref="O1")  # another inspection's counts stay apart:
    grow(factories.InspectionFactory(criteria_set=inspection.criteria_set), 3)

    expected = {
        code: (above, counted)
        for code, above, counted in Judgement.objects.counted(include_in_progress=include_in_progress)
        .filter(assessment__case__inspection=inspection)
        .values("question__code")
        .annotate(above=Count("pk", filter=Q(option__scoring="above")), counted=Count("pk"))
        .values_list("question__code", "above", "counted")
    }
    scores = compute_scores(inspection=inspection, include_in_progress=include_in_progress)
    found = {q.code: (q.score.numerator, q.score.denominator) for q in scores.questions if q.score.denominator}
    assert found == expected
    assert set(expected) == {"A.1.01", "A.1.02", "A.1.03"}


@pytest.mark.parametrize(
    ("by", "queries"), [(["rosh_band", "supervision"], 2), (["age_group", "rosh", "unit", "gender"], 3)]
)
def test_sub_samples_counted_together_are_each_breakdown_alone(inspection, by, queries, django_assert_num_queries):
    from reports.scoring import compute_subsamples

    grow(inspection, 25)
    structure = load_structure(criteria_set_id=inspection.criteria_set_id)
    with django_assert_num_queries(queries):  # judgement counts, case counts (+ the units' names)
        together = compute_subsamples(inspection=inspection, by=by, structure=structure)
    assert list(together) == by
    for grouping in by:
        assert together[grouping] == compute_breakdown(inspection=inspection, by=grouping, structure=structure)
