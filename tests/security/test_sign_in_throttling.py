"""Throttling of the password step: locked per account at an address, per account, per address.

One address cannot lock everyone out: attempts refused while locked are not counted, so an address
adds at most the first limit to any account's count; and a locked attempt is refused before the
password is hashed (each hash costs about a second in production).
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from tests import factories

from .conftest import ATTACKER, HOME, OFFICE, sign_in

pytestmark = pytest.mark.django_db


def signed_in(response) -> bool:
    return response.status_code == 302


def fail(client, username, times, *, address):
    for _ in range(times):
        response = sign_in(client, username, "not the password", address=address)
        assert response.status_code in (200, 429)


def test_the_limits_are_5_per_account_at_an_address_20_per_account_and_100_per_address_within_15_minutes():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "username", "ip_address"]
    assert settings.SIGN_IN_FAILURE_LIMITS == [5, 20, 100]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_an_account_is_locked_at_one_address_after_too_many_wrong_passwords(client, inspector, small_limits):
    fail(client, "ian", 2, address=HOME)
    assert signed_in(sign_in(client, "ian", address=HOME))  # two wrong passwords are not enough
    client.logout()
    fail(client, "ian", 3, address=HOME)
    refused = sign_in(client, "ian", address=HOME)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked by these few failures.
    assert signed_in(sign_in(client, "ian", address=OFFICE))


def test_the_default_five_wrong_passwords_lock_the_account_at_that_address(client, inspector):
    fail(client, "ian", 4, address=HOME)
    assert sign_in(client, "ian", "still wrong", address=HOME).status_code == 429  # the fifth locks
    assert sign_in(client, "ian", address=HOME).status_code == 429


def test_a_locked_attempt_is_refused_before_the_password_is_hashed(client, inspector, small_limits, monkeypatch):
    fail(client, "ian", 3, address=HOME)
    checked = []
    original = ModelBackend.authenticate
    monkeypatch.setattr(ModelBackend, "authenticate", lambda *a, **k: checked.append(1) or original(*a, **k))
    for _ in range(5):
        assert sign_in(client, "ian", address=HOME).status_code == 429
    assert checked == []  # the backend that hashes the password never ran
    assert sign_in(client, "ian", address=OFFICE).status_code == 302
    assert checked == [1]


def test_refused_attempts_are_not_counted(client, inspector, small_limits):
    fail(client, "ian", 3, address=HOME)
    fail(client, "ian", 20, address=HOME)  # refused, all of them
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 3


def test_an_account_is_locked_from_every_address_after_failures_spread_over_many(client, inspector, small_limits):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        fail(client, "ian", 2, address=address)  # under the per-address limit at each
    assert sign_in(client, "ian", address=HOME).status_code == 429  # 6 for the account: locked everywhere


def test_an_address_is_locked_after_many_failures_whatever_the_accounts(client, lead, inspector, small_limits):
    for n in range(6):
        fail(client, f"someone{n}", 2, address=ATTACKER)  # 12 failures, never 3 on one account
    assert sign_in(client, "lena", address=ATTACKER).status_code == 429
    assert signed_in(sign_in(client, "lena", address=OFFICE))


def test_one_address_cannot_lock_everyone_out(client, lead, inspector, assessor, small_limits):
    for username in ("lena", "ian", "asha"):
        fail(client, username, 3, address=ATTACKER)
    fail(client, "ian", 50, address=ATTACKER)  # hammering one account from the same address
    for username, address in (("lena", OFFICE), ("ian", HOME), ("asha", "192.0.2.77")):
        assert signed_in(sign_in(client, username, address=address)), username
        client.logout()


def test_failures_older_than_the_lockout_time_no_longer_count(client, inspector, small_limits):
    fail(client, "ian", 3, address=HOME)
    assert sign_in(client, "ian", address=HOME).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert signed_in(sign_in(client, "ian", address=HOME))


def test_signing_in_to_ones_own_account_does_not_clear_failures_against_others(client, inspector, small_limits):
    factories.UserFactory(username="mallory")
    fail(client, "ian", 2, address=ATTACKER)
    assert signed_in(sign_in(client, "mallory", address=ATTACKER))
    client.logout()
    fail(client, "ian", 1, address=ATTACKER)
    assert sign_in(client, "ian", address=ATTACKER).status_code == 429
