"""Every page needs the second factor: a session that has given only the password reaches nothing but
the two-factor pages and sign-out. (Other tests sign in with ``force_login``, which tests/second_factor.py
completes with a real authenticator device; here the session comes from the password form.)"""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.second_factor import authenticator

from .conftest import sign_in

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("cases:inspection_list"),
    reverse("cases:my_cases"),
    reverse("criteria:set_list"),
    reverse("reports:scores_csv", kwargs={"slug": "northshire-2026"}),
    reverse("reports:report_overview", kwargs={"slug": "northshire-2026"}),
    reverse("account"),
    reverse("password_change"),
    reverse("recovery_codes"),
    "/admin/",
    "/admin/inspection/auditevent/",
]


@pytest.fixture
def password_only(client, admin):
    """Ada, an admin, has given her password but not yet a code from her authenticator app."""
    authenticator(admin)
    assert sign_in(client, "ada").status_code == 302
    return client


@pytest.mark.parametrize("path", PAGES)
def test_a_session_with_only_the_password_is_sent_to_the_second_factor(password_only, inspection, path):
    response = password_only.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('two_factor')}?next=")


def test_posting_without_the_second_factor_changes_nothing(password_only):
    response = password_only.post(reverse("recovery_codes_new"))
    assert response["Location"].startswith(reverse("two_factor"))


def test_the_half_signed_in_page_offers_sign_out_and_no_navigation(password_only):
    html = password_only.get(reverse("two_factor")).content.decode()
    assert "Sign out" in html
    assert "My cases" not in html and "Your account" not in html


def test_signing_out_needs_no_second_factor(password_only):
    response = password_only.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in password_only.session


def test_force_login_in_tests_passes_the_second_factor_with_a_real_device(client, inspector):
    client.force_login(inspector)
    device = TOTPDevice.objects.get(user=inspector)
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("cases:my_cases")).status_code == 200


def test_a_session_naming_an_unconfirmed_device_is_not_trusted(client, inspector):
    client.force_login(inspector)
    TOTPDevice.objects.filter(user=inspector).update(confirmed=False)
    assert client.get(reverse("cases:my_cases"))["Location"].startswith(reverse("two_factor"))
