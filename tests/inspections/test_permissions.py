"""Each inspection set-up page by each persona: the right people get in, others get 403, and
another team's inspection is a 404 as if it did not exist."""

import pytest
from django.urls import reverse

from tests import factories

NORTHSHIRE = "northshire-2026"
SOUTHSHIRE = "southshire-2026"
ALL = ("admin", "lead", "inspector", "assessor", "outsider")


def expect(**codes):
    """Expected status per persona; unnamed personas get ``default``."""
    default = codes.pop("default")
    return {persona: codes.get(persona, default) for persona in ALL}


MEMBERS_AND_ADMIN = expect(default=200, outsider=404)
LEAD_ONLY = expect(default=403, lead=200, outsider=404)

GET_PAGES = [
    ("cases:inspection_detail", {}, MEMBERS_AND_ADMIN),
    ("cases:team", {}, MEMBERS_AND_ADMIN),
    ("cases:sample", {}, LEAD_ONLY),
    ("cases:sample_upload", {}, LEAD_ONLY),
    ("cases:sample_minimums", {}, LEAD_ONLY),
    ("cases:case_add", {}, LEAD_ONLY),
    ("cases:case_edit", {"case_ref": "N001"}, LEAD_ONLY),
    ("cases:allocation", {}, LEAD_ONLY),
    ("cases:dashboard", {}, LEAD_ONLY),
]


@pytest.fixture
def northshire_case(inspection):
    return factories.CaseFactory(inspection=inspection, case_ref="N001")


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize(("name", "kwargs", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_each_persona_gets_the_expected_status_for_each_page(
    client_as, team, northshire_case, persona, name, kwargs, expected
):
    response = client_as(team[persona]).get(reverse(name, kwargs={"slug": NORTHSHIRE, **kwargs}))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize(("name", "kwargs", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_a_lead_cannot_open_another_teams_inspection_by_slug(client_as, team, other_inspection, name, kwargs, expected):
    factories.CaseFactory(inspection=other_inspection, case_ref="N001")
    response = client_as(team["lead"]).get(reverse(name, kwargs={"slug": SOUTHSHIRE, **kwargs}))
    assert response.status_code == 404


def test_an_unknown_slug_is_a_404_even_for_an_admin(client_as, admin):
    assert client_as(admin).get(reverse("cases:inspection_detail", args=["no-such-inspection"])).status_code == 404


def test_a_lead_cannot_edit_another_teams_case_through_their_own_inspection(client_as, lead, other_inspection):
    factories.CaseFactory(inspection=other_inspection, case_ref="S999")
    response = client_as(lead).get(reverse("cases:case_edit", args=["northshire-2026", "S999"]))
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, inspection):
    response = client.get(reverse("cases:sample", args=[NORTHSHIRE]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("persona", "expected"), [("admin", 200), *((p, 403) for p in ALL[1:])])
def test_only_admins_may_open_the_create_inspection_page(client_as, team, persona, expected):
    assert client_as(team[persona]).get(reverse("cases:inspection_create")).status_code == expected


def post_cases(team):
    """(url name, extra kwargs, data, expected status per persona) for each POST-only action."""
    membership = team["inspector"].memberships.get()
    newbie = factories.UserFactory(username="newbie")
    lead_only = expect(default=403, lead=302, outsider=404)
    return [
        ("cases:team_add", {}, {"person": newbie.pk, "role": "inspector"}, lead_only),
        ("cases:team_remove", {"membership_id": membership.pk}, {}, lead_only),
        ("cases:appoint_lead", {}, {"lead-person": team["inspector"].pk}, expect(default=403, admin=302, outsider=404)),
        ("cases:inspection_status", {"status": "moderation"}, {}, lead_only),
    ]


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("action", range(4), ids=["team_add", "team_remove", "appoint_lead", "inspection_status"])
def test_each_persona_gets_the_expected_status_for_each_action(client_as, team, persona, action):
    factories.UserFactory(username="newbie")
    name, kwargs, data, expected = post_cases(team)[action]
    response = client_as(team[persona]).post(reverse(name, kwargs={"slug": NORTHSHIRE, **kwargs}), data)
    assert response.status_code == expected[persona]


# (the GETs of the status change and of removing a member are their "Are you sure?" pages:
# tests/inspections/test_status_confirmation.py and test_team_page.py)
@pytest.mark.parametrize("name", ["cases:team_add", "cases:appoint_lead"])
def test_actions_refuse_get_requests(client_as, lead, name):
    response = client_as(lead).get(reverse(name, kwargs={"slug": NORTHSHIRE}))
    assert response.status_code == 405


def test_an_outsider_cannot_allocate_cases_of_another_team(client_as, outsider, inspection, lead):
    case = factories.CaseFactory(inspection=inspection)
    response = client_as(outsider).post(
        reverse("cases:allocation", args=[NORTHSHIRE]), {"cases": [case.pk], "assessor": outsider.pk}
    )
    assert response.status_code == 404
    assert not case.assessments.exists()


def test_the_inspection_list_shows_a_member_only_their_own_inspections(client_as, lead, other_inspection):
    content = client_as(lead).get(reverse("cases:inspection_list")).content.decode()
    assert "Northshire" in content
    assert "Southshire" not in content
    assert "Create inspection" not in content


def test_the_inspection_list_shows_an_admin_every_inspection_and_the_create_button(
    client_as, admin, inspection, other_inspection
):
    content = client_as(admin).get(reverse("cases:inspection_list")).content.decode()
    assert "Northshire" in content and "Southshire" in content
    assert reverse("cases:inspection_create") in content
