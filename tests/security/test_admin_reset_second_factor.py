"""An admin resets a user's second factor (a lost phone): the authenticator and recovery codes go,
the user's sessions end, and they set up a new authenticator at their next sign-in."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspection import services
from inspection.models import AuditEvent, RecoveryCodeDevice
from tests.second_factor import authenticator

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def reset_in_admin(client, admin, user):
    client.force_login(admin)
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
        follow=True,
    )


def test_an_admin_resets_a_users_second_factor_from_the_users_list(client, user_admin, inspector):
    ians = Client()
    ians.force_login(inspector)
    services.replace_recovery_codes(user=inspector)
    response = reset_in_admin(client, user_admin, inspector)
    assert "Two-factor authentication reset for ian" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=inspector).exists()
    assert not RecoveryCodeDevice.objects.filter(user=inspector).exists()
    # Ian's session has ended: he signs in again, then sets up a new authenticator.
    assert ians.get(reverse("cases:my_cases"))["Location"].startswith(reverse("login"))
    response = sign_in(ians, "ian", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))


def test_the_reset_is_recorded_with_the_admin_who_did_it(client, user_admin, inspector):
    reset_in_admin(client, user_admin, inspector)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.FACTOR_RESET)
    assert (event.user, event.actor, event.address) == (inspector, user_admin, "127.0.0.1")


def test_the_admins_own_session_is_untouched(client, user_admin, inspector):
    reset_in_admin(client, user_admin, inspector)
    assert client.get(reverse("cases:inspection_list")).status_code == 200
    assert Session.objects.count() == 1


def test_someone_who_may_not_change_users_cannot_reset(client, admin, inspector):
    authenticator(inspector)
    client.force_login(admin)  # staff, but without the change-user permission
    response = client.post(
        reverse("admin:auth_user_changelist"), {"action": "reset_second_factor", "_selected_action": [inspector.pk]}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=inspector, confirmed=True).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.FACTOR_RESET).exists()
