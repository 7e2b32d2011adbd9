"""Messages are written for people: counts pluralised (``ngettext``), people named by their full name,
and dates checked with the GOV.UK date-input messages, each naming the field ("Fieldwork start date
must include a month"), never Python's ("day is out of range for month")."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services.sample import allocate_cases
from reports.scoring.comparisons import Change
from reports.scoring.types import Score
from tests import factories

CREATE = reverse("cases:inspection_create")


def summary(page: str) -> list[tuple[str, str]]:
    """(link target, message) of each entry in the GOV.UK error summary."""
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "no GOV.UK error summary on the page"
    return re.findall(r'<a href="#([^"]+)">\s*(.*?)\s*</a>', found.group(0))


def create_with_start(client, inspection, day: str, month: str, year: str) -> str:
    data = {"name": "Eastshire", "slug": "eastshire-2027", "criteria_set": inspection.criteria_set.pk}
    data |= {"fieldwork_start_0": day, "fieldwork_start_1": month, "fieldwork_start_2": year}
    return client.post(CREATE, data).content.decode()


@pytest.mark.parametrize(
    "day, month, year, anchor, message",
    [
        ("31", "2", "2026", "id_fieldwork_start_0", "Fieldwork start date must be a real date"),
        ("8", "", "2026", "id_fieldwork_start_1", "Fieldwork start date must include a month"),
        ("", "3", "", "id_fieldwork_start_0", "Fieldwork start date must include a day and year"),
        ("8", "March", "2026", "id_fieldwork_start_1", "Fieldwork start date must be a real date"),
        ("8", "13", "2026", "id_fieldwork_start_1", "Fieldwork start date must be a real date"),
        ("8", "3", "26", "id_fieldwork_start_2", "Fieldwork start date year must include 4 numbers"),
    ],
)
def test_a_date_is_checked_with_gov_uk_messages_naming_the_field(
    client_as, admin, inspection, day, month, year, anchor, message
):
    page = create_with_start(client_as(admin), inspection, day, month, year)
    assert summary(page) == [(anchor, message)]
    assert re.search(
        rf'class="[^"]*govuk-input--error[^"]*"[^>]*id="{anchor}"|id="{anchor}"[^>]*class="[^"]*govuk-input--error',
        page,
    )
    assert "out of range" not in page


def test_a_real_date_is_accepted(client_as, admin, inspection):
    response = client_as(admin).post(
        CREATE,
        {
            "name": "Eastshire",
            "slug": "eastshire-2027",
            "criteria_set": inspection.criteria_set.pk,
            "fieldwork_start_0": "29",
            "fieldwork_start_1": "2",
            "fieldwork_start_2": "2028",
        },
    )
    assert response.status_code == 302


def test_the_interview_date_is_checked_with_the_same_messages(client_as, inspector, inspection):
    case = factories.CaseFactory(inspection=inspection, case_ref="NS001")
    factories.AssessmentFactory(case=case, assessor=inspector)
    url = reverse("cases:interview", args=[inspection.slug, "NS001"])
    data = {"done": "yes", "interview_date_0": "30", "interview_date_1": "2", "interview_date_2": "2026"}
    page = client_as(inspector).post(url, data).content.decode()
    assert ("id_interview_date_0", "Date of the interview must be a real date") in summary(page)
    assert "out of range" not in page
    yesterday = timezone.localdate() - timedelta(days=1)
    data |= {"interview_date_0": yesterday.day, "interview_date_1": "", "interview_date_2": yesterday.year}
    page = client_as(inspector).post(url, data).content.decode()
    assert ("id_interview_date_1", "Date of the interview must include a month") in summary(page)


def test_allocation_messages_count_in_words_with_singular_and_plural(client_as, lead, inspector, inspection):
    inspector.first_name, inspector.last_name = "Ian", "Inspector"
    inspector.save()
    unit = factories.UnitFactory(inspection=inspection)
    cases = [factories.CaseFactory(inspection=inspection, unit=unit) for _ in range(3)]
    url = reverse("cases:allocation", args=[inspection.slug])
    client = client_as(lead)
    one = client.post(url, {"cases": [cases[0].pk], "assessor": inspector.pk}, follow=True).content.decode()
    assert "1 case allocated to Ian Inspector." in one
    assert "1 case allocated: 0 in progress, 0 submitted" in one  # Ian's workload under his name
    two = client.post(url, {"cases": [c.pk for c in cases[1:]], "assessor": inspector.pk}, follow=True).content.decode()
    assert "2 cases allocated to Ian Inspector." in two
    assert "3 cases allocated: 0 in progress, 0 submitted" in two
    assert "(s)" not in one + two


def test_team_messages_name_people_by_their_full_name(client_as, lead, inspection):
    lara = factories.UserFactory(username="lara", first_name="Lara", last_name="Lane")
    url = reverse("cases:team_add", args=[inspection.slug])
    page = client_as(lead).post(url, {"person": lara.pk, "role": "inspector"}, follow=True).content.decode()
    assert "Lara Lane has been added to the team as inspector." in page
    assert "lara is now" not in page


def test_a_refusal_about_cases_is_pluralised(client_as, lead, inspector, inspection):
    allocate_cases(
        inspection=inspection, case_ids=[factories.CaseFactory(inspection=inspection).pk], assessor=inspector
    )
    membership = inspector.memberships.get()
    page = client_as(lead).get(reverse("cases:team_remove", args=[inspection.slug, membership.pk])).content.decode()
    assert "ian has 1 case allocated: reallocate them" in page
    assert "case(s)" not in page


@pytest.mark.parametrize(
    "points, shown", [(1, "+1 point"), (5, "+5 points"), (-1, "-1 point"), (-3, "-3 points"), (0, "no change")]
)
def test_a_change_since_the_last_inspection_is_in_points_not_pts(points, shown):
    previous = Score.from_counts(50, 100)
    current = Score.from_counts(50 + points, 100)
    change = Change(level="question", code="A.1.01", title="", current=current, previous=previous, matched=True)
    assert change.display == shown
