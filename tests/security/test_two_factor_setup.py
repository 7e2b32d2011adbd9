"""Enrolment on first sign-in: a user without an authenticator is sent to set one up after their
password; the page shows a QR code the strict CSP allows (a data: SVG image) and the key; a code from
the app confirms it, and ten recovery codes are shown once."""

import re
from base64 import b32decode, b64decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspection.models import AuditEvent, RecoveryCode

from .conftest import page_text, sign_in

pytestmark = pytest.mark.django_db


def setup_page(client):
    response = sign_in(client, "ian", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    return response


def key_on(response) -> bytes:
    key = re.search(r'<code class="app-setup-key" id="setup-key">([A-Z2-7 ]+)</code>', response.content.decode())
    return b32decode(key.group(1).replace(" ", ""))


def code_from_app(key: bytes) -> str:
    """What an authenticator app given ``key`` shows now (django-otp's own TOTP)."""
    return f"{TOTP(key).token():06d}"


def test_after_the_password_a_user_without_an_authenticator_is_sent_to_set_one_up(client, inspector):
    response = sign_in(client, "ian", follow=True)
    assert [url for url, _ in response.redirect_chain] == [
        reverse("home"),
        f"{reverse('two_factor')}?next=/",
        f"{reverse('two_factor_setup')}?next=/",
    ]
    assert '<h1 class="govuk-heading-l">Set up two-factor authentication</h1>' in response.content.decode()


def test_the_set_up_page_shows_the_qr_code_as_a_data_image_and_the_key(client, inspector):
    response = setup_page(client)
    html = response.content.decode()
    src = re.search(r'<img class="app-qr-code" src="([^"]+)" alt="[^"]+">', html).group(1)
    assert src.startswith("data:image/svg+xml;base64,")  # allowed by img-src 'self' data:
    svg = b64decode(src.split(",", 1)[1]).decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "style" not in svg and "script" not in svg
    device = TOTPDevice.objects.get(user=inspector)
    assert not device.confirmed
    assert key_on(response) == device.bin_key
    assert "data:" in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    assert response["Cache-Control"] == "no-store"  # the key must not be cached


def test_reloading_the_set_up_page_shows_the_same_key(client, inspector):
    assert key_on(setup_page(client)) == key_on(client.get(reverse("two_factor_setup")))
    assert TOTPDevice.objects.filter(user=inspector).count() == 1


def test_a_wrong_code_is_refused_and_nothing_is_set_up(client, inspector):
    setup_page(client)
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "The security code is wrong or has expired" in page_text(response)
    assert not TOTPDevice.objects.get(user=inspector).confirmed
    assert client.get(reverse("cases:my_cases")).status_code == 302


def test_a_code_that_is_not_six_digits_is_refused_with_an_example(client, inspector):
    setup_page(client)
    response = client.post(reverse("two_factor_setup"), {"code": "12ab"})
    assert "Enter the security code as 6 digits, like 123456" in page_text(response)


def test_the_code_from_the_app_sets_it_up_and_shows_ten_recovery_codes_once(client, inspector):
    key = key_on(setup_page(client))
    response = client.post(
        reverse("two_factor_setup"), {"code": code_from_app(key), "next": reverse("cases:my_cases")}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("recovery_codes"))
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(set(shown)) == 10
    # Kept only as salted digests: no code is stored as shown, each matches exactly one digest.
    stored = list(RecoveryCode.objects.filter(device__user=inspector))
    assert len(stored) == 10
    assert not {code.digest for code in stored} & set(shown) and not {code.salt for code in stored} & set(shown)
    assert all(sum(code.matches(shown_code) for code in stored) == 1 for shown_code in shown)
    assert f'href="{reverse("cases:my_cases")}">Continue</a>' in response.content.decode()
    assert "before no longer work" not in page_text(response)  # a first sign-in had no codes before
    assert TOTPDevice.objects.get(user=inspector).confirmed
    # Signed in: the pages open; the codes are not shown again.
    assert client.get(reverse("cases:my_cases")).status_code == 200
    assert client.get(reverse("recovery_codes"))["Location"] == reverse("account")


def test_spaces_in_the_code_are_ignored(client, inspector):
    code = code_from_app(key_on(setup_page(client)))
    response = client.post(reverse("two_factor_setup"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_setting_up_is_recorded_in_the_audit_log(client, inspector):
    key = key_on(setup_page(client))
    client.post(reverse("two_factor_setup"), {"code": code_from_app(key)}, REMOTE_ADDR="203.0.113.10")
    enrolled = AuditEvent.objects.get(kind=AuditEvent.Kind.FACTOR_ENROLLED)
    assert (enrolled.user, enrolled.address) == (inspector, "203.0.113.10")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN, user=inspector, detail="set up").exists()


def test_a_user_with_an_authenticator_cannot_set_up_another_without_an_admin_reset(client, inspector):
    from tests.second_factor import authenticator

    authenticator(inspector)
    response = sign_in(client, "ian", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor") + "?")
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor"))
    assert TOTPDevice.objects.filter(user=inspector).count() == 1
