"""The team: the lead adds and removes members; admins appoint the lead."""

import pytest
from django.urls import reverse

from cases.models import Membership
from cases.services.inspections import add_member, appoint_lead, remove_member
from inspection.errors import ServiceError
from tests import factories


def test_appointing_a_new_lead_keeps_the_old_lead_as_an_inspector(inspection, lead, admin):
    newcomer = factories.UserFactory(username="nina")
    appoint_lead(inspection=inspection, user=newcomer, actor=admin)
    roles = dict(Membership.objects.filter(inspection=inspection).values_list("user__username", "role"))
    assert roles == {"lena": "inspector", "nina": "lead"}


def test_the_lead_cannot_be_removed_or_demoted_by_accident(inspection, lead):
    membership = lead.memberships.get()
    with pytest.raises(ServiceError):
        remove_member(membership=membership)
    with pytest.raises(ServiceError):
        add_member(inspection=inspection, user=lead, role="inspector")
    assert Membership.objects.get(pk=membership.pk).role == "lead"


def test_a_member_with_allocated_cases_cannot_be_removed(inspection, inspector):
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection), assessor=inspector)
    with pytest.raises(ServiceError, match="ian has 1 case allocated: reallocate"):
        remove_member(membership=inspector.memberships.get())


def test_the_lead_adds_a_local_assessor_by_username(client_as, lead, inspection):
    factories.UserFactory(username="lara")
    response = client_as(lead).post(
        reverse("cases:team_add", args=["northshire-2026"]), {"username": "lara", "role": "local_assessor"}, follow=True
    )
    assert "lara is now local assessor." in response.content.decode()
    assert Membership.objects.get(inspection=inspection, user__username="lara").role == "local_assessor"


def test_adding_an_unknown_username_shows_an_error_against_the_field(client_as, lead, inspection):
    response = client_as(lead).post(
        reverse("cases:team_add", args=["northshire-2026"]), {"username": "ghost", "role": "inspector"}
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert '<a href="#id_username">There is no active user with the username &#x27;ghost&#x27;</a>' in page


def test_the_lead_changes_a_members_role(client_as, lead, inspector, inspection):
    client_as(lead).post(
        reverse("cases:team_add", args=["northshire-2026"]), {"username": "ian", "role": "local_assessor"}
    )
    assert inspector.memberships.get().role == "local_assessor"


def test_the_lead_removes_a_member(client_as, lead, inspector, inspection):
    membership = inspector.memberships.get()
    response = client_as(lead).post(reverse("cases:team_remove", args=["northshire-2026", membership.pk]), follow=True)
    assert "ian has been removed from the team." in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_lead_cannot_remove_a_member_of_another_inspection(client_as, lead, outsider):
    membership = outsider.memberships.get()
    response = client_as(lead).post(reverse("cases:team_remove", args=["northshire-2026", membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_appoints_the_lead_from_the_team_page(client_as, admin, inspection, inspector):
    client = client_as(admin)
    page = client.get(reverse("cases:team", args=["northshire-2026"])).content.decode()
    assert "Appoint the lead inspector" in page
    assert "Add someone to the team" not in page

    client.post(reverse("cases:appoint_lead", args=["northshire-2026"]), {"lead-username": "ian"})
    assert inspector.memberships.get().role == "lead"


def test_members_see_the_team_without_management_forms(client_as, assessor, lead):
    page = client_as(assessor).get(reverse("cases:team", args=["northshire-2026"])).content.decode()
    assert "lena" in page and "asha" in page
    assert "Add someone to the team" not in page and "Appoint the lead" not in page and "Remove" not in page
