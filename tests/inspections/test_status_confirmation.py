"""The "Are you sure?" pages before the lead moves the inspection on: what will happen, what is
left undone, and the move itself only when confirmed."""

import pytest
from django.urls import reverse

from cases.models import Assessment, Inspection
from cases.services.inspections import set_sample_minimums
from tests import factories

S = Inspection.Status
SLUG = "northshire-2026"


def url(status: str) -> str:
    return reverse("cases:inspection_status", args=[SLUG, status])


def set_status(inspection, status) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status=status)


@pytest.fixture
def moderation_sample(inspection, lead, inspector, assessor):
    """Northshire in moderation: 8 cases, 3 in progress, 1 returned, 1 not started, 1 submitted and 2 not
    allocated; a minimum of 3 high RoSH cases with 1 in the sample."""
    set_status(inspection, S.MODERATION)
    statuses = ["in_progress"] * 3 + ["returned", "not_started", "submitted"]
    for n, status in enumerate(statuses):
        case = factories.CaseFactory(inspection=inspection, case_ref=f"N{n:03d}", rosh="high" if n == 0 else "low")
        factories.AssessmentFactory(case=case, assessor=inspector, status=status)
    factories.CaseFactory(inspection=inspection, case_ref="U001")
    factories.CaseFactory(inspection=inspection, case_ref="U002")
    set_sample_minimums(inspection=inspection, minimums={"high_rosh": 3}, actor=lead)
    return inspection


def test_the_inspection_page_links_each_move_to_its_confirmation_page_instead_of_moving(client_as, lead, inspection):
    page = client_as(lead).get(reverse("cases:inspection_detail", args=[SLUG])).content.decode()
    assert f'href="{url("moderation")}"' in page
    assert "<form" not in page.split("Move the inspection on")[1].split("</div>")[0]


def test_the_start_reporting_page_says_what_will_be_frozen_and_what_is_short(client_as, lead, moderation_sample):
    response = client_as(lead).get(url("reporting"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to start reporting?" in page
    assert "3 assessments are in progress and will be frozen: they will not count in the scores." in page
    assert "1 assessment returned to its assessor will be frozen: it will not count in the scores." in page
    assert "1 assessment allocated but not started will be frozen" in page
    assert "2 cases are not allocated to anyone." in page
    assert "The sample is short of your minimums for high or very high RoSH (1 of 3)." in page
    assert "Only submitted assessments count in the scores: 1 case of 8." in page
    assert "Cancel" in page and "Start reporting</button>" in page
    moderation_sample.refresh_from_db()
    assert moderation_sample.status == S.MODERATION  # looking changes nothing


def test_confirming_starts_reporting_with_a_success_notification_and_a_history_record(
    client_as, lead, moderation_sample
):
    response = client_as(lead).post(url("reporting"), follow=True)

    assert "Reporting has started: judgements are frozen." in response.content.decode()
    assert "govuk-notification-banner--success" in response.content.decode()
    moderation_sample.refresh_from_db()
    assert moderation_sample.status == S.REPORTING
    record = moderation_sample.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        lead,
        "Status changed from moderation to reporting",
    )
    # the assessments are frozen where they were
    assert Assessment.objects.filter(status="in_progress").count() == 3


def test_closing_is_marked_as_impossible_to_undo_with_a_warning_button(client_as, lead, inspection):
    set_status(inspection, S.REPORTING)
    case = factories.CaseFactory(inspection=inspection)
    factories.AssessmentFactory(case=case, assessor=lead, status="in_progress")

    page = client_as(lead).get(url("closed")).content.decode()

    assert "Are you sure you want to close the inspection?" in page
    assert "You cannot undo this." in page
    assert "1 assessment was never submitted and will never count in the scores." in page
    assert 'class="govuk-button govuk-button--warning"' in page


def test_reopening_for_moderation_can_be_undone_and_says_so(client_as, lead, inspection):
    set_status(inspection, S.REPORTING)
    client = client_as(lead)

    page = client.get(url("moderation")).content.decode()
    assert "Are you sure you want to reopen the inspection for moderation?" in page
    assert "You can undo this later" in page

    response = client.post(url("moderation"), follow=True)
    assert "The inspection is open for moderation again." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.MODERATION


def test_fieldwork_without_a_sample_shows_the_problem_and_no_confirm_button(client_as, lead, inspection):
    set_status(inspection, S.SETUP)
    client = client_as(lead)

    page = client.get(url("fieldwork")).content.decode()
    assert "There is a problem" in page
    assert f'href="{reverse("cases:sample", args=[SLUG])}">Add the case sample before fieldwork starts' in page
    assert "Start fieldwork</button>" not in page

    client.post(url("fieldwork"))
    inspection.refresh_from_db()
    assert inspection.status == S.SETUP


def test_a_move_the_inspection_can_no_longer_make_goes_back_saying_why(client_as, lead, inspection):
    """A stale tab: the inspection moved on elsewhere since the page was opened."""
    set_status(inspection, S.CLOSED)
    client = client_as(lead)
    for method in (client.get, client.post):
        response = method(url("reporting"), follow=True)
        assert "The inspection is closed, so you cannot start reporting now." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.CLOSED


def test_an_unknown_status_is_not_found(client_as, lead, inspection):
    assert client_as(lead).get(url("archived")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"), [("admin", 403), ("inspector", 403), ("assessor", 403), ("outsider", 404)]
)
def test_only_the_lead_sees_the_page_or_moves_the_inspection(client_as, team, moderation_sample, persona, expected):
    client = client_as(team[persona])
    assert client.get(url("reporting")).status_code == expected
    assert client.post(url("reporting")).status_code == expected
    moderation_sample.refresh_from_db()
    assert moderation_sample.status == S.MODERATION


def test_the_confirmation_page_issues_the_same_number_of_queries_whatever_the_size(
    client_as, lead, moderation_sample, inspector, django_assert_num_queries
):
    client = client_as(lead)
    client.get(url("reporting"))
    # session, user, OTP device, membership+inspection, the sample's case counts, its assessments by
    # status, and the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(7):
        assert client.get(url("reporting")).status_code == 200
    for n in range(30):
        case = factories.CaseFactory(inspection=moderation_sample, case_ref=f"M{n:03d}")
        factories.AssessmentFactory(case=case, assessor=inspector, status="submitted")
    with django_assert_num_queries(7):
        assert client.get(url("reporting")).status_code == 200
