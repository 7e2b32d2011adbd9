"""The moderation and agreement pages issue a fixed number of SQL queries, whatever the number of
submitted assessments: each count is pinned, on one submitted case and on twelve (three of them
moderated, double-marked and resolved), so a query per case or per judgement fails the test."""

import pytest
from django.urls import reverse

from cases.models import Inspection
from cases.services.double_marking import allocate_second_marker, resolve_disagreement
from cases.services.moderation import Change, finish_moderation, moderate_criterion
from criteria.models import AnswerOption
from tests import factories

from .conftest import submitted_assessment

pytestmark = pytest.mark.django_db

SIZES = [1, 12]


@pytest.fixture
def world(request, inspection, inspector, assessor, lead, questions):
    """``request.param`` submitted assessments of Ian's in moderation; from the second on, every
    fourth moderated (A.1.02 "Yes" changed to "No"), then double-marked by Asha (submitted, answering
    as the moderated assessment stands: her "No" disagrees with Ian's original "Yes") and resolved."""
    inspection.status = Inspection.Status.MODERATION
    inspection.save()
    units = [factories.UnitFactory(inspection=inspection, name=f"Unit {n}") for n in range(3)]
    no = AnswerOption.objects.get(scale=questions["A.1.02"].scale, value="no")
    assessments = []
    for n in range(request.param):
        assessment = submitted_assessment(inspection, inspector, case_ref=f"NS{n:03d}", unit=units[n % 3])
        assessments.append(assessment)
        if n % 4 == 1:
            criterion = questions["A.1.02"].general_criterion
            moderate_criterion(
                assessment=assessment,
                general_criterion=criterion,
                changes={"A.1.02": Change(option=no, reason="No plan")},
                actor=lead,
            )
            finish_moderation(assessment=assessment, actor=lead)
            inspection.status = Inspection.Status.FIELDWORK
            inspection.save()
            allocate_second_marker(inspection=inspection, case_ids=[assessment.case_id], assessor=assessor, actor=lead)
            second = assessment.case.assessments.get(is_primary=False)
            for judgement in assessment.judgements.all():
                factories.JudgementFactory(assessment=second, question=judgement.question, option=judgement.option)
            second.status = "submitted"
            second.save()
            resolve_disagreement(
                case=assessment.case, question=questions["A.1.02"], agreed=no, note="Agreed", actor=lead
            )
            inspection.status = Inspection.Status.MODERATION
            inspection.save()
    return assessments


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_moderation_queue(client, lead, inspection, world, django_assert_num_queries):
    client.force_login(lead)
    url = reverse("cases:moderation_queue", args=[inspection.slug])
    with django_assert_num_queries(QUEUE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_moderating_an_assessment(client, lead, inspection, world, django_assert_num_queries):
    client.force_login(lead)
    url = reverse("cases:moderation_assessment", args=[inspection.slug, world[0].case.case_ref])
    with django_assert_num_queries(ASSESSMENT):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_moderating_a_criterion(client, lead, inspection, world, questions, django_assert_num_queries):
    client.force_login(lead)
    code = questions["A.1.02"].general_criterion.code
    url = reverse("cases:moderation_criterion", args=[inspection.slug, world[-1].case.case_ref, code])
    with django_assert_num_queries(CRITERION):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_moderation_figures(client, lead, inspection, world, django_assert_num_queries):
    client.force_login(lead)
    with django_assert_num_queries(FIGURES):
        assert client.get(reverse("cases:moderation_figures", args=[inspection.slug])).status_code == 200


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_agreement_page(client, lead, inspection, world, django_assert_num_queries):
    client.force_login(lead)
    with django_assert_num_queries(AGREEMENT):
        assert client.get(reverse("reports:agreement", args=[inspection.slug])).status_code == 200


# Every page: session, user, OTP device, the inspection with the user's role; the navigation's
# permission check (the user's or their groups' permission, one query) — 5 in all. Then, per page:
QUEUE = 5 + 5  # filter choices (inspectors, units, criteria), dip samples drawn, the page of assessments
ASSESSMENT = 5 + 5  # case, its assessments, criteria moderated, judgements with questions, moderations
CRITERION = 5 + 8  # as the assessment page, plus the criterion, its questions and options, the history
FIGURES = 5 + 3  # moderated assessments per inspector, changes per question, changes from → to
AGREEMENT = 5 + 4  # questions, options, resolutions, the pairs (inspection_agreement's four)
