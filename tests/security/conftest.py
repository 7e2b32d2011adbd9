"""Helpers for the sign-in security tests (personas come from tests/conftest.py).

Addresses are from the documentation ranges (RFC 5737); the test client sends no traffic.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
HOME = "203.0.113.10"
OFFICE = "203.0.113.20"
ATTACKER = "198.51.100.66"


def sign_in(client, username: str, password: str = PASSWORD, *, address: str = HOME, follow: bool = False):
    """The first sign-in step, the password form, from ``address``."""
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, follow=follow
    )


def page_text(response) -> str:
    """The page's text with runs of white space made single, for reading sentences."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def user_admin(admin):
    """Ada, the admin persona, who also looks after user accounts and reads the audit log."""
    for codename in ("view_user", "change_user", "view_auditevent"):
        admin.user_permissions.add(Permission.objects.get(codename=codename))
    return admin


@pytest.fixture
def small_limits(settings):
    """Sign-in limits small enough to reach quickly: 3 per account at an address, 6 per account, 12 per address."""
    settings.SIGN_IN_FAILURE_LIMITS = [3, 6, 12]
    settings.AXES_FAILURE_LIMIT = 3
    return settings.SIGN_IN_FAILURE_LIMITS


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
