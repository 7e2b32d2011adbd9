"""My cases: the inspector's cases by inspection, current inspections first, filtered by inspection
(a GET form without a CSRF token), each case reference kept whole, in a fixed number of queries."""

import re
from pathlib import Path

import pytest

from cases.models import Inspection
from tests import factories

URL = "/inspections/my-cases/"


def refs_in_order(html: str) -> list[str]:
    return re.findall(r'class="govuk-link govuk-task-list__link app-case-ref"[^>]*>([^<]+)</a>', html)


@pytest.fixture
def inspections(inspection, inspector):
    """Ian's cases in four inspections: Northshire (fieldwork), Aldershire (closed), Broadshire
    (reporting) and Zedshire (moderation). Alphabetical order would put the closed one first."""
    made = {"fieldwork": inspection}
    for name, status in [("Aldershire", "closed"), ("Broadshire", "reporting"), ("Zedshire", "moderation")]:
        made[status] = factories.InspectionFactory(
            name=name, slug=name.lower(), status=status, criteria_set=inspection.criteria_set
        )
        factories.MemberFactory(inspection=made[status], user=inspector)
    for other in made.values():
        for n in range(2):
            case = factories.CaseFactory(inspection=other, case_ref=f"{other.name[:3].upper()}-{n}")
            factories.AssessmentFactory(case=case, assessor=inspector)
    return made


def test_current_inspections_come_first_then_those_reporting_then_closed(client, inspector, inspections):
    client.force_login(inspector)

    html = client.get(URL).content.decode()

    assert refs_in_order(html) == ["NOR-0", "NOR-1", "ZED-0", "ZED-1", "BRO-0", "BRO-1", "ALD-0", "ALD-1"]
    headings = re.findall(r'<h2 class="govuk-heading-m[^"]*" id="inspection-[^"]+">([^<]+)</h2>', html)
    assert headings == ["Northshire", "Zedshire", "Broadshire", "Aldershire"]
    assert "8 cases allocated to you" in html


def test_an_inspection_moving_to_reporting_moves_its_cases_down(client, inspector, inspections):
    Inspection.objects.filter(pk=inspections["fieldwork"].pk).update(status="reporting")
    client.force_login(inspector)

    refs = refs_in_order(client.get(URL).content.decode())

    assert refs[:2] == ["ZED-0", "ZED-1"] and refs[-2:] == ["ALD-0", "ALD-1"]


def test_cases_are_filtered_by_inspection_through_a_get_form_without_a_csrf_token(client, inspector, inspections):
    client.force_login(inspector)

    html = client.get(URL, {"inspection": "zedshire"}).content.decode()

    assert refs_in_order(html) == ["ZED-0", "ZED-1"]
    assert "2 cases matching the filters" in html
    assert '<option value="zedshire" selected>Zedshire</option>' in html
    form = re.search(r'<form method="get".*?</form>', html, re.S).group(0)
    assert 'name="inspection"' in form and "csrfmiddlewaretoken" not in form


def test_an_inspection_the_inspector_is_not_on_is_ignored_as_a_filter(client, inspector, inspections, other_inspection):
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=other_inspection, case_ref="SOU-0"))
    client.force_login(inspector)

    html = client.get(URL, {"inspection": other_inspection.slug}).content.decode()

    assert len(refs_in_order(html)) == 8 and "SOU-0" not in html


def test_the_inspection_filter_is_offered_only_to_people_on_several_inspections(client, inspector, inspection):
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection), assessor=inspector)
    client.force_login(inspector)

    html = client.get(URL).content.decode()

    assert 'name="unit"' in html and 'name="inspection"' not in html


def test_case_references_are_never_broken_mid_word(client, inspector, inspections):
    client.force_login(inspector)

    html = client.get(URL).content.decode()

    assert html.count("app-case-ref") == 8
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    assert re.search(r"\.app-case-ref \{[^}]*white-space: nowrap", css)


def test_my_cases_issues_the_same_number_of_queries_whatever_the_number_of_inspections_and_cases(
    client, inspector, inspections, django_assert_num_queries
):
    client.force_login(inspector)
    client.get(URL)
    # session, user, OTP device, the units with their inspections (for the filters), the assessments with
    # case, unit and inspection, and the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(6):
        assert len(refs_in_order(client.get(URL).content.decode())) == 8

    more = factories.InspectionFactory(
        name="Westshire", slug="westshire", criteria_set=inspections["closed"].criteria_set
    )
    factories.MemberFactory(inspection=more, user=inspector)
    for n in range(20):
        unit = factories.UnitFactory(inspection=more, name=f"Unit {n % 3}")
        factories.AssessmentFactory(case=factories.CaseFactory(inspection=more, unit=unit), assessor=inspector)
    with django_assert_num_queries(6):
        assert len(refs_in_order(client.get(URL).content.decode())) == 28
    with django_assert_num_queries(6):
        assert len(refs_in_order(client.get(URL, {"inspection": "westshire"}).content.decode())) == 20
