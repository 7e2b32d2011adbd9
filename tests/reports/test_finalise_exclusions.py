"""Excluding several unfinished cases at once before finalising: chosen on the finalise page (filter
by progress, select all), confirmed with one reason on an are-you-sure page, all or nothing, each
case with its own history."""

import pytest
from django.urls import reverse

from cases.models import Assessment, Case
from inspection.errors import ServiceError
from reports.models import ExcludedCase
from reports.services import reports as report_services
from reports.services.exclusions import exclude_cases


@pytest.fixture
def unfinished(inspection, sample, lead):
    """NS999 in progress (the sample's), NS998 not started, NS997 not allocated; a draft report."""
    south = Case.objects.get(case_ref="NS999").unit
    not_started = Case.objects.create(inspection=inspection, unit=south, case_ref="NS998", sentence_type="custody")
    Assessment.objects.create(case=not_started, status=Assessment.Status.NOT_STARTED)
    Case.objects.create(inspection=inspection, unit=south, case_ref="NS997", sentence_type="custody")
    report_services.ensure_report(inspection=inspection, actor=lead)
    return ["NS997", "NS998", "NS999"]


def url(inspection, name="report_exclude_cases") -> str:
    return reverse(f"reports:{name}", args=[inspection.slug])


def test_several_cases_are_excluded_with_one_reason_each_with_its_history(inspection, unfinished, lead):
    exclude_cases(inspection=inspection, case_refs=unfinished, reason="Files  not readable", actor=lead)
    exclusions = ExcludedCase.objects.order_by("case__case_ref")
    assert [(e.case.case_ref, e.reason, e.recorded_by) for e in exclusions] == [
        (ref, "Files not readable", lead) for ref in unfinished
    ]
    assert all(e.history.get().history_user == lead for e in exclusions)


def test_one_case_that_cannot_be_excluded_refuses_them_all(inspection, unfinished, sample, lead):
    submitted = sample[0].case_ref
    with pytest.raises(ServiceError) as refused:
        exclude_cases(inspection=inspection, case_refs=[*unfinished, submitted], reason="Lost", actor=lead)
    assert refused.value.message_dict["cases"] == [
        f"Case {submitted} is submitted and counts in the scores: it cannot be excluded"
    ]
    assert not ExcludedCase.objects.exists()
    with pytest.raises(ServiceError) as no_reason:
        exclude_cases(inspection=inspection, case_refs=unfinished, reason=" ", actor=lead)
    assert no_reason.value.message_dict == {"reason": ["Enter the reason the case is excluded"]}
    assert not ExcludedCase.objects.exists()


def test_the_finalise_page_offers_the_unfinished_cases_to_select_and_filters_them(
    client_as, inspection, unfinished, lead
):
    client = client_as(lead)
    page = client.get(url(inspection, "report_finalise")).content.decode()
    for ref in unfinished:
        assert f'name="cases" type="checkbox" value="{ref}"' in page
    assert "data-select-all-table" in page and "Exclude the selected cases" in page
    filtered = client.get(url(inspection, "report_finalise") + "?status=Not+started").content.decode()
    assert 'value="NS998"' in filtered and 'value="NS999"' not in filtered and 'value="NS997"' not in filtered


def test_the_are_you_sure_page_lists_the_cases_and_asks_one_reason(
    client_as, inspection, unfinished, lead, django_assert_num_queries
):
    client = client_as(lead)
    # Session, user and second factor; the membership; the report and its newest version; the
    # missing cases and the exclusions (finalise_readiness); the navigation's permission check.
    with django_assert_num_queries(9):
        page = client.post(url(inspection), {"action": "check", "cases": ["NS998", "NS999"]}).content.decode()
    assert "Exclude 2 cases from the report?" in page
    assert "NS998" in page and "NS999" in page and "NS997" not in page
    blank = client.post(url(inspection), {"action": "confirm", "cases": ["NS998", "NS999"], "reason": ""})
    assert "Enter the reason the cases are excluded" in blank.content.decode()
    assert not ExcludedCase.objects.exists()

    done = client.post(
        url(inspection), {"action": "confirm", "cases": ["NS998", "NS999"], "reason": "Transferred out"}, follow=True
    )
    assert "2 cases are excluded from the report." in done.content.decode()
    assert sorted(ExcludedCase.objects.values_list("case__case_ref", flat=True)) == ["NS998", "NS999"]


def test_nothing_selected_goes_back_with_a_message_and_only_the_lead_excludes(
    client_as, inspection, unfinished, lead, inspector
):
    response = client_as(lead).post(url(inspection), {"action": "check"}, follow=True)
    assert "Select the cases to exclude." in response.content.decode()
    assert client_as(inspector).post(url(inspection), {"action": "check", "cases": ["NS999"]}).status_code == 403
