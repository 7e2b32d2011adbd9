"""The research pages' fixtures: an analyst, and the small pooled data set of ``data.py`` in two
programmes (OMI2: omi-north and omi-south; Quality & Impact: qi-east) and an empty third (Pilot)."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Permission

from cases.models import Programme
from tests import factories

from .data import record_cases


@dataclass
class Research:
    omi2: Programme
    qi: Programme
    empty: Programme

    @property
    def both(self) -> str:
        return f"programmes={self.omi2.slug}&programmes={self.qi.slug}"


@pytest.fixture
def analyst(db):
    user = factories.UserFactory(username="anna")
    user.user_permissions.add(Permission.objects.get(codename="analyse_programmes"))
    return user


@pytest.fixture
def research(small_set) -> Research:
    omi2 = factories.ProgrammeFactory(slug="omi2", name="OMI2", start=date(2009, 4, 1), end=date(2012, 3, 31))
    qi = factories.ProgrammeFactory(slug="qi", name="Quality & Impact", start=date(2016, 4, 1), end=date(2017, 3, 31))
    empty = factories.ProgrammeFactory(slug="pilot", name="Pilot", start=date(2020, 1, 1), end=date(2020, 12, 31))
    record_cases(small_set, {"omi-north": omi2, "omi-south": omi2, "qi-east": qi})
    return Research(omi2, qi, empty)
