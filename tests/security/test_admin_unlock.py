"""Admins unlock a locked sign-in: from the users list (every address of that account), or by deleting
the access attempt in django-axes's list (an address too)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from inspection.models import AuditEvent

from .conftest import ATTACKER, HOME, sign_in

pytestmark = pytest.mark.django_db


def lock(client, username, *, address=HOME):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "not the password", address=address)
    assert sign_in(client, username, address=address).status_code == 429


def test_an_admin_unlocks_a_locked_account_from_the_users_list(client, user_admin, inspector):
    lock(client, "ian")
    client.force_login(user_admin)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [inspector.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for ian." in response.content.decode()
    client.logout()
    assert sign_in(client, "ian", address=HOME).status_code == 302


def test_the_unlock_is_recorded_with_the_admin_who_did_it(client, user_admin, inspector):
    lock(client, "ian")
    client.force_login(user_admin)
    client.post(reverse("admin:auth_user_changelist"), {"action": "unlock_sign_in", "_selected_action": [inspector.pk]})
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.UNLOCKED)
    assert (event.user, event.actor) == (inspector, user_admin)


def test_an_admin_unlocks_an_address_by_deleting_its_access_attempts(client, user_admin, lead, small_limits):
    for n in range(12):
        sign_in(client, f"guess{n}", "not the password", address=ATTACKER)
    assert sign_in(client, "lena", address=ATTACKER).status_code == 429
    user_admin.is_superuser = True  # axes's list needs its own permissions; a superuser has them all
    user_admin.save()
    client.force_login(user_admin)
    ids = list(AccessAttempt.objects.filter(ip_address=ATTACKER).values_list("pk", flat=True))
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    client.logout()
    assert sign_in(client, "lena", address=ATTACKER).status_code == 302
