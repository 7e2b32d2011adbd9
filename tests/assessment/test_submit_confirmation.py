"""Submitting: a confirmation panel when it succeeds; when questions are unanswered, an error summary
grouped by criterion (one line each, however many questions) whose links open the criterion page
with each unanswered question marked."""

import re

import pytest

from cases.models import Assessment
from criteria.services import load_criteria_set
from tests import factories
from tests.assessment.conftest import case_url, criterion_url, page_post
from tests.conftest import SHIPPED_SET


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def error_summary(response) -> list[tuple[str, str]]:
    """(href, text) of each link in the error summary."""
    html = response.content.decode()
    if "govuk-error-summary" not in html:
        return []
    summary = html[html.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="([^"]*)">(.*?)</a>', summary)


@pytest.fixture
def signed_in(client, inspector):
    client.force_login(inspector)
    return client


def test_a_submitted_assessment_shows_the_confirmation_panel(signed_in, case, assessment, questions):
    signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "on_time", "A.1.02": "yes"}))

    response = signed_in.post(f"{case_url(case)}submit/")

    assert response.status_code == 302 and response.url == f"{case_url(case)}submitted/"
    confirmation = signed_in.get(response.url)
    html = confirmation.content.decode()
    assert '<div class="govuk-panel govuk-panel--confirmation">' in html
    assert '<h1 class="govuk-panel__title">Assessment submitted</h1>' in html
    page = text(confirmation)
    assert "Case reference NS001" in page
    assert "What happens next" in page and "may moderate your assessment" in page
    assert 'href="/inspections/my-cases/">Go to My cases</a>' in html
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_the_confirmation_of_an_assessment_not_submitted_goes_to_the_case_page(signed_in, case, assessment):
    response = signed_in.get(f"{case_url(case)}submitted/")

    assert response.status_code == 302 and response.url == case_url(case)


def test_an_incomplete_submit_groups_the_unanswered_questions_by_criterion(signed_in, case, assessment):
    response = signed_in.post(f"{case_url(case)}submit/")

    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert "You cannot submit the assessment yet" in text(response)
    assert "2 questions that apply to this case have no answer yet." in text(response)
    assert error_summary(response) == [
        (f"{criterion_url(case)}?unanswered=1&amp;return=check", "A.1 Initial assessment: 2 questions unanswered")
    ]
    assert Assessment.objects.get().status == Assessment.Status.NOT_STARTED


def test_a_large_set_gives_one_line_per_criterion_not_per_question(client, inspection, inspector):
    inspection.criteria_set = load_criteria_set(
        text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name
    ).criteria_set
    inspection.save()
    case = factories.CaseFactory(inspection=inspection, case_ref="RH001", sentence_type="community_order", rosh="high")
    factories.AssessmentFactory(case=case, assessor=inspector)
    client.force_login(inspector)

    response = client.post(f"{case_url(case)}submit/")

    lines = [message for _, message in error_summary(response)]
    assert lines[0] == "1.2 Assessment of Risk of Harm: 18 questions unanswered"
    assert len(lines) == len({message.split(":")[0] for message in lines}) < 15
    assert all(re.fullmatch(r"\S+ .+: \d+ questions? unanswered", message) for message in lines)


def test_the_criterion_page_marks_each_unanswered_question_when_opened_from_a_refused_submit(
    signed_in, case, assessment, questions
):
    signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "on_time"}))

    marked = signed_in.get(f"{criterion_url(case)}?unanswered=1&return=check")

    assert title(marked).startswith("Error: ")
    assert error_summary(marked) == [("#id_A.1.02-answer_0", "Answer question A.1.02")]
    html = marked.content.decode()
    assert html.count("govuk-form-group--error") == 1
    assert '<p id="A.1.02-answer-error" class="govuk-error-message">' in html
    assert 'aria-describedby="A.1.02-answer-error"' in html
    assert "A.1.01-answer-error" not in html  # answered: not marked
    assert "{#" not in html  # no template comment shown

    plain = signed_in.get(criterion_url(case))
    assert "govuk-form-group--error" not in plain.content.decode() and not title(plain).startswith("Error: ")


def test_the_marks_follow_what_was_just_posted(signed_in, case, assessment, questions):
    """A save with an error of its own keeps marking what is still unanswered in the posted form."""
    data = page_post(questions, {"A.1.01": {"option": "on_time", "notable_practice": "good"}})

    response = signed_in.post(f"{criterion_url(case)}?unanswered=1&return=check", data)

    assert [message for _, message in error_summary(response)] == [
        "Enter an example of the good practice for question A.1.01",
        "Answer question A.1.02",
    ]
