"""The scores pages: who may see them, what they show, and a bounded number of queries."""

from pathlib import Path

import pytest
from django.urls import reverse

from cases.models import Inspection
from reports.scoring import compute_scores
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(inspection, lead):
    """Northshire with A.1.02 at 35/47 (74%) across two units, and one case in progress."""
    for i in range(47):
        judge(
            make_case(inspection, f"C{i:02d}", unit="North" if i % 2 else "South"),
            {"A.1.02": "yes" if i < 35 else "no"},
        )
    judge(make_case(inspection, "WIP", unit="North"), {"A.1.02": "no"}, status="in_progress")
    return inspection


def url(name, inspection, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": inspection.slug, **kwargs})


def test_lead_sees_headlines_with_band_criteria_and_question_counts(client, scored, lead):
    client.force_login(lead)
    response = client.get(url("scores", scored))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Scoring and summary table" in html
    # SAFE (mean) = A.1.02 only = 35/47 -> 74%: "Requires improvement" (50 to 74).
    assert "Keeping people safe" in html and "74%" in html and "Requires improvement" in html
    assert "A.1 Initial assessment" in html
    assert "35" in html and "47" in html
    assert "60\u201385%" in html  # Wilson 95% CI of 35/47 (60.5 to 84.7)
    # Without ?preview=1 even the lead sees submitted work only, unlabelled, with the preview offered.
    assert response.context["preview"] is False
    assert "Preview: includes work in progress" not in html
    assert 'href="?preview=1">Preview the scores including work in progress</a>' in html
    assert response.context["scores"].question("A.1.02").score.denominator == 47  # in-progress case not counted


def test_a_question_without_a_score_shows_a_dash_not_zero(client, scored, lead):
    client.force_login(lead)
    html = client.get(url("scores", scored)).content.decode()
    # A.1.01 has no judgements at all; A.1.02 has 35/47.
    row = html[html.index('<span class="govuk-body-s app-block">A.1.01</span>') :]
    row = row[: row.index("</tr>")]
    assert "\u2013" in row and "%" not in row.split("</th>", 1)[1]


def test_lead_can_preview_work_in_progress_clearly_labelled(client, scored, lead):
    client.force_login(lead)
    response = client.get(url("scores", scored) + "?preview=1")

    assert response.context["preview"] is True
    assert response.context["scores"].question("A.1.02").score.denominator == 48
    assert "Preview: includes work in progress" in response.content.decode()


def test_inspector_sees_scores_read_only_without_the_preview(client, scored, inspector):
    client.force_login(inspector)
    response = client.get(url("scores", scored) + "?preview=1")

    assert response.status_code == 200
    assert response.context["preview"] is False
    assert response.context["scores"].question("A.1.02").score.denominator == 47
    html = response.content.decode()
    assert reverse("reports:judgements_upload", kwargs={"slug": scored.slug}) not in html


def test_local_assessor_sees_scores_read_only(client, scored, assessor):
    client.force_login(assessor)
    assert client.get(url("scores", scored)).status_code == 200


@pytest.mark.parametrize(
    "name", ["scores", "scores_breakdown", "scores_csv", "scores_xlsx", "judgements_csv", "judgements_upload"]
)
def test_another_teams_lead_gets_404_on_every_scores_page(client, scored, outsider, name):
    client.force_login(outsider)
    assert client.get(url(name, scored)).status_code == 404


def test_inspector_cannot_upload_judgements_or_download_raw_judgements(client, scored, inspector):
    client.force_login(inspector)
    assert client.get(url("judgements_upload", scored)).status_code == 403
    assert client.get(url("judgements_csv", scored)).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, scored):
    response = client.get(url("scores", scored))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_can_read_any_inspections_scores(client, scored, admin):
    client.force_login(admin)
    assert client.get(url("scores", scored)).status_code == 200
    assert client.get(url("judgements_csv", scored)).status_code == 200


def test_scores_page_is_live_and_reflects_a_new_submission(client, scored, lead):
    client.force_login(lead)
    assert client.get(url("scores", scored)).context["scores"].question("A.1.02").score.denominator == 47
    judge(make_case(scored, "NEW"), {"A.1.02": "yes"})
    assert client.get(url("scores", scored)).context["scores"].question("A.1.02").score.denominator == 48


def test_scores_page_queries_do_not_grow_with_the_data(client, scored, lead, django_assert_num_queries):
    client.force_login(lead)
    client.get(url("scores", scored))  # warm the session (and the process's criteria set structure)
    # session, user, OTP device, membership+inspection (a member: no admin check), judgement counts, case
    # count, assessment progress, the navigation's permissions (the structure is kept:
    # reports/scoring/structure.py).
    with django_assert_num_queries(8):
        client.get(url("scores", scored))
    for i in range(30):
        judge(make_case(scored, f"X{i}", unit=f"Unit {i % 5}", rosh="high"), {"A.1.02": "no", "A.1.03": "yes"})
    with django_assert_num_queries(8):
        client.get(url("scores", scored))


