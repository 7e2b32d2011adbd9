"""Who may open and change what on the assessment pages: each role on each view, and another
team's inspection, case or judgement by reference or id (always a 404, never a hint it exists).

Roles (tests/conftest.py): ``inspector`` is the case's assessor, ``lead`` the lead inspector,
``assessor`` a local assessor on the same team (not this case's assessor), ``outsider`` the lead
of another inspection, ``admin`` manages inspections but is on no team.
"""

import pytest

from cases.models import Inspection, Judgement
from cases.services import assessments
from cases.services import judgements as services
from tests import factories
from tests.assessment.conftest import case_url, criterion_url, page_post

ROLES = ["lead", "inspector", "assessor", "outsider", "admin"]


@pytest.fixture
def everyone(lead, inspector, assessor, outsider, admin):
    return {"lead": lead, "inspector": inspector, "assessor": assessor, "outsider": outsider, "admin": admin}


@pytest.fixture
def answered(assessment, questions, inspector):
    """The inspector's case with both applicable questions answered."""
    services.save_criterion_page(
        assessment=assessment,
        general_criterion=questions["A.1.01"].general_criterion,
        answers={"A.1.01": services.Answer(option="late"), "A.1.02": services.Answer(option="yes")},
        actor=inspector,
    )
    return assessment


def status_for(client, user, method, url, data=None):
    client.force_login(user)
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


VIEW_EXPECTATIONS = {
    # view: {role: status}; 403 for a team member whose role may not, 404 for everyone else.
    "case page": {"lead": 200, "inspector": 200, "assessor": 200, "outsider": 404, "admin": 403},
    "criterion page": {"lead": 200, "inspector": 200, "assessor": 200, "outsider": 404, "admin": 403},
    "criterion save": {"lead": 302, "inspector": 302, "assessor": 403, "outsider": 404, "admin": 403},
    "interview page": {"lead": 200, "inspector": 200, "assessor": 200, "outsider": 404, "admin": 403},
    "interview save": {"lead": 302, "inspector": 302, "assessor": 403, "outsider": 404, "admin": 403},
    "check answers": {"lead": 200, "inspector": 200, "assessor": 200, "outsider": 404, "admin": 403},
    "submit": {"lead": 302, "inspector": 302, "assessor": 403, "outsider": 404, "admin": 403},
    "confirmation": {"lead": 302, "inspector": 302, "assessor": 302, "outsider": 404, "admin": 403},
    "judgement by id": {"lead": 302, "inspector": 302, "assessor": 302, "outsider": 404, "admin": 403},
}


def request_for(view, case, questions, judgement):
    match view:
        case "case page":
            return "get", case_url(case), None
        case "criterion page":
            return "get", criterion_url(case), None
        case "criterion save":
            return "post", criterion_url(case), page_post(questions, {"A.1.01": "on_time", "A.1.02": "yes"})
        case "interview page":
            return "get", f"{case_url(case)}interview/", None
        case "interview save":
            return "post", f"{case_url(case)}interview/", {"done": "no"}
        case "check answers":
            return "get", f"{case_url(case)}check/", None
        case "submit":
            return "post", f"{case_url(case)}submit/", None
        case "confirmation":  # not submitted: back to the case page
            return "get", f"{case_url(case)}submitted/", None
        case "judgement by id":
            return "get", f"/inspections/{case.inspection.slug}/judgements/{judgement.pk}/", None
    raise AssertionError(view)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEW_EXPECTATIONS))
def test_each_role_on_each_assessment_view(client, everyone, answered, questions, role, view):
    method, url, data = request_for(view, answered.case, questions, Judgement.objects.first())

    assert status_for(client, everyone[role], method, url, data) == VIEW_EXPECTATIONS[view][role]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_returns_a_submitted_assessment(client, everyone, answered, inspector, role):
    assessments.submit_assessment(assessment=answered, actor=inspector)
    expected = {"lead": 200, "inspector": 403, "assessor": 403, "outsider": 404, "admin": 403}[role]

    assert status_for(client, everyone[role], "get", f"{case_url(answered.case)}return/") == expected
    post = status_for(client, everyone[role], "post", f"{case_url(answered.case)}return/", {"comment": "Redo A.1"})
    assert post == (302 if role == "lead" else expected)


def test_a_team_member_who_is_not_the_assessor_sees_the_case_read_only(client, assessor, answered):
    client.force_login(assessor)

    page = client.get(criterion_url(answered.case)).content.decode()

    assert "You can view these answers but not change them." in page
    assert '<form method="post" id="main-form"' not in page
    assert "Check your answers" not in client.get(case_url(answered.case)).content.decode()
    check = client.get(f"{case_url(answered.case)}check/").content.decode()
    assert "Submit assessment" not in check and ">Change<" not in check


@pytest.mark.parametrize("status", [Inspection.Status.REPORTING, Inspection.Status.CLOSED])
def test_pages_are_read_only_once_the_inspection_is_reporting(client, inspector, lead, answered, questions, status):
    Inspection.objects.filter(pk=answered.case.inspection_id).update(status=status)

    for user in (inspector, lead):
        client.force_login(user)
        page = client.get(criterion_url(answered.case)).content.decode()
        assert "Judgements cannot be changed while the inspection is " in page
        response = client.post(criterion_url(answered.case), page_post(questions, {"A.1.01": "no"}))
        assert response.status_code == 403
    assert Judgement.objects.get(question__code="A.1.01").option.value == "late"


def test_my_cases_is_open_to_everyone_signed_in_and_shows_only_their_cases(client, everyone, answered):
    for role, user in everyone.items():
        client.force_login(user)
        response = client.get("/inspections/my-cases/")
        assert response.status_code == 200
        assert (answered.case.case_ref in response.content.decode()) == (role == "inspector")


def test_signed_out_visitors_are_sent_to_sign_in(client, answered):
    response = client.get(case_url(answered.case))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_nobody_opens_another_teams_inspection_case_or_judgement(
    client, inspector, answered, other_inspection, outsider, small_set
):
    theirs = factories.CaseFactory(inspection=other_inspection, case_ref="SS001")
    their_assessment = factories.AssessmentFactory(case=theirs, assessor=outsider)
    services.save_criterion_page(
        assessment=their_assessment,
        general_criterion=small_set.general_criteria.get(code="A.1"),
        answers={"A.1.01": services.Answer(option="no")},
        actor=outsider,
    )
    their_judgement = Judgement.objects.get(assessment=their_assessment)
    client.force_login(inspector)
    mine, theirs_slug = "northshire-2026", "southshire-2026"

    for url in [
        f"/inspections/{theirs_slug}/cases/SS001/",  # their inspection, their case
        f"/inspections/{theirs_slug}/cases/SS001/criteria/A.1/",
        f"/inspections/{theirs_slug}/cases/SS001/interview/",
        f"/inspections/{theirs_slug}/judgements/{their_judgement.pk}/",
        f"/inspections/{mine}/cases/SS001/",  # their case ref under my inspection
        f"/inspections/{mine}/cases/SS001/criteria/A.1/",
        f"/inspections/{mine}/judgements/{their_judgement.pk}/",  # their judgement id under my inspection
        f"/inspections/{mine}/cases/NS001/criteria/Z.9/",  # no such criterion
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/inspections/{theirs_slug}/cases/SS001/submit/",
        f"/inspections/{mine}/cases/SS001/submit/",
        f"/inspections/{theirs_slug}/cases/SS001/criteria/A.1/",
    ]:
        assert client.post(url, {}).status_code == 404, url
    assert Judgement.objects.get(pk=their_judgement.pk).option.value == "no"
