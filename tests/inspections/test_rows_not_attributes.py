"""The long lists (the sample, allocation, the dashboard, the moderation queue), removing a case and
the report's contents page show rows their selectors build (small dataclasses): what a row shows is
on the row, never set on the case, assessment or criterion it holds."""

from django.db.models import Model
from django.urls import reverse

from tests import factories
from tests.scoring.helpers import judge, make_case

SLUG = "northshire-2026"
CASE_LABELS = {"sentence_label", "rosh_label", "progress_status", "progress_label", "progress_tag_class"}
CASE_LINKS = {"assessor_name", "edit_url", "remove_url", "selected"}


def set_on(obj, names: set[str]) -> set[str]:
    """Which of ``names`` were set on the instance (``vars``: a property or method does not count)."""
    return names & set(getattr(obj, "__dict__", {}))  # a row read as columns has none


def judged_case(inspection, inspector, ref="N001"):
    return judge(make_case(inspection, ref), {"A.1.02": "no"}, assessor=inspector).case


def test_the_sample_page_rows_carry_the_labels_and_links(client_as, lead, inspector, inspection):
    case = judged_case(inspection, inspector)
    rows = client_as(lead).get(reverse("cases:sample", args=[SLUG])).context["rows"]
    (row,) = rows
    assert (row.assessor_name, row.progress_status, row.case.pk) == ("ian", "submitted", case.pk)
    assert row.remove_url == reverse("cases:case_remove", args=[SLUG, "N001"])
    assert set_on(row.case, CASE_LABELS | CASE_LINKS) == set()


def test_allocation_keeps_the_posted_choice_without_marking_the_case(client_as, lead, inspector, inspection):
    case = factories.CaseFactory(inspection=inspection, case_ref="N002")
    response = client_as(lead).post(reverse("cases:allocation", args=[SLUG]), {"cases": [case.pk]})  # no assessor
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert f'value="{case.pk}" checked' in response.content.decode()
    assert set_on(row.case, CASE_LABELS | CASE_LINKS) == set()


def test_the_dashboard_rows_carry_the_progress(client_as, lead, inspector, inspection):
    judged_case(inspection, inspector)
    progress = client_as(lead).get(reverse("cases:dashboard", args=[SLUG])).context["progress"]
    (row,) = progress.cases
    assert (row.progress_label, row.assessor_name) == ("Submitted", "ian")
    assert set_on(row.case, CASE_LABELS | CASE_LINKS) == set()


def test_the_moderation_queue_rows_carry_the_names_and_links(client_as, lead, inspector, inspection):
    judged_case(inspection, inspector)
    (row,) = client_as(lead).get(reverse("cases:moderation_queue", args=[SLUG])).context["rows"]
    assert row.url == reverse("cases:moderation_assessment", args=[SLUG, "N001"])
    assert (row.case_ref, row.assessor_name) == ("N001", "ian")
    assert not isinstance(row, Model)  # read as columns: nothing set on an assessment


def test_removing_a_case_lists_its_assessments_as_rows(client_as, lead, inspector, inspection):
    judged_case(inspection, inspector)
    removal = client_as(lead).get(reverse("cases:case_remove", args=[SLUG, "N001"])).context["removal"]
    (row,) = removal.assessments
    assert (row.assessor_name, row.answers, removal.answers) == ("ian", 1, 1)
    assert set_on(row.assessment, {"assessor_name"}) == set()


def test_the_report_contents_page_pairs_each_criterion_with_its_narrative(client_as, lead, inspection):
    criteria = client_as(lead).get(reverse("reports:report_overview", args=[SLUG])).context["criteria"]
    assert criteria and all(row.narrative is None for row in criteria)  # the report is not started
    assert all(set_on(row.criterion, {"narrative"}) == set() for row in criteria)
