"""Allocation: the lead ticks several cases and gives them to a member, or reassigns them."""

import pytest
from django.urls import reverse

from cases.models import Assessment
from cases.services.sample import allocate_cases
from inspection.errors import ServiceError
from tests import factories

URL = reverse("cases:allocation", args=["northshire-2026"])


def assessors(cases):
    return {
        a.case.case_ref: a.assessor.username
        for a in Assessment.objects.filter(case__in=cases, is_primary=True).select_related("case", "assessor")
    }


def test_the_lead_allocates_several_cases_at_once(client_as, lead, inspector, cases):
    response = client_as(lead).post(URL, {"cases": [cases[0].pk, cases[2].pk], "assessor": inspector.pk}, follow=True)
    assert "2 cases allocated to ian." in response.content.decode()
    assert assessors(cases) == {"N001": "ian", "S001": "ian"}


def test_reassigning_keeps_the_work_already_recorded(lead, inspector, assessor, cases, small_set, inspection):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk, cases[1].pk], assessor=inspector, actor=lead)
    assessment = Assessment.objects.get(case=cases[0])
    factories.JudgementFactory(assessment=assessment, question=small_set.questions.get(code="A.1.02"))

    result = allocate_cases(inspection=inspection, case_ids=[c.pk for c in cases], assessor=assessor, actor=lead)

    assert (result.allocated, result.reassigned, result.unchanged) == (1, 2, 0)
    assert assessors(cases) == {"N001": "asha", "N002": "asha", "S001": "asha"}
    assert Assessment.objects.get(case=cases[0]).judgements.count() == 1
    assert Assessment.objects.get(case=cases[0]).history.first().history_user == lead


def test_allocating_to_the_same_person_again_changes_nothing(lead, inspector, cases, inspection):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)
    result = allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)
    assert (result.allocated, result.reassigned, result.unchanged) == (0, 0, 1)
    assert Assessment.objects.filter(case=cases[0]).count() == 1


def test_cases_go_only_to_members_of_the_team(inspection, cases, outsider):
    with pytest.raises(ServiceError, match="olive is not in this inspection's team"):
        allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=outsider)


def test_cases_of_another_inspection_cannot_be_allocated(inspection, inspector, other_inspection):
    stranger = factories.CaseFactory(inspection=other_inspection)
    with pytest.raises(ServiceError, match="not in this inspection"):
        allocate_cases(inspection=inspection, case_ids=[stranger.pk], assessor=inspector)
    assert not stranger.assessments.exists()


def test_the_page_refuses_a_case_from_another_inspection(client_as, lead, inspector, cases, other_inspection):
    stranger = factories.CaseFactory(inspection=other_inspection)
    page = client_as(lead).post(URL, {"cases": [stranger.pk], "assessor": inspector.pk}).content.decode()
    assert "Some of the selected cases are not in this sample" in page
    assert not stranger.assessments.exists()


def test_the_page_asks_for_cases_and_a_person(client_as, lead, cases):
    page = client_as(lead).post(URL, {}).content.decode()
    assert "<title>Error: " in page
    assert '<a href="#id_cases">Select at least one case</a>' in page
    assert '<a href="#id_assessor">Choose who to allocate the cases to</a>' in page


def test_a_refused_post_keeps_the_ticked_cases(client_as, lead, cases):
    page = client_as(lead).post(URL, {"cases": [cases[1].pk]}).content.decode()
    assert f'value="{cases[1].pk}" checked' in page


def test_the_page_filters_to_unallocated_cases_of_a_unit(client_as, lead, inspector, cases, inspection):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)
    north = inspection.units.get(name="North cluster")
    page = client_as(lead).get(URL, {"unit": north.pk, "show": "unallocated"}).content.decode()
    assert ">N002<" in page
    assert ">N001<" not in page and ">S001<" not in page


def test_allocation_is_closed_once_reporting_has_started(inspection, inspector, cases):
    inspection.status = "reporting"
    inspection.save()
    with pytest.raises(ServiceError, match="cannot change"):
        allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)


def test_allocation_uses_a_fixed_number_of_queries(inspection, inspector, lead, django_assert_max_num_queries):
    unit = factories.UnitFactory(inspection=inspection)
    ids = [factories.CaseFactory(inspection=inspection, unit=unit).pk for _ in range(60)]
    allocate_cases(inspection=inspection, case_ids=ids[:30], assessor=lead)
    # member check, cases, existing assessments, insert + history for new, update + history for reassigned
    with django_assert_max_num_queries(12):
        result = allocate_cases(inspection=inspection, case_ids=ids, assessor=inspector)
    assert (result.allocated, result.reassigned) == (30, 30)
