"""The inspection overview: its details, and links to the pages the user's role may open."""

import re

from django.urls import reverse

from tests import factories

URL = reverse("cases:inspection_detail", args=["northshire-2026"])


def test_the_lead_sees_the_details_and_every_management_page(client_as, lead, inspection):
    factories.CaseFactory(inspection=inspection)
    page = client_as(lead).get(URL).content.decode()
    assert "Northshire" in page and "Small Test Module" in page
    assert "1 case<" in page
    assert "Lead inspector</dd>" in page  # the lead's own role
    for name in ("team", "sample", "allocation", "dashboard"):
        assert reverse(f"cases:{name}", args=["northshire-2026"]) in page


def test_an_inspector_sees_the_team_and_my_cases_but_not_the_lead_pages(client_as, inspector, lead):
    page = client_as(inspector).get(URL).content.decode()
    assert reverse("cases:team", args=["northshire-2026"]) in page
    assert reverse("cases:my_cases") in page
    assert reverse("cases:sample", args=["northshire-2026"]) not in page
    assert "lena" in page  # the lead is named


def test_a_reinspection_names_the_original(client_as, admin, inspection):
    # Named apart from the original, so the original's name can only come from the "Reinspection of" row.
    factories.InspectionFactory(
        slug="northshire-2027", name="Second visit 2027", previous=inspection, criteria_set=inspection.criteria_set
    )
    page = client_as(admin).get(reverse("cases:inspection_detail", args=["northshire-2027"])).content.decode()
    assert re.search(r"Reinspection of</dt>\s*<dd[^>]*>\s*Northshire\s*</dd>", page)
    assert "Not appointed yet" in page


def test_a_first_inspection_has_no_reinspection_row(client_as, admin, inspection):
    page = client_as(admin).get(URL).content.decode()
    assert "Reinspection of" not in page


def test_the_admin_pages_only_show_inspection_data(client, db):
    superuser = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/cases/case/").status_code == 200
    assert client.get("/admin/cases/case/add/").status_code == 403
