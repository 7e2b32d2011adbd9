"""The GOV.UK styled sign-in page: error summary, "Error: " title, redirects, sign out."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

PASSWORD = "correct horse battery staple"


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def error_summary(response) -> list[tuple[str, str]]:
    """(link target, message) of each entry in the GOV.UK error summary."""
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no GOV.UK error summary on the page"
    return re.findall(r'<a href="(#[^"]+)">\s*(.*?)\s*</a>', summary.group(0))


@pytest.fixture
def ian(db):
    return factories.UserFactory(username="ian")


def test_sign_in_page_is_a_gov_uk_page(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert title(response) == "Sign in – Probation case assessment"
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert 'href="/static/govuk/govuk-frontend.min.css"' in html
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert 'class="govuk-input govuk-!-width-two-thirds"' in html
    assert 'autocomplete="current-password"' in html
    assert "govuk-error-summary" not in html


def test_wrong_password_shows_the_error_summary_and_error_title(client, ian):
    response = client.post(reverse("login"), {"username": "ian", "password": "not it"})
    assert response.status_code == 200
    assert title(response) == "Error: Sign in – Probation case assessment"
    assert error_summary(response) == [
        ("#id_username", "Enter a correct username and password. Both are case-sensitive.")
    ]
    assert "_auth_user_id" not in client.session


def test_empty_form_lists_each_missing_field_linked_to_it(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert title(response).startswith("Error: ")
    assert error_summary(response) == [("#id_username", "Enter your username"), ("#id_password", "Enter your password")]
    # Each field shows its own message too, as the GOV.UK error message pattern does.
    assert response.content.decode().count('class="govuk-error-message"') == 2


def test_username_is_kept_after_a_failed_attempt_but_the_password_is_not(client, ian):
    html = client.post(reverse("login"), {"username": "ian", "password": "not it"}).content.decode()
    assert re.search(r'<input type="text" name="username" value="ian"', html)
    assert "not it" not in html


def test_inactive_account_cannot_sign_in(client, db):
    factories.UserFactory(username="gone", is_active=False)
    response = client.post(reverse("login"), {"username": "gone", "password": PASSWORD})
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert "_auth_user_id" not in client.session


def test_correct_credentials_sign_in_and_go_to_the_home_page(client, ian):
    response = client.post(reverse("login"), {"username": "ian", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(ian.pk)


def test_sign_in_returns_to_the_page_that_asked_for_it(client, ian):
    wanted = reverse("cases:my_cases")
    page = client.get(wanted)
    sign_in_url = page["Location"]
    assert client.get(sign_in_url).context["next"] == wanted
    response = client.post(sign_in_url, {"username": "ian", "password": PASSWORD, "next": wanted})
    assert response["Location"] == wanted


def test_sign_in_ignores_a_next_address_on_another_site(client, ian):
    response = client.post(
        reverse("login"), {"username": "ian", "password": PASSWORD, "next": "https://evil.example/steal"}
    )
    assert response["Location"] == reverse("home")


def test_signed_in_user_opening_sign_in_goes_to_the_home_page(client, ian):
    client.force_login(ian)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_sign_out_is_a_post_and_ends_the_session(client, ian):
    client.force_login(ian)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_sign_in_form_is_protected_against_cross_site_requests(ian):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "ian", "password": PASSWORD})
    assert response.status_code == 403
