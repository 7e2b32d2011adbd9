"""Personas and shared fixtures.

Named people for permission tests, as in healthchecks' hc/test.py:
- ``admin``: staff who load criteria sets and create inspections (no team role);
- ``lead``: Lena, lead inspector of the Northshire inspection;
- ``inspector``: Ian, inspector on Northshire;
- ``assessor``: Asha, local assessor on Northshire;
- ``outsider``: Olive, lead inspector of another inspection (Southshire) only.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from tests import factories

SHIPPED_SET = Path(__file__).resolve().parent.parent / "criteria" / "sets" / "roh-2007.yaml"
SMALL_SET = Path(__file__).resolve().parent / "data" / "small-criteria.yaml"


@pytest.fixture
def admin(db):
    user = factories.UserFactory(username="ada", is_staff=True)
    for codename in ("manage_criteria", "manage_inspections"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def small_set(db):
    """The small hand-written criteria set in tests/data, loaded."""
    from criteria.services import load_criteria_set

    return load_criteria_set(text=SMALL_SET.read_text(encoding="utf-8"), source=SMALL_SET.name).criteria_set


@pytest.fixture
def inspection(small_set):
    return factories.InspectionFactory(slug="northshire-2026", name="Northshire", criteria_set=small_set)


@pytest.fixture
def lead(inspection):
    return factories.MemberFactory(inspection=inspection, role="lead", user__username="lena")


@pytest.fixture
def inspector(inspection):
    return factories.MemberFactory(inspection=inspection, role="inspector", user__username="ian")


@pytest.fixture
def assessor(inspection):
    return factories.MemberFactory(inspection=inspection, role="local_assessor", user__username="asha")


@pytest.fixture
def other_inspection(small_set):
    return factories.InspectionFactory(slug="southshire-2026", name="Southshire", criteria_set=small_set)


@pytest.fixture
def outsider(other_inspection):
    return factories.MemberFactory(inspection=other_inspection, role="lead", user__username="olive")
