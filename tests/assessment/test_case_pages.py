"""The inspector's journey through the HTTP client: task list, criterion pages, the stale-edit
conflict page, the interview, submitting and returning."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Assessment, Judgement
from tests import factories
from tests.assessment.conftest import case_url, criterion_url, page_post


def text(response) -> str:
    """The page's main content as plain text, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.fixture
def signed_in(client, inspector):
    client.force_login(inspector)
    return client


def test_the_case_page_lists_a_task_per_criterion_with_questions_and_its_status(signed_in, case, assessment):
    response = signed_in.get(case_url(case))

    assert response.status_code == 200
    page = text(response)
    assert "govuk-task-list" in response.content.decode()
    assert "A.1 Initial assessment 0 of 2 questions answered Not started" in page
    assert "A.2 Custody planning No question in this criterion applies to this case Not applicable" in page
    assert "B.1" not in page  # judged from interviews: no case questions, no task
    assert "Interview with the offender manager Not started" in page
    assert "Sentence type Community order" in page and "RoSH level Medium" in page


def test_the_criterion_page_shows_the_questions_that_apply_and_why_others_do_not(signed_in, case, assessment):
    response = signed_in.get(criterion_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert "Each case is assessed promptly and well." in page  # the statement
    assert "The assessment was completed on time." in page
    assert "Yes, on time" in page and "Yes, but late" in page  # the timeliness scale
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 class="govuk-fieldset__heading">'
        "The assessment accurately reflected risk:</h2></legend>" in html
    )  # group heading
    assert (
        "A.1.03 The risk management plan was sufficient. Applies to cases with a RoSH level of high or very high;"
        " this case&#x27;s RoSH level is medium." in page
    )
    assert 'name="A.1.01-answer"' in html and 'name="A.1.01-version"' in html  # fields named by code
    assert "Save and continue" in page and "Save and return to task list" in page


def test_a_partly_answered_page_is_saved_and_the_task_shows_in_progress(signed_in, case, assessment, questions):
    response = signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "late", "A.1.02": ""}))

    assert response.status_code == 302 and response["Location"] == case_url(case)
    page = text(signed_in.get(case_url(case)))
    assert "A.1 Initial assessment 1 of 2 questions answered In progress" in page
    assert "your answers have been saved" in page


def test_save_and_continue_goes_to_the_next_criterion_that_applies_or_the_task_list(
    signed_in, inspection, inspector, questions
):
    custody = factories.CaseFactory(inspection=inspection, case_ref="NS002", sentence_type="custody")
    factories.AssessmentFactory(case=custody, assessor=inspector)

    response = signed_in.post(criterion_url(custody), page_post(questions, {"A.1.01": "late"}, action="continue"))
    assert response["Location"] == criterion_url(custody, "A.2")
    response = signed_in.post(criterion_url(custody, "A.2"), page_post(questions, {"A.2.01": "yes"}, action="continue"))
    assert response["Location"] == case_url(custody)


def test_notable_practice_without_an_example_shows_the_error_and_saves_nothing(signed_in, case, assessment, questions):
    data = page_post(questions, {"A.1.01": {"option": "on_time", "notable_practice": "good"}})

    response = signed_in.post(criterion_url(case), data)

    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert (
        '<a href="#id_A.1.01-example">Enter an example of the good practice for question A.1.01</a>'
        in response.content.decode()
    )
    assert 'value="on_time" checked' in response.content.decode()  # the answer typed is kept on the page
    assert not Judgement.objects.exists()


def test_a_stale_save_shows_both_answers_and_keeping_theirs_saves_the_rest_of_mine(
    client, case, assessment, questions, inspector, lead
):
    client.force_login(inspector)
    opened = page_post(questions, {"A.1.01": "late", "A.1.02": {"option": "yes", "rationale": "Clear analysis"}})
    client.force_login(lead)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": {"option": "no", "rationale": "Not on file"}}))

    client.force_login(inspector)
    response = client.post(criterion_url(case), opened)

    assert response.status_code == 409
    page = text(response)
    assert "This answer was changed while you were editing" in page
    assert "Their answer, saved by lena" in page and "Not on file" in page
    assert "Your answer Answer Yes, but late" in page
    assert Judgement.objects.get(question__code="A.1.01").option.value == "no"  # nothing overwritten
    assert not Judgement.objects.filter(question__code="A.1.02").exists()  # nothing saved at all yet

    # The conflict page carries every answer of mine; choosing "keep theirs" saves the others.
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()))
    hidden.pop("csrfmiddlewaretoken")
    assert hidden["A.1.01-version"] == "1"
    response = client.post(criterion_url(case), {**hidden, "choice-A.1.01": "theirs"})

    assert response.status_code == 302
    assert Judgement.objects.get(question__code="A.1.01").option.value == "no"
    saved = Judgement.objects.get(question__code="A.1.02")
    assert (saved.option.value, saved.rationale) == ("yes", "Clear analysis")


