"""The assessment pages issue a fixed number of SQL queries, whatever the number of questions,
cases or judgements: each count is pinned, and each test runs on a small world (the small
criteria set, one case) and a large one (the RoH 2007 set, 40 cases, every question answered)."""

import pytest

from cases.models import Assessment, Judgement
from cases.services import judgements as services
from criteria import kept
from criteria.models import Question
from tests import factories
from tests.conftest import SHIPPED_SET

SIZES = ["small", "large"]


@pytest.fixture
def world(request, inspection, inspector, lead):
    """(case, criterion code, questions of that criterion): the inspector's case, answered throughout
    when large, with other cases allocated to the inspector and judgements recorded on them."""
    if request.param == "small":
        criteria_set, code, cases = inspection.criteria_set, "A.1", 1
    else:
        from criteria.services import load_criteria_set

        criteria_set = load_criteria_set(
            text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name
        ).criteria_set
        inspection.criteria_set = criteria_set
        inspection.save()
        code, cases = "1.2", 40
    units = [factories.UnitFactory(inspection=inspection, name=f"Unit {n}") for n in range(4)]
    made = []
    for n in range(cases):
        case = factories.CaseFactory(
            inspection=inspection,
            case_ref=f"Q{n:03d}",
            unit=units[n % 4],
            sentence_type="community_order",
            rosh="high",
            child_safeguarding="yes",
        )
        made.append((case, factories.AssessmentFactory(case=case, assessor=inspector)))
    questions = list(
        Question.objects.filter(criteria_set=criteria_set)
        .select_related("general_criterion", "scale")
        .prefetch_related("scale__options")
    )
    if request.param == "large":
        # Every other case answered throughout; the first case answered twice (so its history
        # grows) on every criterion but the one on the page, which starts empty as in the small world.
        first_option = {q.scale_id: q.scale.options.order_by("order").first() for q in questions}
        Judgement.objects.bulk_create(
            [
                Judgement(assessment=assessment, question=q, option=first_option[q.scale_id])
                for case, assessment in made[1:]
                for q in questions
                if case.applies(q)
            ]
        )
        first_case, first = made[0]
        for criterion in {q.general_criterion for q in questions} - {
            q.general_criterion for q in questions if q.general_criterion.code == code
        }:
            page = [q for q in questions if q.general_criterion == criterion and first_case.applies(q)]
            for option in ("yes", "no"):
                current = {j.question_id: j.version for j in Judgement.objects.filter(assessment=first)}
                services.save_criterion_page(
                    assessment=first,
                    general_criterion=criterion,
                    answers={
                        q.code: services.Answer(option=_value(q, option), version=current.get(q.pk, 0)) for q in page
                    },
                    actor=inspector,
                )
        Assessment.objects.filter(pk=first.pk).update(status=Assessment.Status.NOT_STARTED)
    page_questions = [q for q in questions if q.general_criterion.code == code and made[0][0].applies(q)]
    return made[0][0], code, page_questions, request.param


def _value(question, wanted):
    values = [o.value for o in question.scale.options.all()]
    return wanted if wanted in values else values[0]


def _post(questions, option, versions):
    data = {"action": "return"}
    for q in questions:
        data.update(
            {
                f"{q.code}-answer": _value(q, option),
                f"{q.code}-rationale": f"Because {option}",
                f"{q.code}-notable": "",
                f"{q.code}-example": "",
                f"{q.code}-version": str(versions.get(q.pk, 0)),
            }
        )
    return data


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_task_list_query_count_is_fixed(client, inspector, world, django_assert_num_queries):
    case, _, _, size = world
    client.force_login(inspector)
    # session, user, OTP device, membership+inspection+criteria set, case+unit, assessment+assessor,
    # answered question ids, the set's questions+criteria+sections+scales (the first time in a
    # process: ``criteria.kept``), the judgement history, and the navigation's permission check
    # (user or group permission, one query)
    kept.forget()
    with django_assert_num_queries(10):
        response = client.get(f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/")
    assert response.status_code == 200
    with django_assert_num_queries(9):  # the set's questions kept
        response = client.get(f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/")
    # The large case's history holds two saves of every other criterion's questions.
    assert (response.content.decode().count("→") > 50) == (size == "large")


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_criterion_page_query_count_is_fixed(client, inspector, world, django_assert_num_queries):
    case, code, questions, _ = world
    client.force_login(inspector)
    # session, user, OTP device, membership+inspection+criteria set, case+unit, assessment+assessor,
    # the first time in a process (``criteria.kept``) the set's questions+criteria+sections+scales
    # and the scales' options, this page's judgements+options+users, and the navigation's
    # permission check (user or group permission, one query)
    url = f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/criteria/{code}/"
    kept.forget()
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(8):  # the set's questions and options kept
        response = client.get(url)
    assert response.content.decode().count('type="radio"') >= len(questions) * 3


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_saving_a_criterion_page_query_count_is_fixed(client, inspector, world, django_assert_num_queries):
    case, code, questions, _ = world
    url = f"/inspections/{case.inspection.slug}/cases/{case.case_ref}/criteria/{code}/"
    client.force_login(inspector)
    # The page's reads as for GET but navigation (9, the set's questions and options read the first
    # time in a process: ``criteria.kept``), then in the service: savepoint, lock the
    # assessment+case+inspection, existing judgements, bulk insert judgements, bulk insert their
    # history, update the assessment (in progress), its history, release savepoint.
    data = _post(questions, "yes", {})
    kept.forget()
    with django_assert_num_queries(17):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Judgement.objects.filter(assessment__case=case, question__in=questions).count() == len(questions)

    versions = {j.question_id: j.version for j in Judgement.objects.filter(assessment__case=case)}
    # Changing every answer: as above but the questions kept, one bulk update and its history, no
    # assessment save.
    data = _post(questions, "no", versions)
    with django_assert_num_queries(13):
        response = client.post(url, data)
    assert response.status_code == 302
    assert {j.version for j in Judgement.objects.filter(assessment__case=case, question__in=questions)} == {2}


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_my_cases_query_count_is_fixed(client, inspector, world, django_assert_num_queries):
    _, _, _, size = world
    client.force_login(inspector)
    # session, user, OTP device, the units for the filter, the assessments with case, unit and inspection,
    # the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(6):
        response = client.get("/inspections/my-cases/")
    assert response.content.decode().count('<li class="govuk-task-list__item') == (1 if size == "small" else 40)
    with django_assert_num_queries(6):
        client.get("/inspections/my-cases/", {"status": "not_started"})
