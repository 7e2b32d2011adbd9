"""The Analysts page: admins grant and withdraw the analyst role, each change in the audit log;
``can_analyse`` follows it; nobody else may open the page."""

from django.urls import reverse

from cases.permissions import can_analyse
from inspection.models import AuditEvent
from tests import factories


def _fresh(user):
    """The user read again (Django caches permissions on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_an_admin_grants_the_analyst_role_and_it_is_audited(client_as, admin, inspector):
    assert not can_analyse(inspector)
    client = client_as(admin)
    page = client.get(reverse("cases:analyst_list")).content.decode()
    assert "ian" in page
    response = client.post(reverse("cases:analyst_change", args=[inspector.pk]), {"analyst": "yes"})
    assert response.status_code == 302
    assert can_analyse(_fresh(inspector))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ANALYST_GRANTED)
    assert (event.user, event.actor) == (inspector, admin)
    assert "ian is now an analyst" in client.get(response["Location"]).content.decode()


def test_an_admin_withdraws_the_analyst_role_and_it_is_audited(client_as, admin):
    analyst = factories.UserFactory(username="ana")
    client = client_as(admin)
    client.post(reverse("cases:analyst_change", args=[analyst.pk]), {"analyst": "yes"})
    client.post(reverse("cases:analyst_change", args=[analyst.pk]), {"analyst": "no"})
    assert not can_analyse(_fresh(analyst))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ANALYST_WITHDRAWN, user=analyst, actor=admin).count() == 1


def test_the_list_reads_everyone_and_their_role_in_one_query(client_as, admin, django_assert_num_queries):
    for n in range(5):
        factories.UserFactory(username=f"person{n}")
    client = client_as(admin)
    # session, user, the second factor's device, the admin check (2), the people with their roles
    with django_assert_num_queries(6):
        page = client.get(reverse("cases:analyst_list")).content.decode()
    assert "person4" in page


def test_saving_the_same_answer_again_records_nothing(client_as, admin, inspector):
    client = client_as(admin)
    client.post(reverse("cases:analyst_change", args=[inspector.pk]), {"analyst": "no"})
    assert not AuditEvent.objects.filter(kind__startswith="analyst").exists()


def test_no_answer_is_shown_in_the_error_summary(client_as, admin, inspector):
    page = client_as(admin).post(reverse("cases:analyst_change", args=[inspector.pk]), {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Choose yes if this person may read pooled figures across inspections" in page


def test_admins_may_analyse_without_the_role_and_leads_may_not(admin, lead):
    assert can_analyse(admin)
    assert not can_analyse(lead)


def test_people_who_do_not_manage_inspections_cannot_grant_the_role(client_as, lead, inspector):
    client = client_as(lead)
    assert client.get(reverse("cases:analyst_list")).status_code == 403
    assert client.post(reverse("cases:analyst_change", args=[inspector.pk]), {"analyst": "yes"}).status_code == 403
    assert not can_analyse(_fresh(inspector))
