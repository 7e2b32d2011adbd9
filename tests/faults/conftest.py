"""Fixtures for the fault tests: broken connections, hostile files and text (personas: tests/conftest.py)."""

import pytest
from django.db import connection

from tests.reports.conftest import build_sample

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def sample(inspection):
    """Northshire's 34 scored cases in two units (tests/reports/conftest.py)."""
    return build_sample(inspection)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
