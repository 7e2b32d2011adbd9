"""Sample data that leaves which questions apply undecided — a MAPPA level 1 to 3 with no category,
a category with no level or with level 0 — is flagged to the lead as incomplete sample data on the
dashboard and the sample page, each case linked to its edit page; found in one query."""

from django.urls import reverse

from cases.models import Inspection
from cases.selectors.sample_data import incomplete_sample_data
from cases.services.sample import case_values, update_case
from tests import factories

DASHBOARD = reverse("cases:dashboard", args=["northshire-2026"])
SAMPLE = reverse("cases:sample", args=["northshire-2026"])


def mappa_case(inspection, ref, level, category):
    return factories.CaseFactory(inspection=inspection, case_ref=ref, mappa_level=level, mappa_category=category)


def test_a_mappa_level_2_case_with_no_category_is_flagged_on_the_dashboard_with_a_link_to_edit_it(
    client_as, lead, inspection
):
    mappa_case(inspection, "M2", "2", "")
    mappa_case(inspection, "OK1", "2", "1")
    mappa_case(inspection, "OK2", "0", "")
    mappa_case(inspection, "OK3", "", "")

    html = client_as(lead).get(DASHBOARD).content.decode()

    assert (
        '<h2 class="govuk-notification-banner__title" id="incomplete-sample-data-title">Incomplete sample data</h2>'
        in html
    )
    assert "1 case has incomplete sample data" in html
    edit = reverse("cases:case_edit", args=["northshire-2026", "M2"])
    assert f'href="{edit}">Edit case M2</a>' in html
    assert (
        "MAPPA level 2 but no MAPPA category recorded: record its category to decide which MAPPA questions apply"
        in html
    )
    for ref in ("OK1", "OK2", "OK3"):
        assert f"Edit case {ref}" not in html


def test_categories_without_a_mappa_level_or_with_level_0_are_flagged_too(inspection):
    mappa_case(inspection, "C1", "", "1")
    mappa_case(inspection, "C2", "0", "3")
    mappa_case(inspection, "L3", "3", "")

    flagged = {item.case.case_ref: item.problems for item in incomplete_sample_data(inspection=inspection)}

    assert flagged == {
        "C1": ["MAPPA category 1 but no MAPPA level recorded: record its level to decide which MAPPA questions apply"],
        "C2": [
            "MAPPA category 3 but MAPPA level 0 (not MAPPA): correct one of them to decide which MAPPA questions apply"
        ],
        "L3": [
            "MAPPA level 3 but no MAPPA category recorded: record its category to decide which MAPPA questions apply"
        ],
    }


def test_the_sample_page_flags_the_case_in_a_banner_and_in_its_row(client_as, lead, inspection):
    mappa_case(inspection, "M3", "3", "")
    mappa_case(inspection, "OK1", "1", "2")

    html = client_as(lead).get(SAMPLE).content.decode()

    assert "1 case has incomplete sample data" in html
    assert f'href="{reverse("cases:case_edit", args=["northshire-2026", "M3"])}">Edit case M3</a>' in html
    assert html.count("Incomplete sample data</strong>") == 1
    row = html[html.index('<span class="app-case-ref">M3</span>') :][:200]
    assert "Incomplete sample data" in row


def test_the_flag_goes_once_the_lead_records_the_category(client_as, lead, inspection):
    case = mappa_case(inspection, "M2", "2", "")
    update_case(case=case, values={**case_values(case), "mappa_category": "2"}, actor=lead)

    html = client_as(lead).get(DASHBOARD).content.decode()

    assert "Incomplete sample data" not in html
    assert incomplete_sample_data(inspection=inspection) == []


def test_once_the_sample_is_frozen_the_flag_stays_but_offers_no_edit_link(client_as, lead, inspection):
    mappa_case(inspection, "M2", "2", "")
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.REPORTING)

    html = client_as(lead).get(DASHBOARD).content.decode()

    assert "1 case has incomplete sample data" in html and "Edit case M2" not in html


def test_another_inspections_cases_are_not_flagged(client_as, lead, inspection, other_inspection):
    mappa_case(other_inspection, "SOUTH-1", "2", "")

    assert "Incomplete sample data" not in client_as(lead).get(DASHBOARD).content.decode()


def test_the_flags_are_found_in_one_query_whatever_the_number_of_cases(inspection, django_assert_num_queries):
    for n in range(3):
        mappa_case(inspection, f"A{n}", "2", "")
    with django_assert_num_queries(1):
        assert len(incomplete_sample_data(inspection=inspection)) == 3
    for n in range(60):
        mappa_case(inspection, f"B{n}", ["1", "", "0"][n % 3], ["", "1", "2"][n % 3])
    with django_assert_num_queries(1):
        assert len(incomplete_sample_data(inspection=inspection)) == 63
