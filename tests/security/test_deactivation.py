"""An admin deactivates a user: their sessions end at once, whichever way the account is saved."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from inspection.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ians_browser(inspector):
    browser = Client()
    browser.force_login(inspector)
    assert browser.get(reverse("cases:my_cases")).status_code == 200
    return browser


def test_deactivating_a_user_from_the_users_list_ends_their_sessions(client, user_admin, inspector, ians_browser):
    client.force_login(user_admin)
    response = client.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [inspector.pk]}, follow=True
    )
    assert "Deactivated ian: they are signed out." in response.content.decode()
    assert ians_browser.get(reverse("cases:my_cases"))["Location"].startswith(reverse("login"))
    assert Session.objects.count() == 1  # the admin's own


def test_unticking_active_on_the_users_page_ends_their_sessions(client, user_admin, inspector, ians_browser):
    user_admin.is_superuser = True  # the change form posts every field, groups and permissions included
    user_admin.save()
    client.force_login(user_admin)
    url = reverse("admin:auth_user_change", args=[inspector.pk])
    # The form as posted with "Active" unticked (an unticked box is not sent).
    data = {"username": "ian", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    inspector.refresh_from_db()
    assert not inspector.is_active
    assert ians_browser.get(reverse("cases:my_cases"))["Location"].startswith(reverse("login"))


def test_deactivating_by_saving_the_user_ends_their_sessions(inspector, ians_browser):
    inspector.is_active = False
    inspector.save()
    assert not Session.objects.exists()
    assert ians_browser.get(reverse("cases:my_cases"))["Location"].startswith(reverse("login"))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DEACTIVATED)
    assert (event.user, event.detail) == (inspector, "1 session ended")


def test_other_saves_of_an_active_user_leave_their_sessions_alone(inspector, ians_browser):
    inspector.first_name = "Ian"
    inspector.save()
    assert ians_browser.get(reverse("cases:my_cases")).status_code == 200
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DEACTIVATED).exists()
