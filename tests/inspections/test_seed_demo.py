"""``seed_demo``: a living demo inspection, created once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from cases.models import Assessment, Case, Inspection, Judgement, Membership
from criteria import vocabulary
from tests.conftest import stub_weasyprint


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the module (it takes seconds), inside a transaction rolled back at the end. The
    final reports' PDFs are stubbed, as in any test not marked ``pdf`` (this fixture runs before the
    function-scoped ``stub_pdf_rendering``)."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        stub_weasyprint(patch)
        out = io.StringIO()
        call_command("seed_demo", "--allow-production", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def counts():
    return [model.objects.count() for model in (get_user_model(), Inspection, Membership, Case, Assessment, Judgement)]


def test_it_prints_a_password_for_every_demo_user_that_signs_them_in(seeded):
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert users.count() == 6
    for user in users:
        password = next(line.split()[1] for line in seeded.splitlines() if line.strip().startswith(user.username + " "))
        assert user.check_password(password)
    assert get_user_model().objects.get(username="demo-admin").is_superuser


def test_running_it_twice_creates_nothing_new(seeded):
    before = counts()
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    assert counts() == before
    assert "already exists: left as it is" in out.getvalue()


def test_it_builds_a_reinspection_in_fieldwork_of_a_closed_inspection(seeded):
    current = Inspection.objects.get(slug="demoshire-2026")
    assert current.status == Inspection.Status.FIELDWORK
    assert current.previous.slug == "demoshire-2024"
    assert current.previous.status == Inspection.Status.CLOSED
    assert current.criteria_set.slug == "roh-2007"
    assert current.cases.count() == 60
    assert current.units.count() == 4
    roles = dict(current.memberships.values_list("user__username", "role"))
    assert roles == {
        "demo-lead": "lead",
        "demo-inspector": "inspector",
        "demo-inspector2": "inspector",
        "demo-assessor": "local_assessor",
        "demo-qa": "quality_assurance",
    }


def test_every_case_is_allocated_and_progress_is_mixed(seeded):
    statuses = set(Assessment.objects.filter(case__inspection__slug="demoshire-2026").values_list("status", flat=True))
    assert {"not_started", "in_progress", "submitted"} <= statuses
    assert not Case.objects.filter(assessments__isnull=True).exists()
    assert not Assessment.objects.filter(assessor__isnull=True).exists()


def test_submitted_assessments_answer_exactly_the_applicable_questions(seeded):
    questions = list(Inspection.objects.get(slug="demoshire-2026").criteria_set.questions.all())
    submitted = Assessment.objects.filter(status="submitted").select_related("case").prefetch_related("judgements")
    assert submitted.count() > 20
    for assessment in submitted:
        expected = {q.pk for q in assessment.case.applicable_questions(questions)}
        assert {j.question_id for j in assessment.judgements.all()} == expected


def test_scores_are_realistic_and_the_reinspection_improves(seeded):
    def above_the_line(slug):
        judgements = Judgement.objects.filter(assessment__case__inspection__slug=slug, assessment__status="submitted")
        above = judgements.filter(option__scoring="above").count()
        return above / (above + judgements.filter(option__scoring="below").count())

    assert 0.6 < above_the_line("demoshire-2024") < above_the_line("demoshire-2026") < 0.9
    assert Judgement.objects.exclude(notable_practice="").exists()


def test_the_sample_mix_is_realistic(seeded):
    cases = Case.objects.filter(inspection__slug="demoshire-2026")
    assert set(cases.values_list("sentence_type", flat=True)) == set(vocabulary.SENTENCE_TYPES)
    assert cases.filter(rosh__in=["high", "very_high"]).count() >= 10
    assert cases.filter(ethnic_group__in=vocabulary.BAME_GROUPS).exists()


def test_it_refuses_to_run_without_debug_unless_told(db):
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo")
    assert get_user_model().objects.count() == users


def test_the_reinspection_has_double_marked_cases_for_the_agreement_page(seeded):
    from reports.scoring.agreement import inspection_agreement

    current = Inspection.objects.get(slug="demoshire-2026")
    seconds = Assessment.objects.filter(case__inspection=current, is_primary=False)
    assert seconds.count() == 5
    assert set(seconds.values_list("status", "assessor__username")) == {("submitted", "demo-inspector2")}
    pooled = inspection_agreement(inspection=current).rows[-1]
    assert pooled.pairs > 100


def test_it_builds_two_programmes_of_several_areas_with_some_final_reports(seeded):
    from cases.models import Programme
    from reports.models import ReportVersion

    programmes = {p.slug: p for p in Programme.objects.all()}
    assert set(programmes) == {"omi2-2009", "qi-2016"}
    for programme in programmes.values():
        inspections = list(programme.inspections.all())
        assert len(inspections) == 4
        assert len({i.area for i in inspections}) == 4
        assert {i.status for i in inspections} == {Inspection.Status.REPORTING}
        assert all(30 <= i.cases.count() <= 60 for i in inspections)
        # Every case answered and submitted, by primary assessments only: the figures pooled analysis counts.
        statuses = Assessment.objects.filter(case__inspection__programme=programme).values_list("status", "is_primary")
        assert set(statuses) == {("submitted", True)}
    finals = ReportVersion.objects.filter(status="final").order_by("finalised_at")
    assert finals.count() == 5
    last_omi2 = [v for v in finals if v.report.inspection.programme.slug == "omi2-2009"][-1]
    assert (
        "final reports of two other areas of the OMI2 2009–2012 programme"
        in last_omi2.frozen_data["data"]["areas_note"]
    )


def test_answers_differ_by_characteristics_so_the_research_pages_have_differences_to_show(seeded):
    def above(**lookup):
        judgements = Judgement.objects.filter(
            assessment__case__inspection__programme__isnull=False,
            **{f"assessment__case__{k}": v for k, v in lookup.items()},
        )
        yes = judgements.filter(option__scoring="above").count()
        return yes / (yes + judgements.filter(option__scoring="below").count())

    assert above(rosh__in=["high", "very_high"]) > above(rosh__in=["low", "medium"]) + 0.05