def test_resolving_a_conflict_with_my_answer_saves_mine(client, case, assessment, questions, inspector, lead):
    opened = page_post(questions, {"A.1.01": "late", "A.1.02": "yes"})
    client.force_login(lead)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))
    client.force_login(inspector)
    response = client.post(criterion_url(case), opened)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()))

    missing_choice = client.post(criterion_url(case), hidden)
    assert missing_choice.status_code == 409
    assert "Choose which answer to keep for question A.1.01" in text(missing_choice)
    assert title(missing_choice).startswith("Error: ")

    response = client.post(criterion_url(case), {**hidden, "choice-A.1.01": "mine"})

    assert response.status_code == 302
    saved = Judgement.objects.get(question__code="A.1.01")
    assert (saved.option.value, saved.version, saved.updated_by) == ("late", 2, inspector)
    assert [h.option.value for h in saved.history.order_by("history_date")] == ["no", "late"]


def test_submitting_an_incomplete_assessment_lists_what_is_missing_by_criterion_with_a_link(
    signed_in, case, assessment, questions
):
    signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "late"}))

    response = signed_in.post(f"{case_url(case)}submit/")

    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert (
        f'<a href="{criterion_url(case)}?unanswered=1&amp;return=check">A.1 Initial assessment: '
        "1 question unanswered</a>"
    ) in response.content.decode()
    assert "1 question that applies to this case has no answer yet." in text(response)
    assert Assessment.objects.get().status == Assessment.Status.IN_PROGRESS


def test_a_complete_assessment_is_submitted_and_becomes_read_only_for_the_assessor(
    signed_in, case, assessment, questions
):
    signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "late", "A.1.02": "na"}))

    response = signed_in.post(f"{case_url(case)}submit/", follow=True)

    assert "Assessment submitted" in text(response) and "Case reference NS001" in text(response)
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED
    page = text(signed_in.get(criterion_url(case)))
    assert "You can view these answers but not change them." in page
    refused = signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))
    assert refused.status_code == 409 and "This case has been submitted" in text(refused)  # nothing saved


def test_the_lead_returns_an_assessment_and_the_inspector_sees_why(
    client, case, assessment, questions, inspector, lead
):
    client.force_login(inspector)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "late", "A.1.02": "na"}))
    client.post(f"{case_url(case)}submit/")

    client.force_login(lead)
    assert "Return to inspector" in text(client.get(case_url(case)))
    empty = client.post(f"{case_url(case)}return/", {"comment": ""})
    assert title(empty).startswith("Error: ") and "Enter why you are returning the assessment" in text(empty)
    response = client.post(f"{case_url(case)}return/", {"comment": "A.1.02 is not 'not applicable' here."})
    assert response.status_code == 302

    client.force_login(inspector)
    page = text(client.get(case_url(case)))
    assert "Returned by lena, lead inspector" in page
    assert "A.1.02 is not &#x27;not applicable&#x27; here." in page  # escaped user text
    assert "Check your answers" in page


def test_an_assessment_returned_by_quality_assurance_says_who_returned_it(
    client, case, assessment, questions, inspector, inspection
):
    quality = factories.MemberFactory(
        inspection=inspection, role="quality_assurance", user__username="quinn", user__first_name="Quinn"
    )
    client.force_login(inspector)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "late", "A.1.02": "na"}))
    client.post(f"{case_url(case)}submit/")
    client.force_login(quality)
    assert client.post(f"{case_url(case)}return/", {"comment": "Say why A.1.01 was late."}).status_code == 302

    client.force_login(inspector)
    page = text(client.get(case_url(case)))
    assert "Returned by Quinn, quality assurance" in page
    assert "lead inspector" not in page.split("Why this assessment was returned")[0]


def test_the_interview_is_recorded_on_its_own_page(signed_in, case, assessment):
    url = f"{case_url(case)}interview/"
    missing_date = signed_in.post(url, {"done": "yes"})
    assert "Enter the date of the interview" in text(missing_date)

    day = timezone.localdate() - timedelta(days=2)
    response = signed_in.post(
        url,
        {
            "done": "yes",
            "interview_date_0": day.day,
            "interview_date_1": day.month,
            "interview_date_2": day.year,
            "interview_notes": "OM knew the case well",
        },
    )

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.interview_done, assessment.interview_date, assessment.interview_notes) == (
        True,
        day,
        "OM knew the case well",
    )
    assert "Interview with the offender manager Completed" in text(signed_in.get(case_url(case)))


