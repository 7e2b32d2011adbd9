"""Security headers on every page: a strict Content-Security-Policy, no framing, no sniffing."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.csp import CSP

from tests import factories


def policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.fixture
def sign_in_page(client, db):
    return client.get(reverse("login"))


@pytest.fixture
def signed_in_page(client, db):
    client.force_login(factories.UserFactory(username="ian"))
    return client.get(reverse("cases:my_cases"))


@pytest.mark.parametrize("page", ["sign_in_page", "signed_in_page"])
def test_content_security_policy_allows_only_this_sites_scripts_and_styles(request, page):
    response = request.getfixturevalue(page)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # the nonce is added only on pages that use it
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("page", ["sign_in_page", "signed_in_page"])
def test_pages_cannot_be_framed_or_sniffed_and_leak_no_referrer(request, page):
    response = request.getfixturevalue(page)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_script_policy_is_nonce_capable():
    assert CSP.NONCE in settings.SECURE_CSP["script-src"]


def test_a_page_that_uses_the_nonce_gets_it_in_its_policy(client, settings):
    settings.ROOT_URLCONF = "tests.foundation.nonce_urls"
    response = client.get("/nonce/")
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert client.get("/nonce/").content.decode() != response.content.decode()  # a fresh nonce per response
