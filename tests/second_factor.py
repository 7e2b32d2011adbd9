"""Signing in with the second factor in tests (a plugin registered by the root conftest.py).

Every test that signs in with ``client.force_login(user)`` gets what the sign-in pages would give:
the user has a confirmed authenticator (a real django-otp TOTP device) and the session is marked as
having passed it. Nothing in the application trusts ``force_login``; tests that need a session
that has *not* passed the second factor sign in with the password form
(``tests/security/test_second_factor_required.py``).

``code_for(device)`` is the code the user's authenticator app would show now (django-otp's own TOTP).
"""

import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP


def authenticator(user):
    """The user's confirmed authenticator app (a TOTPDevice), created as the set-up page would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # imported late: this plugin loads before Django

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device) -> str:
    """The current code of ``device`` (the next one if the current one was used already: codes are single-use)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())  # within django-otp's tolerance of one step
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client: Client, user) -> None:
    """Mark the client's signed-in session as having passed the user's authenticator, as the sign-in page does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
