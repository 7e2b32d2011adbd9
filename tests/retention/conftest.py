"""A published inspection: Northshire's 34 scored cases (tests/reports/conftest.py) with rationales,
interview notes and a notable example, closed with a final report, and a draft PDF before it."""

import pytest

from cases.models import Assessment, Judgement
from cases.services.inspections import change_status
from reports.services import reports as services
from tests.reports.conftest import build_sample

RATIONALE = "Mr Smith's OASys was late because of his move to Leeds"
NOTES = "Interviewed the offender manager on 3 March about the Smith case"
EXAMPLE = "Joint visit with the police to the family home"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sample(inspection):
    return build_sample(inspection)


@pytest.fixture
def case_data(sample):
    """Free text on every judgement and assessment, and one good practice example."""
    Judgement.objects.filter(assessment__case__inspection=sample[0].inspection).update(rationale=RATIONALE)
    Assessment.objects.filter(case__inspection=sample[0].inspection).update(
        interview_notes=NOTES, interview_done=True, return_comment="Please look again"
    )
    example = Judgement.objects.get(assessment__case=sample[2], question__code="A.1.03")
    example.notable_practice = Judgement.NotablePractice.GOOD
    example.notable_example = EXAMPLE
    example.save()
    return example


@pytest.fixture
def reporting(inspection, lead, case_data):
    """At the reporting stage, the unfinished case excluded, a draft report with the example and a draft PDF."""
    for status in ("moderation", "reporting"):  # the factory starts it in fieldwork
        change_status(inspection=inspection, status=status, actor=lead)
    services.exclude_case(inspection=inspection, case_ref="NS999", reason="File could not be read", actor=lead)
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.set_notable_examples(version=version, judgements=[case_data], actor=lead)
    services.request_pdf(version=version, actor=lead)
    inspection.refresh_from_db()
    return version


@pytest.fixture
def published(inspection, lead, reporting):
    """Closed today with a final report (its PDF built), then a new draft started from it."""
    services.finalise_version(version=reporting, actor=lead)
    change_status(inspection=inspection, status="closed", actor=lead)
    inspection.refresh_from_db()
    return inspection
