"""The lead's sample page: the cases table with its unit filter, the composition panel against the
lead's minimums, and a query count that does not grow with the sample."""

import re

import pytest
from django.urls import reverse

from cases.selectors.composition import sample_composition
from cases.services.inspections import set_sample_minimums
from cases.services.sample import import_sample
from inspection.errors import ServiceError
from tests import factories

from .conftest import VALID_SAMPLE, sample_csv

URL = reverse("cases:sample", args=["northshire-2026"])


def group(composition, field):
    return {row.label: row.count for row in next(g for g in composition.groups if g.field == field).rows}


def test_composition_counts_the_sample_by_unit_and_each_characteristic(inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    composition = sample_composition(inspection=inspection)

    assert composition.total == 4
    assert group(composition, "unit") == {"North cluster": 2, "South office": 2}
    assert group(composition, "sentence_type") == {
        "Community order": 1,
        "Suspended sentence order": 1,
        "Licence": 1,
        "Custody": 1,
    }
    assert group(composition, "rosh") == {"Low": 1, "Medium": 1, "High": 1, "Very high": 1, "Unknown": 0}
    assert group(composition, "tier") == {"Tier 1": 1, "Tier 2": 1, "Tier 3": 1, "Tier 4": 1}
    assert group(composition, "mappa_level") == {"Level 0": 2, "Level 1": 1, "Level 2": 1, "Level 3": 0}
    assert group(composition, "ppo") == {"Yes": 1, "No": 3}
    assert group(composition, "approved_premises") == {"Yes": 1, "No": 3}
    assert group(composition, "victim_contact") == {"Yes": 2, "No": 2}
    assert group(composition, "gender") == {"Male": 3, "Female": 1, "Other": 0, "Unknown": 0}
    assert group(composition, "ethnic_group")["White"] == 2
    assert group(composition, "bame") == {
        "BAME (mixed, asian, black or other)": 2,
        "White": 2,
        "Unknown or not recorded": 0,
    }


def test_unrecorded_values_are_counted_as_not_recorded(inspection):
    import_sample(
        inspection=inspection,
        source="s.csv",
        data=sample_csv(
            "A1,North,custody,high,", "A2,North,custody,high,3", header="case_ref,unit,sentence_type,rosh,tier"
        ).encode(),
    )
    composition = sample_composition(inspection=inspection)
    assert group(composition, "tier")["Not recorded"] == 1
    assert group(composition, "bame")["Unknown or not recorded"] == 2


def test_minimums_are_checked_and_shortfalls_reported(inspection, lead):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    set_sample_minimums(
        inspection=inspection, minimums={"high_rosh": 2, "ppo": 3, "bame": 5, "victim_contact": None}, actor=lead
    )
    composition = sample_composition(inspection=inspection)

    checks = {m.key: (m.count, m.minimum, m.shortfall) for m in composition.minimums}
    assert checks == {
        "high_rosh": (2, 2, 0),
        "ppo": (1, 3, 2),
        "approved_premises": (1, None, 0),
        "victim_contact": (2, None, 0),
        "bame": (2, 5, 3),
    }
    assert [m.key for m in composition.shortfalls] == ["ppo", "bame"]


def test_minimums_must_be_whole_numbers_for_known_kinds_of_case(inspection):
    with pytest.raises(ServiceError):
        set_sample_minimums(inspection=inspection, minimums={"ppo": -1})
    with pytest.raises(ServiceError):
        set_sample_minimums(inspection=inspection, minimums={"left_handed": 3})


def test_the_page_warns_where_the_sample_falls_short(client_as, lead, inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    set_sample_minimums(inspection=inspection, minimums={"ppo": 3, "high_rosh": 2})
    page = client_as(lead).get(URL).content.decode()

    assert page.count('class="govuk-warning-text"') == 1
    assert "Prolific and other priority offenders (PPO): the sample has 1, short of the minimum of 3 by 2." in page
    assert "Short by 2" in page


def test_the_page_has_no_warning_when_the_minimums_are_met(client_as, lead, inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    set_sample_minimums(inspection=inspection, minimums={"ppo": 1})
    page = client_as(lead).get(URL).content.decode()
    assert "govuk-warning-text" not in page
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in page


def test_the_lead_sets_minimums_on_their_page(client_as, lead, inspection):
    response = client_as(lead).post(
        reverse("cases:sample_minimums", args=["northshire-2026"]), {"high_rosh": "10", "ppo": "", "bame": "4"}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.sample_minimums == {"high_rosh": 10, "bame": 4}


def test_a_bad_minimum_is_shown_in_the_error_summary(client_as, lead, inspection):
    page = (
        client_as(lead)
        .post(reverse("cases:sample_minimums", args=["northshire-2026"]), {"high_rosh": "lots"})
        .content.decode()
    )
    assert '<a href="#id_high_rosh">High or very high RoSH: enter a whole number</a>' in page


def test_the_unit_filter_lists_only_that_units_cases(client_as, lead, inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    south = inspection.units.get(name="South office")
    page = client_as(lead).get(URL, {"unit": south.pk}).content.decode()
    assert ">N003<" in page and ">N004<" in page
    assert ">N001<" not in page


def test_an_allocated_case_shows_its_assessor(client_as, lead, inspector, inspection):
    case = factories.CaseFactory(inspection=inspection, case_ref="Z001")
    factories.AssessmentFactory(case=case, assessor=inspector)
    page = client_as(lead).get(URL).content.decode()
    assert ">ian<" in page


def test_each_row_shows_the_cases_labels_and_links_to_edit_and_remove_it(client_as, lead, inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    page = client_as(lead).get(URL).content.decode()
    row = page.split('<span class="app-case-ref">N003</span>')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row)
    assert cells[:6] == ["South office", "Custody", "Very high", "4", "2", "Not allocated"]
    for name in ("cases:case_edit", "cases:case_remove"):
        assert f'href="{reverse(name, args=[inspection.slug, "N003"])}"' in row


def add_cases(inspection, count, start=0):
    rows = [
        f"Q{n:04d},Unit {n % 4},licence,high,{n % 4 + 1},{n % 4},yes,no,yes,female,30,asian"
        for n in range(start, start + count)
    ]
    import_sample(inspection=inspection, data=sample_csv(*rows).encode(), source="q.csv")


def test_the_page_issues_the_same_number_of_queries_whatever_the_sample_size(
    client_as, lead, inspector, inspection, django_assert_num_queries
):
    client = client_as(lead)
    add_cases(inspection, 3)
    factories.AssessmentFactory(case=inspection.cases.first(), assessor=inspector)
    client.get(URL)  # warm the session
    # session, user, OTP device, membership+inspection, units with counts, cases with assessment status, team,
    # composition aggregate, the cases with incomplete sample data (issue 12), the cases removed from
    # the sample (their history), and the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(11):
        assert client.get(URL).status_code == 200
    add_cases(inspection, 120, start=100)
    for case in inspection.cases.filter(assessments__isnull=True)[:40]:
        factories.AssessmentFactory(case=case, assessor=inspector)
    with django_assert_num_queries(11):
        assert client.get(URL).status_code == 200
