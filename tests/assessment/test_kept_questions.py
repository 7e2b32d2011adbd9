"""The criteria set's questions are kept per process for the assessment pages (criteria/kept.py):
a write to a criteria model empties them, and nothing about a case is kept, so a criterion page,
its save and the case page follow every change of an answer, a case's characteristics, a
moderation or the sample at once, with the questions kept."""

import pytest

from cases.models import Judgement
from cases.services.moderation import Change, moderate_criterion
from cases.services.sample import case_values, update_case
from cases.services.sample_corrections import remove_case
from criteria import kept
from criteria.models import GeneralCriterion, Question
from tests import factories
from tests.scoring.helpers import judge, make_case

pytestmark = pytest.mark.django_db


def criterion_url(case, code="A.1"):
    return f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/criteria/{code}/"


def assert_kept(inspection, django_assert_num_queries, *, options=True):
    with django_assert_num_queries(0):
        kept.set_questions(inspection.criteria_set_id, options=options)


def test_the_questions_are_read_once_then_kept(inspection, inspector, client_as, django_assert_num_queries):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"}, status="in_progress", assessor=inspector)
    client = client_as(inspector)
    kept.forget()
    with django_assert_num_queries(10):
        assert client.get(criterion_url(case)).status_code == 200
    assert_kept(inspection, django_assert_num_queries)
    with django_assert_num_queries(8):
        assert client.get(criterion_url(case)).status_code == 200


def test_a_changed_answer_is_shown_and_saved_with_the_questions_kept(
    inspection, inspector, client_as, django_assert_num_queries
):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"}, status="in_progress", assessor=inspector)
    client = client_as(inspector)
    assert 'value="yes" checked' in client.get(criterion_url(case)).content.decode()
    assert_kept(inspection, django_assert_num_queries)

    judge(case, {"A.1.02": "no"}, status="in_progress")
    page = client.get(criterion_url(case)).content.decode()
    assert 'value="no" checked' in page and 'value="yes" checked' not in page

    version = Judgement.objects.get(assessment__case=case, question__code="A.1.02").version
    data = {"action": "return", "A.1.02-answer": "yes", "A.1.02-version": str(version)}
    assert client.post(criterion_url(case), data).status_code == 302
    assert Judgement.objects.get(assessment__case=case, question__code="A.1.02").option.value == "yes"
    assert 'value="yes" checked' in client.get(criterion_url(case)).content.decode()


def test_a_changed_characteristic_changes_the_questions_that_apply(
    inspection, inspector, lead, client_as, django_assert_num_queries
):
    case = make_case(inspection, "C1", rosh="medium")
    judge(case, {"A.1.02": "yes"}, status="in_progress", assessor=inspector)
    client = client_as(inspector)
    assert 'name="A.1.03-answer"' not in client.get(criterion_url(case)).content.decode()
    assert_kept(inspection, django_assert_num_queries)

    update_case(case=case, values={**case_values(case), "rosh": "high"}, actor=lead)

    assert 'name="A.1.03-answer"' in client.get(criterion_url(case)).content.decode()
    version = Judgement.objects.get(assessment__case=case, question__code="A.1.02").version
    data = {"action": "return", "A.1.02-answer": "yes", "A.1.02-version": str(version), "A.1.03-answer": "yes"}
    assert client.post(criterion_url(case), data).status_code == 302  # the save accepts it now
    assert Judgement.objects.get(assessment__case=case, question__code="A.1.03").option.value == "yes"


def test_a_moderated_answer_is_shown_with_the_questions_kept(
    inspection, inspector, lead, client_as, django_assert_num_queries
):
    case = make_case(inspection, "C1")
    assessment = judge(case, {"A.1.01": "on_time", "A.1.02": "yes"}, assessor=inspector)
    client = client_as(lead)
    page = client.get(criterion_url(case)).content.decode()  # the lead reads the answers as text
    assert "Yes, on time" in page and "Yes, but late" not in page
    assert_kept(inspection, django_assert_num_queries)

    question = Question.objects.get(criteria_set=inspection.criteria_set, code="A.1.01")
    moderate_criterion(
        assessment=assessment,
        general_criterion=question.general_criterion,
        changes={"A.1.01": Change(option=question.scale.options.get(value="late"), reason="Three weeks late")},
        actor=lead,
    )

    page = client.get(criterion_url(case)).content.decode()
    assert "Yes, but late" in page and "Yes, on time" not in page


def test_the_sample_changing_is_followed_with_the_questions_kept(
    inspection, inspector, lead, client_as, django_assert_num_queries
):
    removed = make_case(inspection, "C1")
    judge(removed, {"A.1.02": "yes"}, status="in_progress", assessor=inspector)
    client = client_as(inspector)
    assert client.get(criterion_url(removed)).status_code == 200
    assert_kept(inspection, django_assert_num_queries)

    remove_case(case=removed, reason="Transferred before the inspection", actor=lead)
    added = make_case(inspection, "C2", rosh="very_high")
    judge(added, {"A.1.02": "no"}, status="in_progress", assessor=inspector)

    assert client.get(criterion_url(removed)).status_code == 404
    page = client.get(criterion_url(added)).content.decode()
    assert 'name="A.1.03-answer"' in page and 'value="no" checked' in page


def test_a_question_added_to_the_set_is_on_the_page_at_once(inspection, inspector, client_as):
    case = make_case(inspection, "C1")
    judge(case, {"A.1.02": "yes"}, status="in_progress", assessor=inspector)
    client = client_as(inspector)
    assert "A.1.99" not in client.get(criterion_url(case)).content.decode()

    criterion = GeneralCriterion.objects.get(criteria_set=inspection.criteria_set, code="A.1")
    factories.QuestionFactory(criteria_set=inspection.criteria_set, general_criterion=criterion, code="A.1.99")

    assert 'name="A.1.99-answer"' in client.get(criterion_url(case)).content.decode()
