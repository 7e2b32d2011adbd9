"""The lead's dashboard: progress per assessor and per unit, every case linked, bounded queries."""

from django.urls import reverse

from cases.models import Assessment
from cases.selectors.inspections import inspection_members
from cases.selectors.progress import inspection_progress
from cases.services.sample import allocate_cases
from tests import factories

URL = reverse("cases:dashboard", args=["northshire-2026"])


def set_status(case, status):
    Assessment.objects.filter(case=case).update(status=status)


def test_progress_is_counted_per_assessor_and_per_unit(inspection, lead, inspector, assessor, cases):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk, cases[1].pk], assessor=inspector)
    set_status(cases[0], "submitted")
    set_status(cases[1], "in_progress")

    progress = inspection_progress(inspection=inspection, members=inspection_members(inspection=inspection))

    rows = {row.label: row.counts for row in progress.by_assessor}
    assert rows["ian"] == {"not_allocated": 0, "not_started": 0, "in_progress": 1, "submitted": 1, "returned": 0}
    assert sum(rows["asha"].values()) == 0 and sum(rows["lena"].values()) == 0
    units = {row.label: row.counts for row in progress.by_unit}
    assert units["North cluster"] == {
        "not_allocated": 0,
        "not_started": 0,
        "in_progress": 1,
        "submitted": 1,
        "returned": 0,
    }
    assert units["South office"]["not_allocated"] == 1
    assert (progress.overall.total, progress.overall.counts["submitted"]) == (3, 1)


def test_the_dashboard_links_to_every_case(client_as, lead, inspector, inspection, cases):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)
    page = client_as(lead).get(URL).content.decode()
    for case in cases:
        assert f'href="{reverse("cases:case_detail", args=["northshire-2026", case.case_ref])}"' in page
    assert "1 of 3 cases submitted" not in page and "0 of 3 cases submitted." in page
    assert "Progress by assessor" in page and "Progress by unit" in page


def test_each_case_shows_its_progress_as_a_tag_coloured_by_status(client_as, lead, inspector, inspection, cases):
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk, cases[1].pk], assessor=inspector)
    set_status(cases[0], "submitted")
    set_status(cases[1], "returned")
    page = client_as(lead).get(URL).content.decode()
    rows = {case.case_ref: page.split(f">{case.case_ref}</a>")[-1].split("</tr>")[0] for case in cases}
    assert '<strong class="govuk-tag govuk-tag--green">Submitted</strong>' in rows[cases[0].case_ref]
    assert '<strong class="govuk-tag govuk-tag--orange">Returned</strong>' in rows[cases[1].case_ref]
    assert '<strong class="govuk-tag govuk-tag--grey">Not allocated</strong>' in rows[cases[2].case_ref]


def test_the_dashboard_does_not_show_another_inspections_cases(client_as, lead, cases, other_inspection):
    factories.CaseFactory(inspection=other_inspection, case_ref="SOUTH-1")
    assert "SOUTH-1" not in client_as(lead).get(URL).content.decode()


def test_the_dashboard_issues_the_same_number_of_queries_whatever_the_size(
    client_as, lead, inspector, assessor, inspection, django_assert_num_queries
):
    client = client_as(lead)
    units = [factories.UnitFactory(inspection=inspection, name=f"Unit {n}") for n in range(2)]
    ids = [factories.CaseFactory(inspection=inspection, unit=units[n % 2]).pk for n in range(4)]
    allocate_cases(inspection=inspection, case_ids=ids[:2], assessor=inspector)
    client.get(URL)
    # session, user, OTP device, membership+inspection, team, cases with assessment status and assessor,
    # the assessments returned because their case changed (issue 9), the cases with incomplete sample
    # data (issue 12), and the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200

    units += [factories.UnitFactory(inspection=inspection, name=f"Unit {n}") for n in range(2, 6)]
    more = [factories.CaseFactory(inspection=inspection, unit=units[n % 6]).pk for n in range(100)]
    allocate_cases(inspection=inspection, case_ids=more[:50], assessor=assessor)
    allocate_cases(inspection=inspection, case_ids=more[50:80], assessor=lead)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
