"""A locked sign-in is told in plain words when to try again, and that an administrator can unlock it."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from inspection.throttling import readable_time

from .conftest import ATTACKER, HOME, OFFICE, page_text, sign_in

pytestmark = pytest.mark.django_db


def quoted(name: str) -> str:
    return f"\u2018{name}\u2019"  # GOV.UK style: curly single quotes


def lock_ian(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "ian", "not the password", address=HOME)
    return response


def test_the_failure_that_reaches_the_limit_says_when_to_try_again(client, inspector):
    response = lock_ian(client)
    assert response.status_code == 429
    until = AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME
    text = page_text(response)
    assert f"You cannot sign in until {readable_time(until)}" in text
    reason = f"There have been too many failed attempts to sign in to the account {quoted('ian')} from your network."
    assert reason in text
    assert f"You can try again after {readable_time(until)} (in 15 minutes)." in text
    assert "ask an administrator to unlock sign-in for you" in text


def test_a_locked_sign_in_with_the_right_password_gets_the_same_page(client, inspector):
    lock_ian(client)
    response = sign_in(client, "ian", address=HOME)
    assert response.status_code == 429
    assert re.search(r"You cannot sign in until \d{1,2}:\d{2}[ap]m", page_text(response))
    assert "<title>Sign-in locked – Probation case assessment</title>" in response.content.decode()


def test_an_account_locked_everywhere_is_told_so(client, inspector, small_limits):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        for _ in range(2):
            sign_in(client, "ian", "not the password", address=address)
    text = page_text(sign_in(client, "ian", address=OFFICE))
    assert f"There have been too many failed attempts to sign in to the account {quoted('ian')}." in text


def test_a_locked_address_is_told_it_is_the_network(client, lead, small_limits):
    for n in range(12):
        sign_in(client, f"guess{n}", "not the password", address=ATTACKER)
    text = page_text(sign_in(client, "lena", address=ATTACKER))
    assert "There have been too many failed attempts to sign in from your network." in text
    assert quoted("lena") not in text


@pytest.mark.parametrize(
    ("moment", "expected"),
    [((14, 35), "2:35pm"), ((9, 5), "9:05am"), ((12, 0), "12:00pm"), ((0, 10), "12:10am")],
)
def test_times_are_written_the_gov_uk_way(moment, expected):
    today = timezone.localtime().replace(hour=moment[0], minute=moment[1])
    assert readable_time(today) == expected


def test_a_time_on_another_day_names_the_day():
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    assert readable_time(tomorrow).endswith(f" on {tomorrow.day} {tomorrow:%B}")
