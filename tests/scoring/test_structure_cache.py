"""The criteria set's structure is read once a process (reports/scoring/structure.py): a write to
the criteria set empties it, and scores never come from it, so they follow every change of an
answer, a case's characteristics, a moderation or the sample at once."""

import pytest

from cases.models import Judgement
from cases.services.moderation import Change, moderate_criterion
from cases.services.sample import case_values, update_case
from cases.services.sample_corrections import remove_case
from criteria.models import GeneralCriterion, Question, RatingBand
from reports.scoring import compute_breakdown, compute_scores, load_structure
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def counts(scores, code):
    score = scores.question(code).score
    return score.numerator, score.denominator


def test_the_structure_is_read_from_the_database_once(small_set, django_assert_num_queries):
    with django_assert_num_queries(7):  # bands, sections, criteria, headlines, links, questions, options
        first = load_structure(criteria_set_id=small_set.pk)
    with django_assert_num_queries(0):
        assert load_structure(criteria_set_id=small_set.pk) is first


def test_a_question_added_to_the_set_is_scored_at_once(inspection, small_set):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"})
    assert "A.1.99" not in {q.code for q in compute_scores(inspection=inspection).questions}

    criterion = GeneralCriterion.objects.get(criteria_set=small_set, code="A.1")
    question = factories.QuestionFactory(criteria_set=small_set, general_criterion=criterion, code="A.1.99")
    judge(case, {"A.1.99": "yes"})

    assert counts(compute_scores(inspection=inspection), "A.1.99") == (1, 1)
    assert question.pk in {q.id for q in load_structure(criteria_set_id=small_set.pk).questions}


def test_a_changed_rating_band_is_read_afresh(inspection, small_set):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    assert compute_scores(inspection=inspection).question("A.1.02").score.band_label == "Good"
    RatingBand.objects.filter(criteria_set=small_set, label="Good").get().delete()
    assert compute_scores(inspection=inspection).question("A.1.02").score.band_label == "Requires improvement"


def test_a_question_taken_off_a_headline_leaves_it(inspection, small_set):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    assert "A.1.02" in compute_scores(inspection=inspection).headline("SAFE").question_codes
    Question.objects.get(criteria_set=small_set, code="A.1.02").headlines.clear()
    assert "A.1.02" not in compute_scores(inspection=inspection).headline("SAFE").question_codes


def test_scores_follow_a_changed_answer_with_the_structure_kept(inspection, django_assert_num_queries):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"})
    assert counts(compute_scores(inspection=inspection), "A.1.02") == (1, 1)
    judge(case, {"A.1.02": "no"})
    with django_assert_num_queries(2):  # the two GROUP BYs: the structure is kept, the scores are not
        scores = compute_scores(inspection=inspection)
    assert counts(scores, "A.1.02") == (0, 1)


def test_scores_follow_a_changed_characteristic(inspection, lead):
    case = make_case(inspection, "C1", rosh="high")
    judge(case, {"A.1.02": "yes", "A.1.03": "yes"})
    assert counts(compute_scores(inspection=inspection), "A.1.03") == (1, 1)
    assert compute_breakdown(inspection=inspection, by="rosh_band").group("high_very_high").case_count == 1

    update_case(case=case, values={**case_values(case), "rosh": "low"}, actor=lead)

    assert counts(compute_scores(inspection=inspection, include_in_progress=True), "A.1.03") == (0, 0)
    breakdown = compute_breakdown(inspection=inspection, by="rosh_band", include_in_progress=True)
    assert breakdown.group("low").case_count == 1 and breakdown.group("high_very_high").case_count == 0


def test_scores_follow_a_moderation(inspection, lead):
    assessment = judge(make_case(inspection, "C1"), {"A.1.01": "on_time"})
    assert counts(compute_scores(inspection=inspection), "A.1.01") == (1, 1)
    question = Question.objects.get(criteria_set=inspection.criteria_set, code="A.1.01")
    moderate_criterion(
        assessment=assessment,
        general_criterion=question.general_criterion,
        changes={"A.1.01": Change(option=question.scale.options.get(value="late"), reason="Three weeks late")},
        actor=lead,
    )
    assert counts(compute_scores(inspection=inspection), "A.1.01") == (0, 1)


def test_scores_follow_a_case_removed_from_the_sample(inspection, lead):
    judge(make_case(inspection, "C1"), {"A.1.02": "yes"})
    removed = make_case(inspection, "C2")
    judge(removed, {"A.1.02": "no"})
    assert counts(compute_scores(inspection=inspection), "A.1.02") == (1, 2)

    remove_case(case=removed, reason="Transferred before the inspection", actor=lead)

    scores = compute_scores(inspection=inspection)
    assert counts(scores, "A.1.02") == (1, 1) and scores.case_count == 1
    assert not Judgement.objects.filter(assessment__case__case_ref="C2").exists()
