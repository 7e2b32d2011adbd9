"""The team page: people are chosen from a list (full name, username as hint), someone already in the
team is not silently given a new role, roles change through their own page, and removing someone asks
"Are you sure?" first, showing what it means."""

import re

import pytest
from django.urls import reverse

from cases.models import Membership
from tests import factories

TEAM = reverse("cases:team", args=["northshire-2026"])
ADD = reverse("cases:team_add", args=["northshire-2026"])


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def role_url(user):
    return reverse("cases:team_change_role", args=["northshire-2026", user.memberships.get().pk])


def remove_url(user):
    return reverse("cases:team_remove", args=["northshire-2026", user.memberships.get().pk])


def options(page: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def success_banner(response) -> str:
    match = re.search(r'govuk-notification-banner__heading">(.*?)</p>', response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


@pytest.fixture
def lara(db):
    return named(factories.UserFactory(username="lara"), "Lara", "Lane")


def test_the_lead_chooses_people_to_add_from_those_not_in_the_team(client_as, lead, inspector, lara, inspection):
    named(inspector, "Ian", "Inspector")
    factories.UserFactory(username="former", is_active=False)
    factories.UserFactory(username="zed")  # no full name: shown by username
    page = client_as(lead).get(TEAM).content.decode()
    assert options(page, "id_person") == ["Choose a person", "Lara Lane (lara)", "zed"]
    assert 'name="username"' not in page  # nobody types a username


def test_the_people_listed_are_exactly_the_active_users_outside_the_team(client_as, lead, inspector, lara):
    factories.UserFactory(username="former", is_active=False)
    zed = factories.UserFactory(username="zed")
    page = client_as(lead).get(TEAM).content.decode()
    assert sorted(options(page, "id_person")[1:]) == ["Lara Lane (lara)", "zed"]
    assert f'value="{zed.pk}"' in page


def test_the_team_table_shows_full_names_with_the_username_as_a_hint(client_as, lead, inspector):
    named(inspector, "Ian", "Inspector")
    page = client_as(lead).get(TEAM).content.decode()
    assert re.search(
        r'Ian Inspector\s*<span class="govuk-hint[^"]*">'
        r'<span class="govuk-visually-hidden">Username: </span>ian</span>',
        page,
    )


def test_the_lead_adds_someone_chosen_from_the_list(client_as, lead, lara, inspection):
    response = client_as(lead).post(ADD, {"person": lara.pk, "role": "local_assessor"}, follow=True)
    assert success_banner(response) == "Lara Lane has been added to the team as local assessor."
    assert Membership.objects.get(inspection=inspection, user=lara).role == "local_assessor"


def test_adding_someone_already_in_the_team_says_so_instead_of_changing_their_role(client_as, lead, inspector):
    named(inspector, "Ian", "Inspector")
    # As from a page opened before someone else added Ian.
    page = client_as(lead).post(ADD, {"person": inspector.pk, "role": "local_assessor"}).content.decode()
    assert "<title>Error: " in page
    already = "Ian Inspector is already on the team as inspector. To change their role, use Change role"
    assert f'<a href="#id_person">{already}</a>' in page
    assert inspector.memberships.get().role == "inspector"


def test_adding_asks_for_a_person_and_refuses_an_inactive_account(client_as, lead):
    former = factories.UserFactory(username="former", is_active=False)
    client = client_as(lead)
    assert (
        '<a href="#id_person">Choose the person to add</a>' in client.post(ADD, {"role": "inspector"}).content.decode()
    )
    page = client.post(ADD, {"person": former.pk, "role": "inspector"}).content.decode()
    assert '<a href="#id_person">Choose someone with an active account</a>' in page
    assert not former.memberships.exists()


def test_the_lead_changes_a_role_on_its_own_page(client_as, lead, inspector):
    named(inspector, "Ian", "Inspector")
    client = client_as(lead)
    page = client.get(role_url(inspector)).content.decode()
    assert "Change the role of Ian Inspector" in page
    assert re.search(r'value="inspector"\s*checked', page)  # the current role is chosen

    response = client.post(role_url(inspector), {"role": "local_assessor"}, follow=True)
    assert success_banner(response) == "Ian Inspector&#x27;s role is now local assessor."
    assert inspector.memberships.get().role == "local_assessor"


def test_the_team_page_links_each_member_to_change_role_and_remove(client_as, lead, inspector):
    page = client_as(lead).get(TEAM).content.decode()
    assert f'href="{role_url(inspector)}"' in page and f'href="{remove_url(inspector)}"' in page
    assert f'href="{role_url(lead)}"' not in page and f'href="{remove_url(lead)}"' not in page


def test_the_leads_role_is_not_changed_on_the_change_role_page(client_as, lead):
    client = client_as(lead)
    assert "appoints another lead first" in client.get(role_url(lead)).content.decode()
    page = client.post(role_url(lead), {"role": "inspector"}).content.decode()
    assert "lena is the lead inspector: appoint another lead first" in page
    assert lead.memberships.get().role == "lead"


def test_removing_someone_asks_are_you_sure_first(client_as, lead, inspector):
    named(inspector, "Ian", "Inspector")
    client = client_as(lead)
    page = client.get(remove_url(inspector)).content.decode()
    assert "Are you sure you want to remove Ian Inspector from the team?" in page
    assert "No cases are allocated to them." in page
    assert ">Remove Ian Inspector</button>" in page
    assert inspector.memberships.exists()  # opening the page changes nothing

    response = client.post(remove_url(inspector), follow=True)
    assert success_banner(response) == "Ian Inspector has been removed from the team."
    assert not inspector.memberships.exists()


def test_removing_someone_with_cases_shows_their_cases_and_offers_reallocation(client_as, lead, inspector, inspection):
    named(inspector, "Ian", "Inspector")
    for status in ("not_started", "in_progress", "submitted"):
        factories.AssessmentFactory(
            case=factories.CaseFactory(inspection=inspection), assessor=inspector, status=status
        )
    client = client_as(lead)
    page = client.get(remove_url(inspector)).content.decode()
    assert "You cannot remove Ian Inspector from the team yet" in page
    assert "Ian Inspector has 3 cases allocated: reallocate them before removing this person from the team." in page
    assert reverse("cases:allocation", args=["northshire-2026"]) in page
    assert "Remove Ian Inspector</button>" not in page  # nothing to press but the links

    page = client.post(remove_url(inspector)).content.decode()  # a page opened before the allocation
    assert "You cannot remove Ian Inspector from the team yet" in page
    assert inspector.memberships.exists()


def test_only_the_lead_changes_roles_or_removes_people(client_as, inspector, assessor, lead):
    client = client_as(inspector)
    assert client.get(remove_url(assessor)).status_code == 403
    assert client.post(remove_url(assessor)).status_code == 403
    assert client.get(role_url(assessor)).status_code == 403
    assert client.post(role_url(assessor), {"role": "inspector"}).status_code == 403
    assert client.post(ADD, {"person": assessor.pk, "role": "inspector"}).status_code == 403
    assert assessor.memberships.get().role == "local_assessor"


def test_a_lead_cannot_touch_a_member_of_another_inspection(client_as, lead, outsider):
    membership = outsider.memberships.get()
    client = client_as(lead)
    for name in ("cases:team_remove", "cases:team_change_role"):
        url = reverse(name, args=["northshire-2026", membership.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "inspector"}).status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == "lead"


def test_an_admin_appoints_the_lead_from_a_list(client_as, admin, inspection, inspector):
    named(inspector, "Ian", "Inspector")
    client = client_as(admin)
    page = client.get(TEAM).content.decode()
    assert "Appoint the lead inspector" in page and "Add someone to the team" not in page
    assert "Ian Inspector (ian)" in options(page, "id_lead-person")

    response = client.post(
        reverse("cases:appoint_lead", args=["northshire-2026"]), {"lead-person": inspector.pk}, follow=True
    )
    assert success_banner(response) == "Ian Inspector is now the lead inspector."
    assert inspector.memberships.get().role == "lead"


def test_members_see_the_team_without_management_links_or_forms(client_as, assessor, lead):
    page = client_as(assessor).get(TEAM).content.decode()
    assert "lena" in page and "asha" in page
    for text in ("Add someone to the team", "Appoint the lead", "Remove", "Change role"):
        assert text not in page


def test_the_team_pages_use_a_fixed_number_of_queries(client_as, lead, inspector, django_assert_num_queries):
    for n in range(5):
        factories.MemberFactory(inspection=lead.memberships.get().inspection, role="inspector", user__username=f"m{n}")
        factories.UserFactory(username=f"candidate{n}")
    client = client_as(lead)
    remove, change = remove_url(inspector), role_url(inspector)
    client.get(TEAM)
    # session, user, OTP device, membership+inspection, the admin check (user and group permissions,
    # which the navigation then reuses), the team, the people who may be added
    with django_assert_num_queries(8):
        assert client.get(TEAM).status_code == 200
    # session, user, OTP device, membership+inspection, the member, their workload, navigation (1)
    with django_assert_num_queries(7):
        assert client.get(remove).status_code == 200
    # session, user, OTP device, membership+inspection, the member, navigation (1)
    with django_assert_num_queries(6):
        assert client.get(change).status_code == 200
