"""Moderating an assessment: agree, change an answer with a reason (both answers kept, scores use
the moderated one), finish, return; a "you are moderating" banner on every page of it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.models import Assessment, Inspection, Judgement, ModeratedCriterion, Moderation
from cases.services.moderation import Change, finish_moderation, moderate_criterion
from inspection.errors import ServiceError
from reports.scoring.service import compute_scores

from .conftest import submitted_assessment

SLUG = "northshire-2026"


def overview_url(case_ref="NS001"):
    return reverse("cases:moderation_assessment", args=[SLUG, case_ref])


def criterion_url(code="A.1", case_ref="NS001"):
    return reverse("cases:moderation_criterion", args=[SLUG, case_ref, code])


def option(question, value):
    return question.scale.options.get(value=value)


def question_score(inspection, code):
    return next(q.score for q in compute_scores(inspection=inspection).questions if q.code == code)


def test_a_changed_answer_keeps_the_original_and_the_scores_use_the_moderated_one(submitted, qa, questions):
    inspection = submitted.case.inspection
    assert (question_score(inspection, "A.1.01").numerator, question_score(inspection, "A.1.01").denominator) == (1, 1)
    criterion = questions["A.1.01"].general_criterion
    changed = moderate_criterion(
        assessment=submitted,
        general_criterion=criterion,
        changes={"A.1.01": Change(option=option(questions["A.1.01"], "late"), reason="The screening was 3 weeks late")},
        actor=qa,
    )
    assert changed == 1
    judgement = Judgement.objects.get(assessment=submitted, question=questions["A.1.01"])
    assert judgement.option.value == "late" and judgement.version == 2
    moderation = Moderation.objects.get()
    assert (moderation.original_option.value, moderation.moderated_option.value) == ("on_time", "late")
    assert (moderation.reason, moderation.moderator) == ("The screening was 3 weeks late", qa)
    score = question_score(inspection, "A.1.01")
    assert (score.numerator, score.denominator) == (0, 1)
    assert Judgement.objects.counted().filter(pk=judgement.pk).exists()  # still primary, submitted, applicable
    latest = judgement.history.first()
    assert latest.history_change_reason == "moderation: The screening was 3 weeks late"
    assert latest.history_user == qa
    assert judgement.history.last().option.value == "on_time"  # the history keeps the original too
    assert ModeratedCriterion.objects.get().general_criterion == criterion


def test_a_change_needs_a_reason_and_nothing_is_written_without_one(submitted, lead, questions):
    with pytest.raises(ServiceError) as refused:
        moderate_criterion(
            assessment=submitted,
            general_criterion=questions["A.1.01"].general_criterion,
            changes={"A.1.01": Change(option=option(questions["A.1.01"], "late"), reason="  ")},
            actor=lead,
        )
    assert refused.value.message_dict == {"A.1.01-reason": ["Enter why you are changing the answer to question A.1.01"]}
    assert not Moderation.objects.exists() and not ModeratedCriterion.objects.exists()
    assert Judgement.objects.get(assessment=submitted, question=questions["A.1.01"]).option.value == "on_time"


def test_only_a_submitted_assessment_of_someone_else_is_moderated(submitted, inspector, lead, questions):
    criterion = questions["A.1.01"].general_criterion
    with pytest.raises(PermissionDenied, match="Only the lead inspector or quality assurance can moderate"):
        moderate_criterion(assessment=submitted, general_criterion=criterion, changes={}, actor=inspector)
    own = submitted_assessment(submitted.case.inspection, lead, "NS002")
    with pytest.raises(PermissionDenied, match="You cannot moderate your own assessment"):
        moderate_criterion(assessment=own, general_criterion=criterion, changes={}, actor=lead)
    submitted.status = Assessment.Status.RETURNED
    submitted.save()
    with pytest.raises(ServiceError, match="Only a submitted assessment can be moderated"):
        finish_moderation(assessment=submitted, actor=lead)


def test_finishing_marks_the_assessment_moderated_and_a_return_clears_it(client_as, submitted, qa):
    client = client_as(qa)
    response = client.post(reverse("cases:moderation_finish", args=[SLUG, "NS001"]), follow=True)
    assert "Assessment of case NS001 moderated." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.moderated_by == qa and submitted.moderated_at is not None
    response = client.post(
        reverse("cases:assessment_return", args=[SLUG, "NS001"]), {"comment": "Look again at A.1.02"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "returned" and submitted.moderated_at is None
    assert submitted.return_comment == "Look again at A.1.02"


def test_every_page_of_moderating_says_you_are_moderating(client_as, submitted, lead):
    client = client_as(lead)
    for url in (overview_url(), criterion_url(), reverse("cases:assessment_return", args=[SLUG, "NS001"])):
        page = client.get(url).content.decode()
        assert "You are moderating the assessment of case NS001" in page, url


def test_the_criterion_page_shows_each_answer_with_its_rationale(client_as, submitted, lead):
    page = client_as(lead).get(criterion_url()).content.decode()
    assert "Why A.1.01" in page and "Why A.1.02" in page
    assert 'name="A.1.01-answer" type="radio" value="on_time" checked' in page


def test_agreeing_with_a_criterion_records_it_reviewed(client_as, submitted, lead):
    data = {"A.1.01-answer": "on_time", "A.1.02-answer": "yes"}
    response = client_as(lead).post(criterion_url(), data, follow=True)
    page = response.content.decode()
    assert "A.1 Initial assessment: agreed." in page
    assert "1 of 1 criterion reviewed; 0 answers changed." in page
    assert not Moderation.objects.exists()


def test_changing_an_answer_through_the_page_shows_both_answers(client_as, submitted, lead):
    client = client_as(lead)
    data = {"A.1.01-answer": "no", "A.1.01-reason": "No screening on file", "A.1.02-answer": "yes"}
    response = client.post(criterion_url(), data, follow=True)
    assert "A.1 Initial assessment: 1 answer changed." in response.content.decode()
    page = client.get(criterion_url()).content.decode()
    assert "Moderated answer" in page and "Assessor's answer" in page
    assert "Changed from Yes, on time to No" in page and "No screening on file" in page


def test_a_change_without_a_reason_is_shown_against_the_field(client_as, submitted, lead):
    response = client_as(lead).post(criterion_url(), {"A.1.01-answer": "no", "A.1.02-answer": "yes"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert '<a href="#id_A.1.01-reason">Enter why you are changing the answer to question A.1.01</a>' in page
    assert not Moderation.objects.exists()


def test_the_assessor_cannot_open_moderation_and_cannot_edit_the_moderated_answer(client_as, submitted, inspector):
    client = client_as(inspector)
    assert client.get(overview_url()).status_code == 403
    before = list(submitted.judgements.values_list("question__code", "option_id", "version"))
    response = client.post(
        reverse("cases:criterion", args=[SLUG, "NS001", "A.1"]), {"A.1.01-answer": "late", "action": "return"}
    )
    assert response.status_code == 409  # "This case has been submitted": what they typed, nothing saved
    assert list(submitted.judgements.values_list("question__code", "option_id", "version")) == before


def test_an_assessment_not_submitted_has_no_moderation_page(client_as, inspection, inspector, lead):
    assessment = submitted_assessment(inspection, inspector, "NS002")
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.save()
    assert client_as(lead).get(overview_url("NS002")).status_code == 404


def test_moderation_is_refused_once_the_inspection_is_reporting(submitted, lead, questions):
    inspection = submitted.case.inspection
    inspection.status = Inspection.Status.REPORTING
    inspection.save()
    with pytest.raises(ServiceError, match="cannot be moderated while the inspection is in reporting"):
        finish_moderation(assessment=submitted, actor=lead)


def test_the_case_page_offers_moderators_the_moderation_page(client_as, submitted, qa):
    page = client_as(qa).get(reverse("cases:case_detail", args=[SLUG, "NS001"])).content.decode()
    assert f'href="{overview_url()}">Moderate this assessment</a>' in page
