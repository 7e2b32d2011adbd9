"""A session ends a fixed time after sign-in; every signed-in page carries GOV.UK's timeout warning
with that time, and "Stay signed in" (the keep-alive address) moves the end on."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories

KEEP_ALIVE = "/accounts/session/"


@pytest.fixture
def ian(db):
    return factories.UserFactory(username="ian")


def data(response, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', response.content.decode())
    assert found, f"no {name} on the page"
    return found.group(1)


def end_soon(client, seconds: int) -> None:
    session = client.session
    session.set_expiry(timezone.now() + timedelta(seconds=seconds))
    session.save()


def test_signing_in_sets_when_the_session_ends(client, ian, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(ian)

    assert 3590 <= client.session.get_expiry_age() <= 3600
    assert "_session_expiry" in client.session  # a fixed time, not "an hour from whenever it is next saved"


def test_signed_in_pages_carry_the_timeout_warning_with_the_time_left(client, ian, settings):
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 120
    client.force_login(ian)
    end_soon(client, 1000)

    response = client.get(reverse("account"))

    html = response.content.decode()
    assert '<dialog class="app-timeout-warning" id="timeout-warning"' in html
    assert 990 <= int(data(response, "data-seconds-left")) <= 1000
    assert data(response, "data-warning-seconds") == "120"
    assert data(response, "data-keep-alive-url") == KEEP_ALIVE
    assert '<script type="module" src="/static/js/timeout-warning.js"></script>' in html
    assert "You will be signed out soon" in html and "Stay signed in" in html


def test_pages_before_sign_in_have_no_timeout_warning(client, db):
    assert "timeout-warning" not in client.get(reverse("login")).content.decode()


def test_staying_signed_in_moves_the_end_on(client, ian, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(ian)
    end_soon(client, 60)
    assert 50 <= client.get(KEEP_ALIVE).json()["seconds_left"] <= 60  # asking does not extend

    response = client.post(KEEP_ALIVE)

    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert 3590 <= response.json()["seconds_left"] <= 3600
    assert 3590 <= client.session.get_expiry_age() <= 3600


def test_the_keep_alive_address_needs_sign_in_and_a_token(client, ian):
    response = client.post(KEEP_ALIVE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ian)
    end_soon(strict, 60)
    assert strict.post(KEEP_ALIVE).status_code == 403
    assert strict.session.get_expiry_age() <= 60
