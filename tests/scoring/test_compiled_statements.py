"""The counting SQL is compiled once per shape and each call binds its own ids: scores of two
inspections of the same shape never mix, and a change to the data shows at once (only SQL is kept)."""

import pytest

from cases.models import Judgement
from criteria.models import AnswerOption
from reports.scoring import compiled, compute_breakdown, compute_breakdowns, compute_scores
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def two_inspections(small_set):
    north = factories.InspectionFactory(slug="north", criteria_set=small_set)
    south = factories.InspectionFactory(slug="south", criteria_set=small_set)
    judge(make_case(north, "N1", unit="Alpha", rosh="high"), {"A.1.02": "yes"})
    judge(make_case(north, "N2", unit="Beta", rosh="low"), {"A.1.02": "no"})
    judge(make_case(south, "S1", unit="Gamma", rosh="low"), {"A.1.02": "no"})
    return north, south


def test_inspections_of_the_same_shape_are_counted_with_their_own_ids(small_set):
    north, south = two_inspections(small_set)

    assert compute_scores(inspection=north).question("A.1.02").score.counts_display == "1/2 (50%)"
    assert compute_scores(inspection=south).question("A.1.02").score.counts_display == "0/1 (0%)"
    assert [(g.label, g.case_count) for g in compute_breakdown(inspection=south, by="unit").groups] == [("Gamma", 1)]


def test_a_change_of_answer_characteristic_and_sample_shows_at_once(small_set):
    north, _ = two_inspections(small_set)
    before = compute_breakdown(inspection=north, by="rosh_band")
    assert {g.key: g.case_count for g in before.groups}["high_very_high"] == 1

    case = north.cases.get(case_ref="N2")
    judgement = Judgement.objects.get(assessment__case=case)
    judgement.option = AnswerOption.objects.get(scale=judgement.question.scale, value="yes")
    judgement.save()
    case.rosh = "very_high"
    case.save()
    judge(make_case(north, "N3", unit="Beta", rosh="low"), {"A.1.02": "no"})

    after = compute_breakdown(inspection=north, by="rosh_band")
    assert {g.key: g.case_count for g in after.groups}["high_very_high"] == 2
    assert after.overall.question("A.1.02").score.counts_display == "2/3 (67%)"


def test_repeated_ids_and_case_ids_are_counted_once(small_set):
    north, south = two_inspections(small_set)
    n1 = north.cases.get(case_ref="N1").pk

    both = compute_breakdowns(inspections=[north, south, north], by="unit")
    assert set(both) == {north.pk, south.pk}
    subset = compute_scores(inspection=north, case_ids=[n1, n1])
    assert subset.case_count == 1
    assert subset.question("A.1.02").score.counts_display == "1/1 (100%)"
    assert compute_scores(inspection=north, case_ids=[]).case_count == 0


def sql_ignoring_case_ids(shape, inspection_ids, case_ids):
    return "SELECT 1 WHERE 1 IN (%s)", [inspection_ids[0]]


def test_a_statement_that_would_not_bind_every_id_is_refused():
    with pytest.raises(ValueError, match="does not bind every id"):
        compiled.bound(sql_ignoring_case_ids, None, inspection_ids=[1, 2], case_ids=None)
