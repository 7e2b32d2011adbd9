"""Double marking: the lead allocates a second assessor (by hand or a reproducible random draw),
who assesses blind — neither marker sees the other's answers, rationale or history until both have
submitted — and the agreement page, its download and the resolution of a disagreement."""

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Assessment, DoubleMarkingDraw, Judgement
from cases.services.double_marking import allocate_second_marker, draw_cases, draw_double_marking
from inspection.errors import ServiceError
from tests import factories
from tests.scoring.helpers import judge, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocated(inspection, inspector, lead):
    """Six cases allocated to ian (primary), not started."""
    cases = [make_case(inspection, f"C{i}") for i in range(1, 7)]
    for case in cases:
        Assessment.objects.create(case=case, assessor=inspector)
    return cases


def test_the_lead_allocates_a_second_assessor(inspection, allocated, lead, assessor):
    result = allocate_second_marker(
        inspection=inspection, case_ids=[allocated[0].pk, allocated[1].pk], assessor=assessor, actor=lead
    )
    assert result.allocated == 2
    seconds = Assessment.objects.filter(is_primary=False)
    assert sorted(a.case.case_ref for a in seconds) == ["C1", "C2"]
    assert {a.assessor for a in seconds} == {assessor}
    assert seconds[0].history.first().history_user == lead


def test_the_second_assessor_cannot_be_the_primary_one(inspection, allocated, lead, inspector):
    with pytest.raises(ServiceError, match="ian is the primary assessor of case C1"):
        allocate_second_marker(inspection=inspection, case_ids=[allocated[0].pk], assessor=inspector, actor=lead)
    assert not Assessment.objects.filter(is_primary=False).exists()


def test_a_case_needs_a_primary_assessor_first(inspection, lead, assessor):
    case = make_case(inspection, "C9")
    with pytest.raises(ServiceError, match="Case C9 has no primary assessor yet"):
        allocate_second_marker(inspection=inspection, case_ids=[case.pk], assessor=assessor, actor=lead)


def test_only_the_lead_and_quality_assurance_organise_double_marking(inspection, allocated, inspector, assessor):
    with pytest.raises(PermissionDenied):
        allocate_second_marker(inspection=inspection, case_ids=[allocated[0].pk], assessor=assessor, actor=inspector)
    quality = factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")
    result = allocate_second_marker(inspection=inspection, case_ids=[allocated[0].pk], assessor=assessor, actor=quality)
    assert result.allocated == 1
    draw = draw_double_marking(inspection=inspection, per_inspector=1, assessor=assessor, seed=3, actor=quality)
    assert draw.drawn_by == quality


def test_a_draw_is_reproducible_from_its_seed_and_recorded(inspection, allocated, lead, assessor):
    first = draw_cases(inspection=inspection, per_inspector=3, assessor=assessor, seed=42)
    assert len(first) == 3
    assert first == draw_cases(inspection=inspection, per_inspector=3, assessor=assessor, seed=42)
    draw = draw_double_marking(inspection=inspection, per_inspector=3, assessor=assessor, seed=42, actor=lead)
    assert draw.case_refs == [c.case_ref for c in first]
    assert DoubleMarkingDraw.objects.get().seed == 42
    assert sorted(Assessment.objects.filter(is_primary=False).values_list("case__case_ref", flat=True)) == [
        c.case_ref for c in first
    ]


# --- Blindness over HTTP ---


@pytest.fixture
def blind(inspection, inspector, assessor, lead, questions):
    """C1: ian's primary assessment and asha's second, both in progress, with telling rationales."""
    case = make_case(inspection, "C1")
    primary = Assessment.objects.create(case=case, assessor=inspector, status="in_progress")
    second = Assessment.objects.create(case=case, assessor=assessor, is_primary=False, status="in_progress")
    mine = factories.JudgementFactory(
        assessment=primary, question=questions["A.1.01"], answer="on_time", rationale="PRIMARY-SECRET"
    )
    theirs = factories.JudgementFactory(
        assessment=second, question=questions["A.1.01"], answer="late", rationale="SECOND-SECRET"
    )
    for judgement, user in ((mine, inspector), (theirs, assessor)):
        judgement.history.update(history_user=user)
    return {"case": case, "primary": primary, "second": second, "mine": mine, "theirs": theirs}


