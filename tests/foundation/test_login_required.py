"""Every page needs a signed-in user: an anonymous request is sent to the sign-in page.

The URL list is walked from the URLconf, so a page added later is covered without editing this
test; placeholder arguments stand in for slugs and ids (the redirect happens before any lookup).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

from inspection.converters import CodeConverter

PLACEHOLDERS = {
    IntConverter: 1,
    SlugConverter: "northshire-2026",
    StringConverter: "CR-0001",
    CodeConverter: "CR-0001",
    PathConverter: "some/path",
    UUIDConverter: "12345678-1234-5678-1234-567812345678",
}
# Pages meant for anonymous users (the health check shows no data: tests/operations/test_health.py; the
# footer's pages show none either: tests/foundation/test_footer_pages.py).
OPEN_PAGES = {"login", "health", "accessibility", "privacy", "help"}


def named_routes(patterns=None, namespace="", converters=None):
    """(name, kwargs) for every named path() route outside the Django admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        found = converters or {}
        if hasattr(entry.pattern, "converters"):
            found = found | entry.pattern.converters
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            kwargs = {name: PLACEHOLDERS[type(converter)] for name, converter in found.items()}
            yield f"{namespace}{entry.name}", kwargs


ROUTES = sorted(dict(named_routes()).items())


def test_the_url_walk_finds_the_pages_of_every_app():
    names = {name for name, _ in ROUTES}
    assert {"home", "cases:inspection_list", "cases:my_cases", "criteria:set_list"} <= names


@pytest.mark.parametrize(("name", "kwargs"), [r for r in ROUTES if r[0] not in OPEN_PAGES], ids=lambda v: str(v))
def test_anonymous_visitor_is_sent_to_sign_in(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    redirect = urlsplit(response["Location"])
    assert redirect.path == resolve_url(settings.LOGIN_URL)
    assert parse_qs(redirect.query) == {"next": [url]}


@pytest.mark.parametrize("path", ["/admin/", "/admin/auth/user/", "/admin/criteria/criteriaset/"])
def test_anonymous_visitor_is_sent_to_sign_in_from_the_admin(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path in {reverse("login"), reverse("admin:login")}


def test_anonymous_visitor_can_open_the_sign_in_page(client):
    assert client.get(reverse("login")).status_code == 200
