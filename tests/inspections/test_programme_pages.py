"""The programme pages (admins): list, create with a confirmation, a programme's page, placing an
inspection and taking one out, changing its name and dates, its history; others are refused."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import Inspection, Programme
from cases.services import programmes as services
from inspection.context_processors import navigation
from tests import factories


@pytest.fixture
def omi2(db):
    return factories.ProgrammeFactory(slug="omi2", name="OMI2", start=date(2009, 4, 1), end=date(2012, 3, 31))


def test_an_admin_creates_a_programme_and_sees_the_confirmation(client_as, admin):
    client = client_as(admin)
    response = client.post(
        reverse("cases:programme_create"),
        {"name": "OMI2 2009–2012", "slug": "omi2", "start_0": "1", "start_1": "4", "start_2": "2009"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:programme_created", args=["omi2"])
    page = client.get(response["Location"]).content.decode()
    assert "Programme created" in page and "OMI2 2009–2012" in page
    programme = Programme.objects.get(slug="omi2")
    assert (programme.start, programme.end) == (date(2009, 4, 1), None)


def test_an_end_before_the_start_is_shown_in_the_error_summary_and_nothing_is_created(client_as, admin):
    response = client_as(admin).post(
        reverse("cases:programme_create"),
        {
            "name": "Q&I",
            "slug": "qi",
            "start_0": "1",
            "start_1": "1",
            "start_2": "2017",
            "end_0": "1",
            "end_1": "1",
            "end_2": "2016",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The end date must be the same as or after the start date" in page
    assert not Programme.objects.exists()


def test_a_reference_already_used_is_refused_against_its_field(client_as, admin, omi2):
    response = client_as(admin).post(reverse("cases:programme_create"), {"name": "Again", "slug": "omi2"})
    assert "A programme with the reference &#x27;omi2&#x27; already exists" in response.content.decode()
    assert Programme.objects.get().name == "OMI2"


def test_the_list_shows_each_programme_with_its_inspections_and_areas(
    client_as, admin, omi2, inspection, other_inspection, django_assert_num_queries
):
    other_inspection.area = "Southshire Probation Trust"
    other_inspection.save()
    Inspection.objects.filter(pk__in=[inspection.pk, other_inspection.pk]).update(programme=omi2)
    client = client_as(admin)
    # session, user, the second factor's device, the admin check (2; the navigation's permissions
    # are then answered from its cache), the programmes with their counts
    with django_assert_num_queries(6):
        page = client.get(reverse("cases:programme_list")).content.decode()
    assert "OMI2" in page and "1 Apr 2009 to 31 Mar 2012" in page
    row = page[page.index(">OMI2<") :]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row


def test_a_programme_page_lists_its_inspections_with_area_status_and_final_report(
    client_as, admin, omi2, inspection, django_assert_num_queries
):
    services.place_inspection(programme=omi2, inspection=inspection)
    client = client_as(admin)
    # session, user, the second factor's device, the admin check (2), the programme, its
    # inspections with their final date, the inspections that may be placed
    with django_assert_num_queries(8):
        page = client.get(reverse("cases:programme_detail", args=["omi2"])).content.decode()
    assert "Northshire Probation Trust" in page and "Fieldwork" in page and "Not final" in page


def test_placing_an_inspection_offers_only_those_in_no_programme(client_as, admin, omi2, inspection, other_inspection):
    other = factories.ProgrammeFactory(slug="qi", name="Quality & Impact")
    services.place_inspection(programme=other, inspection=other_inspection)
    client = client_as(admin)
    page = client.get(reverse("cases:programme_detail", args=["omi2"])).content.decode()
    options = page[page.index("Choose an inspection") :]
    assert "Northshire" in options and "Southshire" not in options
    response = client.post(reverse("cases:programme_place", args=["omi2"]), {"inspection": inspection.pk})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).programme == omi2


def test_an_inspection_in_another_programme_is_refused_with_the_way_out(client_as, admin, omi2, other_inspection):
    other = factories.ProgrammeFactory(slug="qi", name="Quality & Impact")
    services.place_inspection(programme=other, inspection=other_inspection)
    response = client_as(admin).post(
        reverse("cases:programme_place", args=["omi2"]), {"inspection": other_inspection.pk}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Southshire is already in programme Quality &amp; Impact: take it out of Quality &amp; Impact first" in page
    assert Inspection.objects.get(pk=other_inspection.pk).programme == other


def test_taking_an_inspection_out_asks_first_then_takes_it_out(client_as, admin, omi2, inspection):
    services.place_inspection(programme=omi2, inspection=inspection)
    client = client_as(admin)
    url = reverse("cases:programme_remove", args=["omi2", inspection.slug])
    assert "Are you sure you want to take Northshire out of OMI2?" in client.get(url).content.decode()
    assert Inspection.objects.get(pk=inspection.pk).programme == omi2
    response = client.post(url)
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).programme is None


def test_changing_the_name_and_dates_shows_in_the_history_with_who_did_it(client_as, admin, omi2, inspection):
    client = client_as(admin)
    response = client.post(
        reverse("cases:programme_change", args=["omi2"]),
        {"name": "OMI2 2009–2012", "start_0": "1", "start_1": "4", "start_2": "2009"},
    )
    assert response.status_code == 302
    services.place_inspection(programme=Programme.objects.get(), inspection=inspection, actor=admin)
    page = client.get(reverse("cases:programme_history", args=["omi2"])).content.decode()
    assert "Name changed from “OMI2” to “OMI2 2009–2012”; end date changed from 31 March 2012 to not set" in page
    assert "Northshire placed in the programme" in page
    rows = page[page.index("<tbody") : page.index("</tbody>")]
    assert rows.count(">ada<") == 2 and "The system" in rows  # the factory created it, with no actor


def test_the_history_page_reads_the_records_with_their_people_in_one_query(
    client_as, admin, omi2, inspection, other_inspection, django_assert_num_queries
):
    services.place_inspection(programme=omi2, inspection=inspection, actor=admin)
    services.place_inspection(programme=omi2, inspection=other_inspection, actor=admin)
    client = client_as(admin)
    # session, user, the second factor's device, the admin check (2), the programme, its history
    with django_assert_num_queries(7):
        page = client.get(reverse("cases:programme_history", args=["omi2"])).content.decode()
    assert "Southshire placed in the programme" in page


def test_the_inspection_page_shows_its_area_and_programme(client_as, lead, inspection, omi2):
    services.place_inspection(programme=omi2, inspection=inspection)
    page = client_as(lead).get(reverse("cases:inspection_detail", args=[inspection.slug])).content.decode()
    assert "Northshire Probation Trust" in page and "OMI2" in page


def test_an_admin_creates_an_inspection_in_a_programme(client_as, admin, small_set, omi2):
    response = client_as(admin).post(
        reverse("cases:inspection_create"),
        {
            "name": "Cheshire",
            "slug": "cheshire-2011",
            "area": "Cheshire",
            "criteria_set": small_set.pk,
            "programme": omi2.pk,
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get(slug="cheshire-2011").programme == omi2


@pytest.mark.parametrize(
    "name",
    ["programme_list", "programme_create"],
)
def test_people_who_do_not_manage_inspections_are_refused(client_as, lead, name):
    assert client_as(lead).get(reverse(f"cases:{name}")).status_code == 403


def test_a_lead_cannot_place_an_inspection_in_a_programme(client_as, lead, omi2, inspection):
    response = client_as(lead).post(reverse("cases:programme_place", args=["omi2"]), {"inspection": inspection.pk})
    assert response.status_code == 403
    assert Inspection.objects.get(pk=inspection.pk).programme is None


def test_the_navigation_offers_programmes_to_admins_only(rf, admin, lead):
    def labels(user):
        request = rf.get("/")
        request.user = user
        return [item["label"] for item in navigation(request)["nav_items"]]

    assert "Programmes" in labels(admin)
    assert "Programmes" not in labels(lead)
