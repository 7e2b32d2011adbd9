"""Who may open the research pages: analysts (``cases.analyse_programmes``) and admins read pooled
figures across inspections; leads and inspectors get the 403 page unless granted the permission;
someone signed out is sent to sign in. The navigation offers "Research" to those who may open it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from .data import QUESTION

pytestmark = pytest.mark.django_db

PAGES = ["index", "figures", "table_csv", "regression_csv", "xlsx", "docx"]


def url(name: str, research) -> str:
    return f"{reverse(f'research:{name}')}?{research.both}&question={QUESTION}"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_analysts_and_admins_may_open_every_research_page(request, client_as, research, persona, name):
    response = client_as(request.getfixturevalue(persona)).get(url(name, research))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["lead", "inspector"])
def test_leads_and_inspectors_get_the_refusal_page(request, client_as, research, persona, name):
    response = client_as(request.getfixturevalue(persona)).get(url(name, research))
    assert response.status_code == 403
    assert "Only analysts and admins may read figures pooled across inspections" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_someone_signed_out_is_sent_to_sign_in(client, research, name):
    response = client.get(url(name, research))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_lead_granted_the_analyst_permission_may_read_pooled_figures(client_as, research, lead):
    lead.user_permissions.add(Permission.objects.get(codename="analyse_programmes"))
    assert client_as(lead).get(url("figures", research)).status_code == 200


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_the_navigation_offers_research_to_those_who_may_open_it(request, client_as, research, persona):
    page = client_as(request.getfixturevalue(persona)).get(reverse("account")).content.decode()
    assert f'href="{reverse("research:index")}"' in page


@pytest.mark.parametrize("persona", ["lead", "inspector"])
def test_the_navigation_does_not_offer_research_to_others(request, client_as, research, persona):
    page = client_as(request.getfixturevalue(persona)).get(reverse("account")).content.decode()
    assert reverse("research:index") not in page
