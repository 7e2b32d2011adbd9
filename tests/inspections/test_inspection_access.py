"""``get_inspection_for`` gives the user's standing in an inspection as an ``InspectionAccess``; the
inspection it holds carries nothing but its own fields (no ``is_lead`` or ``role`` set on it), so a
page cannot mistake one user's standing for a property of the inspection."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from cases.permissions import ADMIN, LEAD, MEMBERS, InspectionAccess, get_inspection_for
from tests import factories

NORTHSHIRE = "northshire-2026"


def adhoc_attributes(obj) -> set[str]:
    """The public attributes set on a model instance that are not its fields."""
    fields = {f.attname for f in obj._meta.concrete_fields}
    return {name for name in vars(obj) if not name.startswith("_") and name not in fields}


@pytest.fixture
def quality_assurance(inspection):
    return factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quentin")


@pytest.mark.parametrize(
    ("persona", "role", "label", "is_lead", "is_moderator", "is_admin"),
    [
        ("lead", "lead", "Lead inspector", True, True, False),
        ("quality_assurance", "quality_assurance", "Quality assurance", False, True, False),
        ("inspector", "inspector", "Inspector", False, False, False),
        ("admin", None, "", False, False, True),
    ],
)
def test_the_access_holds_the_users_standing_and_the_inspection_only_its_fields(
    request, lead, inspector, quality_assurance, admin, persona, role, label, is_lead, is_moderator, is_admin
):
    user = request.getfixturevalue(persona)
    access = get_inspection_for(user, NORTHSHIRE, roles=MEMBERS | {ADMIN})
    assert isinstance(access, InspectionAccess)
    assert (access.role, access.role_label, access.is_lead, access.is_moderator, access.is_admin) == (
        role,
        label,
        is_lead,
        is_moderator,
        is_admin,
    )
    assert access.inspection.slug == NORTHSHIRE
    assert adhoc_attributes(access.inspection) == set()
    assert not hasattr(access.inspection, "is_lead")


def test_a_refusal_is_still_a_403_for_a_member_and_a_404_for_an_outsider(inspector, outsider):
    with pytest.raises(PermissionDenied):
        get_inspection_for(inspector, NORTHSHIRE, roles={LEAD})
    with pytest.raises(Http404):
        get_inspection_for(outsider, NORTHSHIRE)


@pytest.mark.parametrize(
    "name",
    ["cases:inspection_detail", "cases:team", "reports:scores", "reports:report_overview", "reports:agreement"],
)
def test_pages_get_the_standing_as_access_not_on_the_inspection(client_as, lead, name):
    response = client_as(lead).get(reverse(name, args=[NORTHSHIRE]))
    assert response.status_code == 200
    assert adhoc_attributes(response.context["inspection"]) == set()
    assert response.context["access"].is_lead


def test_the_inspection_page_names_the_users_role_from_the_access(client_as, quality_assurance):
    page = client_as(quality_assurance).get(reverse("cases:inspection_detail", args=[NORTHSHIRE])).content.decode()
    assert "Quality assurance" in page
    assert reverse("cases:moderation_queue", args=[NORTHSHIRE]) in page  # a moderator's link
    assert reverse("cases:sample", args=[NORTHSHIRE]) not in page  # the lead's only


def test_a_member_let_in_by_their_role_costs_one_query_and_is_asked_about_admin_only_when_read(
    inspector, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the membership with its inspection
        access = get_inspection_for(inspector, NORTHSHIRE, roles=MEMBERS | {ADMIN})
    with django_assert_num_queries(2):  # the user's and their groups' permissions
        assert access.is_admin is False
    with django_assert_num_queries(0):
        assert access.is_admin is False


def test_a_member_who_is_also_an_admin_is_one_when_asked(inspector):
    from django.contrib.auth.models import Permission

    inspector.user_permissions.add(Permission.objects.get(codename="manage_inspections"))
    access = get_inspection_for(inspector, NORTHSHIRE, roles={LEAD, ADMIN})  # not as a member: as an admin
    assert (access.role, access.is_admin) == ("inspector", True)
    assert get_inspection_for(type(inspector).objects.get(pk=inspector.pk), NORTHSHIRE).is_admin is True