def test_the_case_page_shows_the_judgement_history(client, case, assessment, questions, inspector, lead):
    client.force_login(inspector)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "late"}))
    client.force_login(lead)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))

    page = text(client.get(case_url(case)))

    assert re.search(
        r"lena A\.1\.01 Answer: Yes, but late → No Moderation .* ian A\.1\.01 Answer: none → "
        r"Yes, but late Form",
        page,
    )


def test_my_cases_lists_my_allocated_cases_filterable_by_unit_and_status(signed_in, inspection, inspector, lead):
    north = factories.UnitFactory(inspection=inspection, name="North cluster")
    south = factories.UnitFactory(inspection=inspection, name="South cluster")
    for ref, unit, status in [("N1", north, "not_started"), ("N2", north, "submitted"), ("S1", south, "returned")]:
        case = factories.CaseFactory(inspection=inspection, case_ref=ref, unit=unit)
        factories.AssessmentFactory(case=case, assessor=inspector, status=status)
    factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection, case_ref="LEADS"), assessor=lead)

    page = text(signed_in.get("/inspections/my-cases/"))
    assert "3 cases allocated to you" in page
    assert "N1" in page and "S1" in page and "LEADS" not in page
    assert "Returned" in page and "Submitted" in page

    by_unit = text(signed_in.get("/inspections/my-cases/", {"unit": north.pk}))
    assert "N1" in by_unit and "N2" in by_unit and "S1" not in by_unit
    by_status = text(signed_in.get("/inspections/my-cases/", {"unit": north.pk, "status": "submitted"}))
    assert "1 case matching the filters" in by_status and "N2" in by_status and "N1" not in by_status
    # A unit of another inspection or an unknown status is ignored, not an error.
    assert "3 cases" in text(signed_in.get("/inspections/my-cases/", {"unit": "999", "status": "bogus"}))


def test_a_judgement_by_id_opens_its_question_on_the_criterion_page(signed_in, case, assessment, questions):
    signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "late"}))
    judgement = Judgement.objects.get()

    response = signed_in.get(f"/inspections/{case.inspection.slug}/judgements/{judgement.pk}/")

    assert response["Location"] == f"{criterion_url(case)}#question-{questions['A.1.01'].pk}"


def hidden_fields(response) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def test_using_my_answer_after_yet_another_change_shows_the_conflict_again(
    client, case, assessment, questions, inspector, lead
):
    opened = page_post(questions, {"A.1.01": "late", "A.1.02": "yes"})
    client.force_login(lead)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))
    client.force_login(inspector)
    conflict_page = client.post(criterion_url(case), opened)
    client.force_login(lead)  # changes it again while the inspector reads the conflict page
    client.post(criterion_url(case), page_post(questions, {"A.1.01": {"option": "na", "rationale": "No OASys"}}))

    client.force_login(inspector)
    response = client.post(criterion_url(case), {**hidden_fields(conflict_page), "choice-A.1.01": "mine"})

    assert response.status_code == 409
    assert "No OASys" in text(response)  # their newest answer is shown
    assert Judgement.objects.get(question__code="A.1.01").option.value == "na"  # and kept


def test_keeping_their_answer_is_remembered_when_another_conflict_follows(
    client, case, assessment, questions, inspector, lead
):
    opened = page_post(questions, {"A.1.01": "late", "A.1.02": "yes"})
    client.force_login(lead)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "no"}))
    client.force_login(inspector)
    conflict_page = client.post(criterion_url(case), opened)
    client.force_login(lead)  # meanwhile answers the other question
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "no", "A.1.02": "na"}))

    client.force_login(inspector)
    second = client.post(criterion_url(case), {**hidden_fields(conflict_page), "choice-A.1.01": "theirs"})

    assert second.status_code == 409
    carried = hidden_fields(second)
    assert carried["A.1.01-answer"] == "no"  # their answer, as chosen, not the discarded "late"
    assert carried["conflicts"] == "A.1.02"
    response = client.post(criterion_url(case), {**carried, "choice-A.1.02": "mine"})
    assert response.status_code == 302
    assert {j.question.code: j.option.value for j in Judgement.objects.select_related("question", "option")} == {
        "A.1.01": "no",
        "A.1.02": "yes",
    }
