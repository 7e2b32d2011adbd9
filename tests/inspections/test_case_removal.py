"""Removing one case from the sample, with a reason kept in history: an "Are you sure?" page that
says what goes with the case (its assessments and answers), and a removed case that counts nowhere."""

import pytest
from django.urls import reverse

from cases.models import Assessment, Case, Inspection, Judgement
from cases.services.sample_corrections import remove_case
from inspection.errors import ServiceError
from reports import exports
from reports.scoring.service import compute_scores
from tests import factories
from tests.scoring.helpers import judge, make_case

SLUG = "northshire-2026"


def url(ref: str) -> str:
    return reverse("cases:case_remove", args=[SLUG, ref])


@pytest.fixture
def judged(inspection, inspector):
    """N001 and N002 submitted by Ian: N001 answers A.1.02 "no", N002 "yes"."""
    for ref, answer in (("N001", "no"), ("N002", "yes")):
        judge(make_case(inspection, ref), {"A.1.02": answer}, assessor=inspector)
    return inspection


def test_the_sample_page_links_each_case_to_its_removal(client_as, lead, judged):
    page = client_as(lead).get(reverse("cases:sample", args=[SLUG])).content.decode()
    assert f'href="{url("N001")}"' in page


def test_the_are_you_sure_page_says_what_goes_with_the_case_and_changes_nothing(client_as, lead, judged):
    page = client_as(lead).get(url("N001")).content.decode()

    assert "Are you sure you want to remove case N001 from the sample?" in page
    assert "The assessment by ian (submitted): 1 answer, which counts in the scores now." in page
    assert "You cannot undo this. The 1 answer will be kept only in the case\u2019s history, with your reason." in page
    assert "record it as excluded with the reason" in page  # the alternative for a case that belongs
    assert "govuk-button--warning" in page and "Cancel" in page
    assert Case.objects.filter(case_ref="N001").exists()


def test_removing_a_judged_case_takes_it_out_of_the_scores_and_exports_with_history(client_as, lead, judged):
    assert compute_scores(inspection=judged).question("A.1.02").score.denominator == 2

    response = client_as(lead).post(url("N001"), {"reason": "Transferred out before the sample date"}, follow=True)

    page = response.content.decode()
    assert "Case N001 was removed from the sample." in page
    assert "Transferred out before the sample date" in page.split("Removed cases")[1]
    assert not Case.objects.filter(case_ref="N001").exists()
    scores = compute_scores(inspection=judged)
    assert scores.case_count == 1
    assert (scores.question("A.1.02").score.numerator, scores.question("A.1.02").score.denominator) == (1, 1)
    assert "N001" not in exports.judgements_csv(inspection=judged)
    # every row that went is in history, naming the lead and the reason
    for model in (Case, Assessment, Judgement):
        record = model.history.get(history_type="-")
        assert (record.history_user, record.history_change_reason) == (lead, "Transferred out before the sample date")


def test_a_case_with_no_assessment_says_so(client_as, lead, inspection):
    factories.CaseFactory(inspection=inspection, case_ref="N007")
    page = client_as(lead).get(url("N007")).content.decode()
    assert "The case is not allocated and has no answers." in page


def test_the_reason_is_required_and_nothing_is_removed_without_it(client_as, lead, judged):
    page = client_as(lead).post(url("N001"), {"reason": "   "}).content.decode()

    assert "There is a problem" in page
    assert "Enter why the case is removed from the sample" in page
    assert Case.objects.filter(case_ref="N001").exists()


def test_a_long_reason_is_refused_by_the_service_too(lead, judged):
    with pytest.raises(ServiceError) as raised:
        remove_case(case=Case.objects.get(case_ref="N001"), reason="x" * 101, actor=lead)
    assert raised.value.message_dict == {"reason": ["The reason must be 100 characters or fewer"]}
    assert Case.objects.filter(case_ref="N001").exists()


@pytest.mark.parametrize("status", [Inspection.Status.REPORTING, Inspection.Status.CLOSED])
def test_no_case_is_removed_once_judgements_are_frozen(client_as, lead, judged, status):
    Inspection.objects.filter(pk=judged.pk).update(status=status)
    client = client_as(lead)

    assert "reopen the inspection for moderation first" in client.get(url("N001")).content.decode()
    page = client.post(url("N001"), {"reason": "Wrongly sampled"}).content.decode()

    assert "The sample cannot change while the inspection is " in page
    assert Case.objects.filter(case_ref="N001").exists()


@pytest.mark.parametrize(
    ("persona", "expected"), [("admin", 403), ("inspector", 403), ("assessor", 403), ("outsider", 404)]
)
def test_only_the_lead_removes_a_case(client_as, team, judged, persona, expected):
    client = client_as(team[persona])
    assert client.get(url("N001")).status_code == expected
    assert client.post(url("N001"), {"reason": "Wrongly sampled"}).status_code == expected
    assert Case.objects.filter(case_ref="N001").exists()


def test_another_inspections_case_is_not_found(client_as, lead, judged, other_inspection):
    factories.CaseFactory(inspection=other_inspection, case_ref="S001")
    assert client_as(lead).get(url("S001")).status_code == 404


def test_the_are_you_sure_page_issues_the_same_number_of_queries_whatever_the_case(
    client_as, lead, inspector, judged, django_assert_num_queries
):
    client = client_as(lead)
    client.get(url("N001"))
    # session, user, OTP device, membership+inspection, the case and its unit, its assessments with
    # assessors and answer counts, and the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(7):
        assert client.get(url("N001")).status_code == 200
    case = Case.objects.get(case_ref="N001")
    judge(case, {"A.1.01": "on_time", "A.1.02": "yes"}, primary=False, status="in_progress", assessor=lead)
    with django_assert_num_queries(7):
        page = client.get(url("N001")).content.decode()
    assert "The second marking by lena (in progress): 2 answers." in page
    assert "in the agreement figures now" not in page  # not submitted: it counts nowhere yet