CASE = "/inspections/northshire-2026/cases/C1/"
CRITERION = CASE + "criteria/A.1/"


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_second_marker_sees_the_case_in_my_cases_and_only_their_own_answers(client, blind, assessor):
    assert "C1" in page(client, assessor, "/inspections/my-cases/").content.decode()
    for url in (CASE, CRITERION):
        body = page(client, assessor, url).content.decode()
        assert "SECOND-SECRET" in body
        assert "PRIMARY-SECRET" not in body


def test_the_primary_marker_does_not_see_the_second_markers_answers(client, blind, inspector):
    for url in (CASE, CRITERION):
        body = page(client, inspector, url).content.decode()
        assert "PRIMARY-SECRET" in body
        assert "SECOND-SECRET" not in body


def test_a_marker_asking_for_the_other_judgement_gets_a_404(client, blind, assessor, inspector):
    url = "/inspections/northshire-2026/judgements/{}/"
    assert page(client, assessor, url.format(blind["mine"].pk)).status_code == 404
    assert page(client, inspector, url.format(blind["theirs"].pk)).status_code == 404
    assert page(client, assessor, url.format(blind["theirs"].pk)).status_code == 302


def test_the_second_marker_cannot_ask_for_the_primary_assessment(client, blind, assessor):
    body = page(client, assessor, CASE + "?marking=second").content.decode()
    assert "PRIMARY-SECRET" not in body  # ?marking is the lead's; a marker always gets their own


def test_markers_cannot_download_the_judgements(client, blind, assessor, inspector):
    for user in (assessor, inspector):
        response = page(client, user, "/inspections/northshire-2026/scores/judgements.csv")
        assert response.status_code in (403, 404)


def test_the_lead_sees_both_assessments(client, blind, lead):
    assert "PRIMARY-SECRET" in page(client, lead, CRITERION).content.decode()
    assert "SECOND-SECRET" in page(client, lead, CRITERION + "?marking=second").content.decode()


def test_the_leads_view_of_the_second_assessment_keeps_to_it_in_every_link(client, blind, lead, questions):
    from tests.assessment.conftest import page_post

    body = page(client, lead, CASE + "?marking=second").content.decode()
    for link in (CRITERION, CASE + "interview/", CASE + "check/"):
        assert f'href="{link}?marking=second"' in body
    assert f'href="{CRITERION}"' not in body  # no link back to the primary assessment's criterion page
    criterion = client.get(CRITERION + "?marking=second").content.decode()
    assert f'href="{CASE}?marking=second"' in criterion  # breadcrumbs and "Back to the task list"
    # Saving the second marker's page (the lead may, while it is in progress) stays on their assessment.
    data = page_post(questions, {"A.1.01": "no", "A.1.02": "yes"}, versions={"A.1.01": 1, "A.1.02": 0})
    response = client.post(CRITERION + "?marking=second", data)
    assert response["Location"] == CASE + "?marking=second"
    assert Judgement.objects.get(pk=blind["theirs"].pk).option.value == "no"
    assert Judgement.objects.get(pk=blind["mine"].pk).option.value == "on_time"
    check = client.get(CASE + "check/?marking=second").content.decode()
    assert f"{CRITERION}?return=check&amp;marking=second" in check


def test_the_leads_return_page_for_the_second_assessment_links_back_to_it(client, blind, lead):
    Assessment.objects.filter(pk=blind["second"].pk).update(status="submitted")

    body = page(client, lead, CASE + "return/?marking=second").content.decode()

    assert body.count(f'href="{CASE}?marking=second"') == 2  # the breadcrumb and "Cancel"
    assert f'href="{CASE}"' not in body


def test_once_both_have_submitted_each_sees_the_others_history(client, blind, assessor):
    Assessment.objects.filter(case=blind["case"]).update(status="submitted")
    body = page(client, assessor, CASE).content.decode()
    assert "PRIMARY-SECRET" in body and "SECOND-SECRET" in body


@pytest.mark.parametrize("submitted", ["primary", "second"])
def test_blindness_holds_while_only_one_marker_has_submitted(client, blind, assessor, inspector, submitted):
    """The moment blindness matters most: one marker is done, the other still working."""
    Assessment.objects.filter(pk=blind[submitted].pk).update(status="submitted")
    for user, mine, theirs in (
        (assessor, "SECOND-SECRET", "PRIMARY-SECRET"),
        (inspector, "PRIMARY-SECRET", "SECOND-SECRET"),
    ):
        for url in (CASE, CRITERION):
            body = page(client, user, url).content.decode()
            assert mine in body
            assert theirs not in body


