"""Fixtures for the inspection set-up tests (personas come from tests/conftest.py)."""

import pytest

from tests import factories

HEADER = (
    "case_ref,unit,sentence_type,rosh,tier,mappa_level,ppo,approved_premises,victim_contact,gender,age,ethnic_group"
)


def sample_csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


VALID_SAMPLE = sample_csv(
    "N001,North cluster,community_order,high,3,1,yes,no,no,male,34,black",
    "N002,North cluster,licence,medium,2,0,no,yes,yes,female,27,white",
    "N003,South office,custody,very_high,4,2,no,no,yes,male,45,asian",
    "N004,South office,suspended_sentence_order,low,1,0,no,no,no,male,19,white",
)


@pytest.fixture
def team(admin, lead, inspector, assessor, outsider):
    """Every persona, by name."""
    return {"admin": admin, "lead": lead, "inspector": inspector, "assessor": assessor, "outsider": outsider}


@pytest.fixture
def cases(inspection):
    """Three cases in two units of Northshire."""
    north = factories.UnitFactory(inspection=inspection, name="North cluster")
    south = factories.UnitFactory(inspection=inspection, name="South office")
    return [
        factories.CaseFactory(inspection=inspection, unit=north, case_ref="N001", rosh="high"),
        factories.CaseFactory(inspection=inspection, unit=north, case_ref="N002", sentence_type="licence"),
        factories.CaseFactory(inspection=inspection, unit=south, case_ref="S001", sentence_type="custody"),
    ]
