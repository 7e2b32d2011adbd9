"""The second sign-in step: the code from the authenticator app, or a recovery code instead.

Codes are real: django-otp's TOTP for the app's code (``tests.second_factor.code_for``) and the
recovery codes the set-up service makes (kept as salted digests).
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspection import services
from inspection.models import AuditEvent
from tests.second_factor import authenticator, code_for

from .conftest import HOME, page_text, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(inspector):
    return authenticator(inspector)


@pytest.fixture
def recovery_codes(inspector, device):
    return services.replace_recovery_codes(user=inspector)


def half_signed_in(client, wanted=None):
    """Password given, second factor not yet: where the password step leads."""
    response = sign_in(client, "ian")
    assert response.status_code == 302
    return client.get(wanted or reverse("cases:my_cases"))


def test_after_the_password_a_user_with_an_authenticator_is_asked_for_its_code(client, device):
    response = half_signed_in(client)
    assert response["Location"] == f"{reverse('two_factor')}?next={reverse('cases:my_cases')}"
    page = client.get(response["Location"])
    assert '<h1 class="govuk-heading-l">Enter the security code</h1>' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert 'inputmode="numeric"' in page.content.decode()


def test_the_code_from_the_app_signs_in_and_goes_to_the_page_wanted(client, device):
    half_signed_in(client)
    response = client.post(reverse("two_factor"), {"code": code_for(device), "next": reverse("cases:my_cases")})
    assert response["Location"] == reverse("cases:my_cases")
    assert client.get(reverse("cases:my_cases")).status_code == 200


def test_a_code_cannot_be_used_twice(client, device):
    code = code_for(device)
    half_signed_in(client)
    assert client.post(reverse("two_factor"), {"code": code}).status_code == 302
    client.logout()
    half_signed_in(client)
    response = client.post(reverse("two_factor"), {"code": code})
    assert response.status_code == 200
    assert "The security code is wrong. Check it and try again." in page_text(response)


def test_a_wrong_code_is_refused_and_recorded(client, inspector, device):
    half_signed_in(client)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor"), {"code": wrong}, REMOTE_ADDR=HOME)
    assert "The security code is wrong" in page_text(response)
    assert client.get(reverse("cases:my_cases")).status_code == 302
    failure = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED)
    assert (failure.user, failure.address, failure.detail) == (inspector, HOME, "wrong security code")


def test_repeated_wrong_codes_make_the_user_wait_even_for_the_right_one(client, device):
    half_signed_in(client)
    client.post(reverse("two_factor"), {"code": "000000"})
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1
    # Three wrong codes in a row, the last just now: django-otp wants 1, 2, then 4 seconds between tries.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(reverse("two_factor"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes. Wait 4 seconds, then try again." in page_text(response)


def test_a_recovery_code_signs_in_and_says_how_many_are_left(client, inspector, recovery_codes):
    half_signed_in(client)
    assert 'href="/accounts/two-factor/recovery-code/?next=' in client.get(reverse("two_factor")).content.decode()
    response = client.post(
        reverse("two_factor_recovery"), {"code": recovery_codes[0], "next": reverse("cases:my_cases")}, follow=True
    )
    assert response.redirect_chain == [(reverse("cases:my_cases"), 302)]
    assert "You signed in with a recovery code: it cannot be used again. You have 9 left." in page_text(response)
    used = AuditEvent.objects.get(kind=AuditEvent.Kind.RECOVERY_CODE_USED)
    assert (used.user, used.detail) == (inspector, "9 left")


def test_a_recovery_code_works_only_once(client, recovery_codes):
    half_signed_in(client)
    client.post(reverse("two_factor_recovery"), {"code": recovery_codes[0]})
    client.logout()
    half_signed_in(client)
    response = client.post(reverse("two_factor_recovery"), {"code": recovery_codes[0]})
    assert "The recovery code is wrong" in page_text(response)
    assert client.get(reverse("cases:my_cases")).status_code == 302


def test_a_recovery_code_may_be_typed_in_capitals_with_spaces(client, recovery_codes):
    half_signed_in(client)
    code = recovery_codes[1].upper()
    assert client.post(reverse("two_factor_recovery"), {"code": f"{code[:4]} {code[4:]}"}).status_code == 302


def test_a_signed_in_user_can_make_new_recovery_codes_and_the_old_ones_stop_working(client, inspector, recovery_codes):
    client.force_login(inspector)
    response = client.post(reverse("recovery_codes_new"), follow=True)
    assert "Save your recovery codes" in page_text(response)
    assert "The recovery codes you had before no longer work." in page_text(response)
    assert services.recovery_codes_left(inspector) == 10
    client.logout()
    half_signed_in(client)
    assert client.post(reverse("two_factor_recovery"), {"code": recovery_codes[2]}).status_code == 200
    replaced = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECOVERY_CODES_REPLACED, user=inspector)
    assert replaced.count() == 2  # the fixture's, then the page's


def test_passing_the_second_factor_gives_the_session_a_new_key(client, device):
    half_signed_in(client)
    before = client.session.session_key
    client.post(reverse("two_factor"), {"code": code_for(device)})
    assert client.session.session_key != before
    assert client.get(reverse("cases:my_cases")).status_code == 200
