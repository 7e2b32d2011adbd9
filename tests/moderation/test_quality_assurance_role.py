"""The quality assurance role: on the team page, sees and moderates, neither assesses nor manages the team."""

import pytest
from django.urls import reverse

from cases.models import Membership
from cases.services.inspections import change_role
from cases.services.sample import allocate_cases
from inspection.errors import ServiceError
from tests import factories


def test_the_lead_adds_quality_assurance_on_the_team_page(client_as, lead, inspection):
    quentin = factories.UserFactory(username="quentin")
    page = client_as(lead).get(reverse("cases:team", args=["northshire-2026"])).content.decode()
    assert 'value="quality_assurance"' in page and "Quality assurance" in page
    response = client_as(lead).post(
        reverse("cases:team_add", args=["northshire-2026"]),
        {"person": quentin.pk, "role": "quality_assurance"},
        follow=True,
    )
    assert "quentin has been added to the team as quality assurance." in response.content.decode()
    assert Membership.objects.get(user__username="quentin").role == "quality_assurance"


def test_quality_assurance_cannot_manage_the_team(client_as, qa, inspection):
    factories.UserFactory(username="quentin")
    response = client_as(qa).post(
        reverse("cases:team_add", args=["northshire-2026"]), {"username": "quentin", "role": "inspector"}
    )
    assert response.status_code == 403
    assert client_as(qa).get(reverse("cases:team", args=["northshire-2026"])).status_code == 200


def test_quality_assurance_is_never_allocated_cases(inspection, lead, qa):
    case = factories.CaseFactory(inspection=inspection)
    with pytest.raises(ServiceError, match="quality assurance: they moderate, not assess"):
        allocate_cases(inspection=inspection, case_ids=[case.pk], assessor=qa, actor=lead)


def test_someone_with_cases_allocated_cannot_become_quality_assurance(inspection, inspector):
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection), assessor=inspector)
    with pytest.raises(ServiceError, match="reallocate them before making this person quality assurance"):
        change_role(membership=inspector.memberships.get(), role="quality_assurance")


def test_the_allocation_page_does_not_offer_quality_assurance(client_as, lead, qa, inspection):
    factories.CaseFactory(inspection=inspection)
    page = client_as(lead).get(reverse("cases:allocation", args=["northshire-2026"])).content.decode()
    assert "(lead inspector)" in page and "(quality assurance)" not in page


@pytest.mark.parametrize("persona, expected", [("lead", 200), ("qa", 200), ("inspector", 403), ("outsider", 404)])
def test_the_moderation_pages_are_for_the_lead_and_quality_assurance(
    client_as, request, inspector, lead, qa, outsider, persona, expected
):
    user = request.getfixturevalue(persona)
    for name in ("cases:moderation_queue", "cases:moderation_figures", "cases:moderation_figures_csv"):
        assert client_as(user).get(reverse(name, args=["northshire-2026"])).status_code == expected, name


def test_the_inspection_page_links_moderators_to_moderation(client_as, qa, inspector, inspection):
    url = reverse("cases:inspection_detail", args=["northshire-2026"])
    assert reverse("cases:moderation_queue", args=["northshire-2026"]) in client_as(qa).get(url).content.decode()
    assert "Moderation" not in client_as(inspector).get(url).content.decode()


def test_quality_assurance_sees_submitted_cases_read_only(client_as, qa, submitted):
    page = client_as(qa).get(reverse("cases:case_detail", args=["northshire-2026", "NS001"])).content.decode()
    assert "You can view this assessment but not change it" in page
    assert "Return to" in page  # a moderator may return it
