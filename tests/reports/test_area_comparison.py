"""The report's comparison with other areas: the other areas of the inspection's programme whose
report is final, with their frozen figures, to date; never the area's own inspections, never work
in progress; a final report keeps the comparison it was finalised with."""

import io

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cases.models import Inspection
from reports.report_data import assemble, thaw
from reports.services import reports as services
from tests import factories

from .conftest import build_sample, other_area
from .conftest import finalise as _finalise


def _figures(row) -> tuple[str, str, str, str]:
    return row.lowest.display, row.highest.display, row.average.display, row.this.display


@pytest.fixture
def southshire(final_other_area):
    return final_other_area


@pytest.fixture
def omi2(southshire):
    return southshire.programme


def _area(omi2, small_set, slug: str, area: str, *, final: bool):
    """Another inspection of OMI2 with the standard 34-case sample (SAFE 90%), its report final or not."""
    eastshire = factories.InspectionFactory(slug=slug, name=slug, area=area, criteria_set=small_set, programme=omi2)
    build_sample(eastshire)
    if final:
        _finalise(eastshire, factories.MemberFactory(inspection=eastshire, role="lead"))
    return eastshire


def test_the_comparison_uses_the_other_areas_final_reports_and_says_which(inspection, southshire):
    data = assemble(inspection=inspection, version=None)
    safe = data.areas[0]
    assert safe.title == "Keeping people safe"
    assert _figures(safe) == ("62%", "62%", "62%", "90%")
    today = date_format(timezone.localdate(), "j F Y")
    assert data.areas_note == f"Compared with the final reports of one other area of the OMI2 programme to {today}"
    assert data.area_count == 1


def test_lowest_highest_and_average_come_from_every_other_final_area(inspection, southshire, omi2, small_set):
    _area(omi2, small_set, "eastshire-2026", "Eastshire Probation Trust", final=True)
    data = assemble(inspection=inspection, version=None)
    assert _figures(data.areas[0]) == ("62%", "90%", "76%", "90%")
    assert "final reports of two other areas" in data.areas_note


def test_work_in_progress_is_left_out(inspection, southshire, omi2, small_set):
    _area(omi2, small_set, "eastshire-2026", "Eastshire Probation Trust", final=False)
    data = assemble(inspection=inspection, version=None)
    assert _figures(data.areas[0]) == ("62%", "62%", "62%", "90%")


def test_the_areas_own_other_inspections_are_left_out(inspection, southshire, omi2, small_set):
    _area(omi2, small_set, "northshire-2011", inspection.area, final=True)
    data = assemble(inspection=inspection, version=None)
    assert data.area_count == 1
    assert _figures(data.areas[0]) == ("62%", "62%", "62%", "90%")


def test_there_is_no_comparison_without_a_programme_or_another_final(inspection, other_inspection, sample):
    assert assemble(inspection=inspection, version=None).areas == ()
    omi2 = factories.ProgrammeFactory(slug="omi2", name="OMI2")
    Inspection.objects.filter(pk__in=[inspection.pk, other_inspection.pk]).update(programme=omi2)
    inspection.refresh_from_db()
    other_area(other_inspection)  # scored, but its report is not final
    data = assemble(inspection=inspection, version=None)
    assert (data.areas, data.area_count, data.areas_note) == ((), 0, "")


def test_a_final_report_keeps_its_comparison_when_another_area_finalises_later(
    inspection, lead, southshire, omi2, small_set
):
    version = _finalise(inspection, lead)
    frozen = thaw(version.frozen_data)
    assert version.frozen_data["data"]["areas_note"] == frozen.areas_note != ""
    assert _figures(frozen.areas[0]) == ("62%", "62%", "62%", "90%")

    _area(omi2, small_set, "eastshire-2026", "Eastshire Probation Trust", final=True)
    version.refresh_from_db()
    assert thaw(version.frozen_data) == frozen
    # A new draft compares with both final areas.
    draft = services.start_new_draft(report=version.report, actor=lead)
    assert _figures(assemble(inspection=inspection, version=draft).areas[0]) == ("62%", "90%", "76%", "90%")


def test_the_word_report_says_which_reports_the_comparison_covers(inspection, southshire):
    import docx

    from reports import word

    document = docx.Document(io.BytesIO(word.render(assemble(inspection=inspection, version=None))))
    captions = "\n".join(p.text for p in document.paragraphs)
    assert "Compared with the final reports of one other area of the OMI2 programme to" in captions
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Keeping people safe", "62%", "62%", "62%", "90%"] in rows