def test_breakdown_page_shows_groups_side_by_side_with_denominators(client, scored, lead):
    factories.UnitFactory(inspection=scored, name="West")
    client.force_login(lead)
    response = client.get(url("scores_breakdown", scored) + "?by=unit")

    assert response.status_code == 200
    html = response.content.decode()
    # North: odd i < 47 -> 23 cases (+1 in progress), yes for odd i < 35 -> 17; South: 24 cases, 18 yes.
    assert "17/23 (74%)" in html and "18/24 (75%)" in html and "35/47 (74%)" in html
    assert "West" in html and "0 cases" in html


def test_breakdown_page_queries_are_bounded_whatever_the_groups(client, scored, lead, django_assert_num_queries):
    client.force_login(lead)
    client.get(url("scores_breakdown", scored) + "?by=unit")
    # session, user, OTP device, membership+inspection (a member: no admin check), judgement counts, the
    # units with their case counts, the navigation's permissions (the structure is kept from the first request).
    with django_assert_num_queries(7):
        client.get(url("scores_breakdown", scored) + "?by=unit")
    for i in range(20):
        judge(make_case(scored, f"X{i}", unit=f"Unit {i}"), {"A.1.02": "no"})
    with django_assert_num_queries(7):
        client.get(url("scores_breakdown", scored) + "?by=unit")
    with django_assert_num_queries(7):  # judgement counts, case counts by age group
        client.get(url("scores_breakdown", scored) + "?by=age_group")


def test_breakdown_page_refuses_an_unknown_grouping_with_an_error(client, scored, lead):
    client.force_login(lead)
    response = client.get(url("scores_breakdown", scored) + "?by=shoe_size")
    assert response.status_code == 200
    assert response.context["breakdown"] is None
    assert "Error: " in response.content.decode()


def test_breakdown_flags_a_significant_difference_between_groups(client, inspection, lead):
    for i in range(40):  # North: 20/20 yes, South: 2/20 yes
        judge(
            make_case(inspection, f"C{i}", unit="North" if i < 20 else "South"), {"A.1.02": "yes" if i < 22 else "no"}
        )
    client.force_login(lead)
    response = client.get(url("scores_breakdown", inspection) + "?by=unit")
    assert response.context["breakdown"].is_significant("A.1.02")
    assert "Differs" in response.content.decode()


def test_reinspection_shows_the_change_in_percentage_points(client, inspection, lead, small_set):
    previous = factories.InspectionFactory(slug="northshire-2024", name="Northshire 2024", criteria_set=small_set)
    for i in range(4):  # 3/4 = 75%
        judge(make_case(previous, f"P{i}"), {"A.1.02": "yes" if i < 3 else "no"})
    for i in range(5):  # 4/5 = 80%
        judge(make_case(inspection, f"C{i}"), {"A.1.02": "yes" if i < 4 else "no"})
    inspection.previous = previous
    inspection.save()
    client.force_login(lead)

    response = client.get(url("scores", inspection))

    html = response.content.decode()
    assert "+5 points" in html and "Northshire 2024" in html
    assert response.context["comparison"].change("question", "A.1.02").points == 5


@pytest.fixture
def omi2(inspection, other_inspection):
    """Northshire and Southshire in the OMI2 programme."""
    programme = factories.ProgrammeFactory(slug="omi2", name="OMI2")
    Inspection.objects.filter(pk__in=[inspection.pk, other_inspection.pk]).update(programme=programme)
    return programme


def test_programme_compares_its_inspections_with_lowest_highest_average(
    client, inspection, other_inspection, omi2, admin
):
    for i in range(4):  # Northshire A.1.02 = 3/4 = 75%
        judge(make_case(inspection, f"N{i}"), {"A.1.02": "yes" if i < 3 else "no"})
    for i in range(2):  # Southshire A.1.02 = 1/2 = 50%
        judge(make_case(other_inspection, f"S{i}"), {"A.1.02": "yes" if i < 1 else "no"})
    factories.InspectionFactory(slug="elsewhere", criteria_set=inspection.criteria_set)  # in no programme
    client.force_login(admin)

    response = client.get(reverse("reports:programme", args=["omi2"]))

    assert response.status_code == 200
    assert [s.inspection_slug for s in response.context["comparison"].inspections] == [
        inspection.slug,
        other_inspection.slug,
    ]
    row = next(r for r in response.context["comparison"].criteria if r.code == "A.1")
    assert [s.display for s in row.scores] == ["75%", "50%"]  # ordered by area, then name
    assert (row.lowest.display, row.highest.display, row.average.display) == ("50%", "75%", "63%")


def test_programme_matches_headlines_by_code_across_criteria_sets(client, inspection, omi2, admin):
    from criteria.services import load_criteria_set

    text = (Path(__file__).resolve().parent.parent / "data" / "small-criteria.yaml").read_text(encoding="utf-8")
    other_set = load_criteria_set(text=text.replace("slug: small-2026", "slug: small-2027"), source="x").criteria_set
    later = factories.InspectionFactory(slug="westshire", name="Westshire", criteria_set=other_set, programme=omi2)
    judge(make_case(inspection, "N1"), {"A.1.02": "yes"})
    judge(make_case(later, "W1"), {"A.1.02": "no"})
    client.force_login(admin)

    response = client.get(reverse("reports:programme", args=["omi2"]))

    safe = next(r for r in response.context["comparison"].headlines if r.code == "SAFE")
    assert [s.display for s in safe.scores] == ["100%", "–", "0%"]  # Northshire, Southshire (no cases), Westshire
    assert response.context["comparison"].criteria == ()
    assert "general criteria are not compared" in response.content.decode()


