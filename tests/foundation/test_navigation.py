"""The service navigation offers "Criteria sets" to the people who may manage criteria sets (the
permission given to them, or to one of their groups, or a superuser) and to nobody else, at the
cost of at most one query a page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from inspection.context_processors import navigation
from tests import factories

pytestmark = pytest.mark.django_db


def labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item["label"] for item in navigation(request)["nav_items"]]


def manage_criteria():
    return Permission.objects.get(content_type__app_label="criteria", codename="manage_criteria")


def test_someone_given_the_permission_sees_criteria_sets(client_as, admin):
    response = client_as(admin).get(reverse("account"))
    assert f'href="{reverse("criteria:set_list")}"' in response.content.decode()


def test_someone_without_the_permission_does_not_see_criteria_sets(client_as, lead):
    response = client_as(lead).get(reverse("account"))
    assert reverse("criteria:set_list") not in response.content.decode()


def test_the_permission_given_to_a_group_counts():
    group = Group.objects.create(name="Criteria editors")
    group.permissions.add(manage_criteria())
    user = factories.UserFactory(username="gil")
    user.groups.add(group)
    assert "Criteria sets" in labels(user)


def test_another_permission_or_an_inactive_user_does_not_count():
    other = factories.UserFactory(username="otto")
    other.user_permissions.add(Permission.objects.get(codename="manage_inspections"))
    inactive = factories.UserFactory(username="ina", is_active=False)
    inactive.user_permissions.add(manage_criteria())
    assert "Criteria sets" not in labels(other)
    assert "Criteria sets" not in labels(inactive)


def test_a_superuser_sees_criteria_sets_without_a_query(django_assert_num_queries):
    user = factories.UserFactory(username="sue", is_superuser=True)
    with django_assert_num_queries(0):
        assert "Criteria sets" in labels(user)


def test_the_check_is_one_query(django_assert_num_queries):
    user = factories.UserFactory(username="una")
    user.user_permissions.add(manage_criteria())
    with django_assert_num_queries(1):  # the permission, given to the user or to one of their groups
        assert "Criteria sets" in labels(user)


def test_permissions_already_loaded_for_the_request_are_not_queried_again(django_assert_num_queries):
    user = factories.UserFactory(username="lou")
    user.user_permissions.add(manage_criteria())
    user.has_perm("cases.manage_inspections")  # as cases.permissions.is_admin does: loads them all
    with django_assert_num_queries(0):
        assert "Criteria sets" in labels(user)


def current_section(response) -> list[str]:
    """The navigation items marked as the current section."""
    import re

    html = response.content.decode()
    return re.findall(r'<a class="govuk-service-navigation__link" href="[^"]*" aria-current="true">([^<]+)</a>', html)


def test_an_inspector_on_their_case_page_is_in_my_cases(client_as, inspection, inspector, lead):
    case = factories.CaseFactory(inspection=inspection, case_ref="NS001")
    factories.AssessmentFactory(case=case, assessor=inspector)
    url = reverse("cases:case_detail", args=[inspection.slug, case.case_ref])
    assert current_section(client_as(inspector).get(url)) == ["My cases"]
    assert current_section(client_as(inspector).get(f"{url}check/")) == ["My cases"]
    # The lead opening someone else's case came from the inspection's pages.
    assert current_section(client_as(lead).get(url)) == ["Inspections"]
