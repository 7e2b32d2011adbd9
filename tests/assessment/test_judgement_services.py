"""The judgement services: draft saves, the stale-edit check, history, submit, return, interview."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import Assessment, Inspection, Judgement
from cases.selectors.history import judgement_history
from cases.services import assessments
from cases.services import judgements as services
from inspection.errors import ServiceError, StaleEditError
from tests import factories


def save(assessment, questions, answers, actor, versions=None, criterion="A.1", keep_theirs=()):
    """Save answers (code -> option value or a dict of Answer's fields), made against ``versions``
    (code -> version; the current ones by default)."""
    general_criterion = next(q.general_criterion for q in questions.values() if q.general_criterion.code == criterion)
    if versions is None:
        current = {j.question.code: j.version for j in Judgement.objects.filter(assessment=assessment)}
        versions = {code: current.get(code, 0) for code in answers}
    return services.save_criterion_page(
        assessment=assessment,
        general_criterion=general_criterion,
        answers={
            code: services.Answer(**({"option": v} if isinstance(v, str) else v), version=versions.get(code, 0))
            for code, v in answers.items()
        },
        keep_theirs=keep_theirs,
        actor=actor,
    )


def judgement(assessment, code) -> Judgement:
    return Judgement.objects.select_related("option").get(assessment=assessment, question__code=code)


def test_a_partly_answered_page_is_saved_as_a_draft(assessment, questions, inspector):
    result = save(assessment, questions, {"A.1.01": "late", "A.1.02": ""}, inspector)

    assert result.created == 1
    saved = judgement(assessment, "A.1.01")
    assert (saved.option.value, saved.version, saved.updated_by) == ("late", 1, inspector)
    assert not Judgement.objects.filter(question__code="A.1.02").exists()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_saving_says_the_new_status_and_leaves_the_callers_assessment_as_it_was(assessment, questions, inspector):
    before = assessment.status
    result = save(assessment, questions, {"A.1.01": "late"}, inspector)

    assert result.status == Assessment.Status.IN_PROGRESS
    assert assessment.status == before == Assessment.Status.NOT_STARTED


def test_each_change_bumps_the_version_and_is_recorded_with_who_and_the_source(assessment, questions, inspector):
    save(assessment, questions, {"A.1.01": "late"}, inspector)
    save(assessment, questions, {"A.1.01": {"option": "on_time", "rationale": "Done in 3 days"}}, inspector)

    saved = judgement(assessment, "A.1.01")
    assert saved.version == 2
    records = list(saved.history.order_by("history_date"))
    assert [(r.history_user, r.history_change_reason, r.option.value) for r in records] == [
        (inspector, "form", "late"),
        (inspector, "form", "on_time"),
    ]


def test_saving_the_same_answers_again_changes_nothing(assessment, questions, inspector):
    save(assessment, questions, {"A.1.01": "late"}, inspector)
    result = save(assessment, questions, {"A.1.01": "late"}, inspector)

    assert result.changed == 0
    assert judgement(assessment, "A.1.01").version == 1
    assert judgement(assessment, "A.1.01").history.count() == 1


def test_the_leads_changes_are_recorded_as_moderation(assessment, questions, inspector, lead):
    save(assessment, questions, {"A.1.01": "late"}, inspector)
    save(assessment, questions, {"A.1.01": "no"}, lead)

    latest = judgement(assessment, "A.1.01").history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (lead, "moderation")


def test_a_question_that_does_not_apply_to_the_case_is_refused(assessment, questions, inspector):
    with pytest.raises(ServiceError, match="high or very high RoSH cases only"):
        save(assessment, questions, {"A.1.03": "yes"}, inspector)
    assert not Judgement.objects.exists()


def test_a_question_of_another_criterion_is_refused(assessment, questions, inspector):
    with pytest.raises(ServiceError, match=r"not a question of criterion A\.1"):
        save(assessment, questions, {"A.2.01": "yes"}, inspector)


def test_an_answer_outside_the_questions_scale_is_refused(assessment, questions, inspector):
    with pytest.raises(ServiceError, match="'maybe' is not one of on_time, late, no, na"):
        save(assessment, questions, {"A.1.01": "maybe"}, inspector)


def test_a_stale_save_is_refused_with_the_other_persons_answer_and_nothing_is_written(
    assessment, questions, inspector, lead
):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    opened_at = {"A.1.01": 1, "A.1.02": 1}
    save(assessment, questions, {"A.1.01": {"option": "no", "rationale": "No record of it"}}, lead)

    with pytest.raises(StaleEditError) as refused:
        save(assessment, questions, {"A.1.01": "on_time", "A.1.02": "no"}, inspector, versions=opened_at)

    [conflict] = refused.value.conflicts
    assert conflict.question.code == "A.1.01"
    assert conflict.theirs == services.Answer(option="no", rationale="No record of it")
    assert conflict.mine == services.Answer(option="on_time")
    assert (conflict.version, conflict.updated_by) == (2, lead)
    # All or nothing: A.1.02 (not in conflict) was not saved either.
    assert judgement(assessment, "A.1.01").option.value == "no"
    assert judgement(assessment, "A.1.02").option.value == "yes"


def test_keeping_their_answer_settles_the_conflict_and_saves_the_rest_of_mine(assessment, questions, inspector, lead):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    opened_at = {"A.1.01": 1, "A.1.02": 1}
    save(assessment, questions, {"A.1.01": {"option": "no", "rationale": "No record of it"}}, lead)

    result = save(
        assessment,
        questions,
        {"A.1.01": "on_time", "A.1.02": "no"},
        inspector,
        versions=opened_at,
        keep_theirs={"A.1.01"},
    )

    assert (result.created, result.updated) == (0, 1)
    kept = judgement(assessment, "A.1.01")
    assert (kept.option.value, kept.rationale, kept.version, kept.updated_by) == ("no", "No record of it", 2, lead)
    assert judgement(assessment, "A.1.02").option.value == "no"


def test_a_conflict_left_carries_every_answer_of_the_page_with_the_kept_ones_as_theirs(
    assessment, questions, inspector, lead
):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    opened_at = {"A.1.01": 1, "A.1.02": 1}
    save(assessment, questions, {"A.1.01": "no", "A.1.02": "na"}, lead)

    with pytest.raises(StaleEditError) as refused:
        save(
            assessment,
            questions,
            {"A.1.01": "on_time", "A.1.02": "no"},
            inspector,
            versions=opened_at,
            keep_theirs={"A.1.01"},
        )

    assert [c.question.code for c in refused.value.conflicts] == ["A.1.02"]
    carried = refused.value.answers
    assert (carried["A.1.01"], carried["A.1.01"].version) == (services.Answer(option="no"), 2)  # theirs, as kept
    assert (carried["A.1.02"], carried["A.1.02"].version) == (services.Answer(option="no"), 1)  # mine, as opened
    assert refused.value.conflicts[0].resubmitted.version == 2  # "use mine" then saves against theirs
    assert judgement(assessment, "A.1.02").option.value == "na"


def test_a_judgement_someone_else_created_after_the_page_was_opened_is_a_conflict(
    assessment, questions, inspector, lead
):
    save(assessment, questions, {"A.1.01": "late"}, lead)

    with pytest.raises(StaleEditError):
        save(assessment, questions, {"A.1.01": "on_time"}, inspector, versions={"A.1.01": 0})


def test_a_stale_save_of_the_very_same_answer_is_not_a_conflict(assessment, questions, inspector, lead):
    save(assessment, questions, {"A.1.01": "late"}, lead)

    result = save(assessment, questions, {"A.1.01": "late"}, inspector, versions={"A.1.01": 0})

    assert result.changed == 0


def test_another_team_member_cannot_change_the_assessment(assessment, questions, assessor):
    with pytest.raises(PermissionDenied):
        save(assessment, questions, {"A.1.01": "late"}, assessor)


def test_a_submitted_assessment_changes_only_through_moderation(assessment, questions, inspector, lead):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    assessments.submit_assessment(assessment=assessment, actor=inspector)

    with pytest.raises(ServiceError, match="submitted"):
        save(assessment, questions, {"A.1.01": "no"}, inspector)
    with pytest.raises(ServiceError, match="moderate it"):
        save(assessment, questions, {"A.1.01": "no"}, lead)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert judgement(assessment, "A.1.01").option.value == "late"


@pytest.mark.parametrize("status", [Inspection.Status.REPORTING, Inspection.Status.CLOSED])
def test_nobody_changes_judgements_once_reporting_has_started(assessment, questions, inspector, lead, status):
    Inspection.objects.filter(pk=assessment.case.inspection_id).update(status=status)

    for actor in (inspector, lead):
        with pytest.raises(ServiceError, match="cannot be changed"):
            save(assessment, questions, {"A.1.01": "late"}, actor)


def test_submit_lists_every_applicable_question_still_unanswered_in_order(assessment, questions, inspector):
    save(assessment, questions, {"A.1.01": {"option": "", "rationale": "Still checking"}}, inspector)

    with pytest.raises(assessments.AssessmentIncomplete) as refused:
        assessments.submit_assessment(assessment=assessment, actor=inspector)

    assert [q.code for q in refused.value.missing] == ["A.1.01", "A.1.02"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_submit_when_every_applicable_question_is_answered(assessment, questions, inspector):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "na"}, inspector)

    assessments.submit_assessment(assessment=assessment, actor=inspector)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None


def test_the_lead_returns_a_submitted_assessment_with_a_comment(assessment, questions, inspector, lead):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    assessments.submit_assessment(assessment=assessment, actor=inspector)

    with pytest.raises(ServiceError, match="Enter why"):
        assessments.return_assessment(assessment=assessment, comment="  ", actor=lead)
    assessments.return_assessment(assessment=assessment, comment="Check A.1.01 against the OASys dates", actor=lead)

    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_comment) == (
        Assessment.Status.RETURNED,
        "Check A.1.01 against the OASys dates",
    )
    # Working on it again moves it to in progress; the comment stays until it is submitted again.
    save(assessment, questions, {"A.1.01": "on_time"}, inspector)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.return_comment
    assessments.submit_assessment(assessment=assessment, actor=inspector)
    assessment.refresh_from_db()
    assert assessment.return_comment == ""


def test_only_the_lead_returns_an_assessment(assessment, questions, inspector):
    save(assessment, questions, {"A.1.01": "late", "A.1.02": "yes"}, inspector)
    assessments.submit_assessment(assessment=assessment, actor=inspector)

    with pytest.raises(PermissionDenied):
        assessments.return_assessment(assessment=assessment, comment="Please redo", actor=inspector)


def test_an_assessment_not_submitted_cannot_be_returned(assessment, lead):
    with pytest.raises(ServiceError, match="Only a submitted assessment"):
        assessments.return_assessment(assessment=assessment, comment="Please redo", actor=lead)


def test_the_interview_needs_a_date_in_the_past_when_it_took_place(assessment, inspector):
    with pytest.raises(ServiceError) as refused:
        assessments.save_interview(assessment=assessment, done=True, interview_date=None, notes="", actor=inspector)
    assert refused.value.message_dict == {"interview_date": ["Enter the date of the interview"]}
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError, match="today or in the past"):
        assessments.save_interview(assessment=assessment, done=True, interview_date=tomorrow, notes="", actor=inspector)

    yesterday = timezone.localdate() - timedelta(days=1)
    assessments.save_interview(
        assessment=assessment, done=True, interview_date=yesterday, notes=" OM candid ", actor=inspector
    )

    assessment.refresh_from_db()
    assert (assessment.interview_done, assessment.interview_date, assessment.interview_notes) == (
        True,
        yesterday,
        "OM candid",
    )
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_the_history_shows_each_change_as_old_to_new_with_who_and_source(
    assessment, questions, inspector, lead, django_assert_num_queries
):
    save(assessment, questions, {"A.1.01": "late"}, inspector)
    save(assessment, questions, {"A.1.01": {"option": "no", "rationale": "Not found"}}, lead)
    save(assessment, questions, {"A.1.02": "yes"}, inspector)

    with django_assert_num_queries(1):  # the historical records with user, question and option
        rows = judgement_history(case=assessment.case)

    summary = [(row.who, row.question.code, row.source, [(c.label, c.old, c.new) for c in row.changes]) for row in rows]
    assert summary == [
        ("ian", "A.1.02", "form", [("Answer", "", "Yes")]),
        ("lena", "A.1.01", "moderation", [("Answer", "Yes, but late", "No"), ("Rationale", "", "Not found")]),
        ("ian", "A.1.01", "form", [("Answer", "", "Yes, but late")]),
    ]


def test_the_history_query_count_does_not_grow_with_the_number_of_judgements(
    inspection, small_set, inspector, lead, questions, django_assert_num_queries
):
    case = factories.CaseFactory(inspection=inspection, case_ref="BIG1", sentence_type="custody", rosh="high")
    assessment = factories.AssessmentFactory(case=case, assessor=inspector)
    for option in ("yes", "no", "na", "yes"):
        save(assessment, questions, {"A.1.02": option, "A.1.03": option}, inspector)
        save(assessment, questions, {"A.2.01": option}, lead, criterion="A.2")

    with django_assert_num_queries(1):
        rows = judgement_history(case=case)
    assert len(rows) == 12
