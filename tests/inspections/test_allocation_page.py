"""The allocation page: each person is chosen with their current workload beside their name, the case
checkboxes can be selected all at once (static/js/select-all.js, tested in the browser), and the
page's queries do not grow with the sample."""

import re

from django.urls import reverse

from cases.services.sample import allocate_cases
from tests import factories

URL = reverse("cases:allocation", args=["northshire-2026"])


def workloads(page: str) -> dict[str, str]:
    """Each radio's label and the workload hint under it."""
    return {
        label.strip(): hint.strip()
        for label, hint in re.findall(
            r'govuk-radios__label"[^>]*>(.*?)</label>\s*<div [^>]*data-workload>(.*?)</div>', page, re.S
        )
    }


def test_each_person_is_listed_with_their_current_workload(client_as, lead, inspector, assessor, inspection):
    inspector.first_name, inspector.last_name = "Ian", "Inspector"
    inspector.save()
    unit = factories.UnitFactory(inspection=inspection)
    for status in ("not_started", "in_progress", "returned", "submitted", "submitted"):
        factories.AssessmentFactory(
            case=factories.CaseFactory(inspection=inspection, unit=unit), assessor=inspector, status=status
        )
    factories.AssessmentFactory(
        case=factories.CaseFactory(inspection=inspection, unit=unit), assessor=assessor, status="in_progress"
    )
    page = client_as(lead).get(URL).content.decode()
    assert workloads(page) == {
        "lena (lead inspector)": "No cases allocated",
        "Ian Inspector (inspector)": "5 cases allocated: 2 in progress, 2 submitted",
        "asha (local assessor)": "1 case allocated: 1 in progress, 0 submitted",
    }


def test_quality_assurance_is_not_offered_cases(client_as, lead, inspection, cases):
    factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")
    page = client_as(lead).get(URL).content.decode()
    assert "quinn" not in "".join(workloads(page))


def test_a_workload_counts_double_marking_and_only_this_inspection(
    client_as, lead, inspector, inspection, other_inspection, cases
):
    factories.AssessmentFactory(case=cases[0], assessor=lead)
    factories.AssessmentFactory(case=cases[0], assessor=inspector, is_primary=False)  # second marker
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=other_inspection), assessor=inspector)
    page = client_as(lead).get(URL).content.decode()
    assert workloads(page)["ian (inspector)"] == "1 case allocated: 0 in progress, 0 submitted"


def test_the_case_table_is_ready_for_select_all(client_as, lead, cases):
    page = client_as(lead).get(URL).content.decode()
    assert "data-select-all-table" in page and "data-select-all-cell" in page
    assert '<script type="module" src="/static/js/select-all.js"></script>' in page


def test_allocating_says_what_changed_with_plurals_and_the_persons_name(
    client_as, lead, inspector, assessor, cases, inspection
):
    assessor.first_name, assessor.last_name = "Asha", "Assessor"
    assessor.save()
    allocate_cases(inspection=inspection, case_ids=[cases[0].pk], assessor=inspector)
    allocate_cases(inspection=inspection, case_ids=[cases[1].pk], assessor=assessor)
    client = client_as(lead)
    response = client.post(URL, {"cases": [c.pk for c in cases], "assessor": assessor.pk}, follow=True)
    assert (
        "1 case allocated and 1 case reassigned to Asha Assessor. 1 case was already with them."
        in response.content.decode()
    )
    response = client.post(URL, {"cases": [cases[0].pk, cases[1].pk], "assessor": assessor.pk}, follow=True)
    assert "2 cases were already with Asha Assessor." in response.content.decode()


def test_each_row_shows_the_cases_labels_assessor_and_progress(client_as, lead, inspector, inspection):
    unit = factories.UnitFactory(inspection=inspection, name="North")
    case = factories.CaseFactory(
        inspection=inspection, unit=unit, case_ref="A001", sentence_type="licence", rosh="very_high"
    )
    factories.CaseFactory(inspection=inspection, unit=unit, case_ref="A002")
    factories.AssessmentFactory(case=case, assessor=inspector, status="in_progress")
    page = client_as(lead).get(URL).content.decode()
    rows = {ref: page.split(f">{ref}</label>")[1].split("</tr>")[0] for ref in ("A001", "A002")}
    assert re.findall(r'<td class="govuk-table__cell">(.*?)</td>', rows["A001"]) == [
        "North",
        "Licence",
        "Very high",
        "ian",
        '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>',
    ]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', rows["A002"])
    assert cells[-2:] == ["Not allocated", "–"]


def test_the_page_uses_a_fixed_number_of_queries_whatever_the_sample(
    client_as, lead, inspector, assessor, inspection, django_assert_num_queries
):
    client = client_as(lead)
    unit = factories.UnitFactory(inspection=inspection)
    ids = [factories.CaseFactory(inspection=inspection, unit=unit).pk for _ in range(4)]
    allocate_cases(inspection=inspection, case_ids=ids[:2], assessor=inspector)
    client.get(URL)
    # session, user, OTP device, membership+inspection, the team, units with counts, cases with their
    # assessment's status and assessor, the workloads (one GROUP BY), and the navigation's permission
    # check (user or group permission, one query)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200

    more = [
        factories.CaseFactory(inspection=inspection, unit=factories.UnitFactory(inspection=inspection)).pk
        for _ in range(40)
    ]
    allocate_cases(inspection=inspection, case_ids=more[:20], assessor=assessor)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
