"""The lead records each unit's caseload; the report's contextual information sets the sample
against it (PDF data and Word alike), and a final report keeps the caseload it was finalised with."""

import io

import pytest
from django.urls import reverse

from cases.models import Unit
from cases.services.caseload import set_caseloads
from inspection.errors import ServiceError
from reports.report_data import assemble
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(inspection):
    north, south = (factories.UnitFactory(inspection=inspection, name=name) for name in ("North", "South"))
    for n in range(3):
        factories.CaseFactory(inspection=inspection, case_ref=f"N{n}", unit=north)
    factories.CaseFactory(inspection=inspection, case_ref="S0", unit=south)
    return north, south


def url(inspection):
    return reverse("cases:caseload", args=[inspection.slug])


def test_the_lead_records_caseloads_with_history(client, lead, inspection, units):
    north, south = units
    client.force_login(lead)
    page = client.get(url(inspection)).content.decode()
    assert "North" in page and "3 cases in the sample" in page and "1 case in the sample" in page

    response = client.post(url(inspection), {f"caseload-{north.pk}": "120", f"caseload-{south.pk}": ""})
    assert response["Location"] == reverse("cases:sample", args=[inspection.slug])
    north.refresh_from_db()
    south.refresh_from_db()
    assert (north.caseload, south.caseload) == (120, None)
    assert north.history.latest().history_change_reason == "Caseload"
    assert "1 caseload saved." in client.get(response["Location"]).content.decode()


def test_a_caseload_must_be_a_whole_number_no_smaller_than_the_units_sample(client, lead, inspection, units):
    north, south = units
    client.force_login(lead)
    page = client.post(url(inspection), {f"caseload-{north.pk}": "12.5", f"caseload-{south.pk}": "40"})
    assert "The caseload of North must be a whole number, like 120" in page.content.decode()
    page = client.post(url(inspection), {f"caseload-{north.pk}": "2", f"caseload-{south.pk}": "40"})
    assert "The caseload of North must be at least 3, the number of its cases in the sample" in page.content.decode()
    assert not Unit.objects.filter(caseload__isnull=False).exists()  # nothing half-written


def test_only_the_lead_records_caseloads(client, inspector, lead, inspection, units):
    client.force_login(inspector)
    assert client.get(url(inspection)).status_code == 403
    with pytest.raises(ServiceError, match="Only the lead"):
        set_caseloads(inspection=inspection, caseloads={units[0].pk: 10}, actor=inspector)


def test_the_report_sets_the_sample_against_the_caseload(inspection, lead, units):
    north, south = units
    set_caseloads(inspection=inspection, caseloads={north.pk: 120}, actor=lead)
    assert assemble(inspection=inspection, version=None).caseload_rows == (("North", 120, 3, "3%"),)
    set_caseloads(inspection=inspection, caseloads={south.pk: 40}, actor=lead)
    assert assemble(inspection=inspection, version=None).caseload_rows == (
        ("North", 120, 3, "3%"),
        ("South", 40, 1, "3%"),
        ("All units", 160, 4, "3%"),
    )


def test_the_pdf_and_word_show_the_caseload_table_and_a_final_report_keeps_it(inspection, lead, units):
    import docx

    from reports import pdf, word
    from reports.report_data.frozen import freeze, thaw

    north, south = units
    set_caseloads(inspection=inspection, caseloads={north.pk: 120, south.pk: 40}, actor=lead)
    data = assemble(inspection=inspection, version=None)
    html = pdf.render_html(data)
    assert '<td>All units</td><td class="num">160</td><td class="num">4</td><td class="num">3%</td>' in html
    document = docx.Document(io.BytesIO(word.render(data)))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["North", "120", "3", "3%"] in cells
    frozen = thaw(freeze(data))
    set_caseloads(inspection=inspection, caseloads={north.pk: None}, actor=lead)
    assert frozen.caseload_rows == data.caseload_rows