def test_programme_shows_only_the_inspections_a_member_can_see(client, inspection, omi2, lead):
    client.force_login(lead)
    response = client.get(reverse("reports:programme", args=["omi2"]))
    assert [s.inspection_slug for s in response.context["comparison"].inspections] == [inspection.slug]


def test_programme_is_404_for_a_user_with_no_inspection_in_it(client, omi2, db):
    user = factories.UserFactory(username="nobody")
    client.force_login(user)
    assert client.get(reverse("reports:programme", args=["omi2"])).status_code == 404
    assert client.get(reverse("reports:programme", args=["nope"])).status_code == 404


def test_programme_queries_do_not_grow_with_inspections(client, small_set, admin, django_assert_num_queries):
    omi2 = factories.ProgrammeFactory(slug="omi2")
    for n in range(3):
        inspection = factories.InspectionFactory(slug=f"area-{n}", criteria_set=small_set, programme=omi2)
        judge(make_case(inspection, f"C{n}"), {"A.1.02": "yes"})
    client.force_login(admin)
    address = reverse("reports:programme", args=["omi2"])
    client.get(address)
    # session, user, OTP device, (permission checks: 2), programme, inspections, counts (2),
    # submitted cases per inspection (the structure is kept from the first request)
    with django_assert_num_queries(10) as captured:
        client.get(address)
    for n in range(3, 8):
        inspection = factories.InspectionFactory(slug=f"area-{n}", criteria_set=small_set, programme=omi2)
        judge(make_case(inspection, f"C{n}"), {"A.1.02": "no"})
    with django_assert_num_queries(len(captured)):
        client.get(address)
    assert len(compute_scores(inspection=inspection).questions) == 4


@pytest.mark.parametrize(
    ("by", "title"),
    [("rosh_band", "Scores by RoSH band"), ("sentence_type", "Scores by sentence type"), ("ppo", "Scores by PPO")],
)
def test_breakdown_titles_keep_acronyms(client, scored, lead, by, title):
    client.force_login(lead)
    page = client.get(url("scores_breakdown", scored) + f"?by={by}").content.decode()
    assert f"<title>{title} – " in page


def test_a_headline_label_counts_only_the_questions_that_have_a_score(client, scored, lead):
    client.force_login(lead)
    html = client.get(url("scores", scored)).content.decode()
    # SAFE tags A.1.01, A.1.02 and A.1.03; only A.1.02 has judgements, so its mean is over one score.
    assert "Mean of 1 question score (2 more questions have no score)" in html
    assert "Mean of 3 question scores" not in html


def test_a_headline_label_says_when_no_question_has_a_score_yet(client, inspection, lead):
    client.force_login(lead)
    html = client.get(url("scores", inspection)).content.decode()
    assert "None of its 3 questions has a score yet" in html


def test_programme_counts_submitted_cases_and_marks_inspections_with_too_few_to_compare(
    client, inspection, other_inspection, omi2, admin
):
    for i in range(20):  # Northshire: 20 submitted (enough), and one in progress that does not count
        judge(make_case(inspection, f"N{i}"), {"A.1.02": "yes"})
    judge(make_case(inspection, "NWIP"), {"A.1.02": "no"}, status="in_progress")
    for i in range(19):  # Southshire: 19 submitted, one short
        judge(make_case(other_inspection, f"S{i}"), {"A.1.02": "yes"})
    client.force_login(admin)

    response = client.get(reverse("reports:programme", args=["omi2"]))

    html = response.content.decode()
    assert "20 of 21 cases submitted" in html and "19 of 19 cases submitted" in html
    columns = {c.scores.inspection_slug: c for c in response.context["columns"]}
    assert not columns[inspection.slug].too_few and columns[other_inspection.slug].too_few
    assert html.count("Too few to compare</strong>") == 2  # the Southshire column of both tables
    assert "1 inspection has fewer than 20 submitted cases, too few to compare: Southshire (19)" in html


def test_wide_breakdown_tables_scroll_in_a_labelled_region_with_a_sticky_first_column(client, scored, lead):
    client.force_login(lead)
    html = client.get(url("scores_breakdown", scored) + "?by=unit").content.decode()
    assert (
        '<div class="app-table-scroll" tabindex="0" role="region" aria-label="Scores by unit (scrolls sideways)">'
        in html
    )
    assert 'class="govuk-table govuk-table--small-text-until-tablet app-breakdown app-sticky-first"' in html
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "scores.css").read_text()
    rule = css[css.index(".app-sticky-first tr > :first-child {") :]
    rule = rule[: rule.index("}")]
    assert "position: sticky" in rule and "left: 0" in rule