def test_the_second_marker_saves_their_own_assessment(client, blind, assessor, questions):
    from tests.assessment.conftest import page_post

    client.force_login(assessor)
    data = page_post(questions, {"A.1.01": "no", "A.1.02": "yes"}, versions={"A.1.01": 1, "A.1.02": 0})
    response = client.post(CRITERION, data)
    assert response.status_code == 302
    assert Judgement.objects.get(pk=blind["theirs"].pk).option.value == "no"
    assert Judgement.objects.get(pk=blind["mine"].pk).option.value == "on_time"
    assert blind["second"].judgements.count() == 2


# --- The lead's pages ---


def test_the_double_marking_page_allocates_cases(client, allocated, lead, assessor):
    client.force_login(lead)
    url = "/inspections/northshire-2026/double-marking/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "choose", "cases": [allocated[0].pk], "assessor": assessor.pk})
    assert response.status_code == 302
    assert Assessment.objects.get(is_primary=False).case == allocated[0]
    response = client.post(url, {"action": "draw", "per_inspector": 2, "draw_assessor": assessor.pk, "seed": 7})
    assert response.status_code == 302
    assert DoubleMarkingDraw.objects.get().seed == 7


def test_the_double_marking_page_is_the_leads_and_quality_assurances(
    client, inspection, inspector, allocated, assessor
):
    client.force_login(inspector)
    assert client.get("/inspections/northshire-2026/double-marking/").status_code == 403
    quality = factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")
    client.force_login(quality)
    url = "/inspections/northshire-2026/double-marking/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "choose", "cases": [allocated[0].pk], "assessor": assessor.pk})
    assert response.status_code == 302
    assert Assessment.objects.get(is_primary=False).case == allocated[0]
    # Quality assurance opens the second marker's assessment from the page's link.
    second = client.get(f"/inspections/northshire-2026/cases/{allocated[0].case_ref}/?marking=second")
    assert "Second marker's assessment of a double-marked case" in second.content.decode()


def test_a_lead_who_is_the_primary_marker_is_offered_the_second_assessment_only_once_both_submitted(
    client, blind, lead, inspection
):
    Assessment.objects.filter(pk=blind["primary"].pk).update(assessor=lead)
    body = page(client, lead, CASE).content.decode()
    assert "See the second marker" not in body
    assert "You are its primary marker, so you can see the other assessment once both have been submitted." in body
    assert "SECOND-SECRET" not in page(client, lead, CRITERION + "?marking=second").content.decode()

    Assessment.objects.filter(case=blind["case"]).update(status="submitted")
    body = page(client, lead, CASE).content.decode()
    assert """href="?marking=second">See the second marker's assessment</a>""" in body
    second = page(client, lead, CASE + "?marking=second").content.decode()
    assert "Second marker's assessment of a double-marked case" in second
    assert 'href="?">See the primary assessment</a>' in second


def test_the_agreement_page_and_download(client, inspection, lead, inspector, assessor):
    for ref, second in (("C1", "yes"), ("C2", "no")):
        case = make_case(inspection, ref)
        judge(case, {"A.1.02": "yes"}, assessor=inspector)
        judge(case, {"A.1.02": second}, primary=False, assessor=assessor)
    client.force_login(lead)
    body = client.get("/inspections/northshire-2026/agreement/").content.decode()
    assert "All questions" in body and "Resolve" in body
    csv = client.get("/inspections/northshire-2026/agreement/agreement.csv")
    assert csv.content.decode().splitlines()[-1] == "all,all,2,50.0,0.000,50.0,0.000"
    response = client.post(
        "/inspections/northshire-2026/agreement/resolve/C2/A.1.02/",
        {
            "agreed": Judgement.objects.get(assessment__case__case_ref="C2", assessment__is_primary=False).option_id,
            "note": "The plan was not shared",
        },
    )
    assert response.status_code == 302
    primary = Judgement.objects.get(assessment__case__case_ref="C2", assessment__is_primary=True)
    assert primary.option.value == "no"
    client.force_login(inspector)
    assert client.get("/inspections/northshire-2026/agreement/").status_code == 403


def test_quality_assurance_reads_the_agreement(client, inspection):
    qa = factories.MemberFactory(inspection=inspection, role="quality_assurance", user__username="quinn")
    client.force_login(qa)
    assert client.get("/inspections/northshire-2026/agreement/").status_code == 200
