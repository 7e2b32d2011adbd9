"""Check your answers: from the task list, every applicable question with its answer and rationale
by criterion, a change link per criterion that comes back here after saving, then submit; a fixed
number of queries whatever the number of questions."""

import re

import pytest

from criteria import kept
from tests import factories
from tests.assessment.conftest import case_url, criterion_url, page_post
from tests.assessment.test_query_counts import world  # noqa: F401 (the small and large worlds)


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def check_url(case) -> str:
    return f"{case_url(case)}check/"


@pytest.fixture
def signed_in(client, inspector):
    client.force_login(inspector)
    return client


def test_the_task_list_leads_to_check_your_answers(signed_in, case, assessment):
    html = signed_in.get(case_url(case)).content.decode()

    assert f'href="{check_url(case)}">Check your answers</a>' in html
    assert f'action="{case_url(case)}submit/"' not in html  # submitting is done from check your answers


def test_each_applicable_question_is_listed_by_criterion_with_its_answer_and_rationale(
    signed_in, case, assessment, questions
):
    signed_in.post(
        criterion_url(case),
        page_post(questions, {"A.1.01": {"option": "late", "rationale": "Done 12 days after sentence."}}),
    )

    response = signed_in.get(check_url(case))

    assert response.status_code == 200
    page = text(response)
    assert "Check your answers before submitting your assessment" in page
    assert (
        "A.1 Initial assessment Change answers to A.1 Initial assessment "
        "Question A.1.01 The assessment was completed on time. Yes, but late Done 12 days after sentence. "
        "Question A.1.02 The assessment accurately reflected risk: to the public Answer question A.1.02"
    ) in page
    assert "A.1.03" not in page and "A.2" not in page  # neither applies to this medium-RoSH community order
    html = response.content.decode()
    assert f'href="{criterion_url(case)}?return=check">Change<' in html
    missing = f'href="{criterion_url(case)}?unanswered=1&amp;return=check#id_A.1.02-answer_0">Answer question A.1.02'
    assert missing in html
    assert "You cannot submit yet: 1 question still needs an answer." in page
    assert "Submit assessment" in page and f'action="{case_url(case)}submit/"' in html


def test_a_criterion_opened_from_check_your_answers_returns_there_after_saving(signed_in, case, assessment, questions):
    url = f"{criterion_url(case)}?return=check"
    page = text(signed_in.get(url))
    assert "Save and return to check your answers" in page and "Save and continue" not in page

    response = signed_in.post(url, page_post(questions, {"A.1.01": "on_time", "A.1.02": "yes"}, action="return"))

    assert response.status_code == 302 and response.url == check_url(case)
    assert "You cannot submit yet" not in text(signed_in.get(check_url(case)))


def test_without_return_a_save_goes_back_to_the_task_list(signed_in, case, assessment, questions):
    response = signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "on_time"}))

    assert response.url == case_url(case)


def test_someone_who_may_not_change_the_answers_sees_them_without_change_links_or_submit(
    client, case, assessment, questions, inspector, assessor
):
    client.force_login(inspector)
    client.post(criterion_url(case), page_post(questions, {"A.1.01": "on_time"}))
    client.force_login(assessor)

    response = client.get(check_url(case))

    page = text(response)
    assert "Answers to case NS001" in page and "You can view these answers but not change them." in page
    assert "Yes, on time" in page and "Not answered" in page
    assert ">Change<" not in response.content.decode() and "Submit assessment" not in page


def test_an_unallocated_case_has_no_answers_to_check(signed_in, inspection, inspector):
    case = factories.CaseFactory(inspection=inspection, case_ref="NS009")

    assert signed_in.get(check_url(case)).status_code == 404


@pytest.mark.parametrize("world", ["small", "large"], indirect=True)
def test_the_check_answers_query_count_is_fixed(client, inspector, world, django_assert_num_queries):  # noqa: F811
    case, _, _, size = world
    client.force_login(inspector)
    # session, user, OTP device, membership+inspection+criteria set, case+unit, assessment+assessor,
    # the set's questions+criteria+sections (the first time in a process: ``criteria.kept``), the
    # assessment's judgements+options, and the navigation's permission check (one query)
    kept.forget()
    with django_assert_num_queries(9):
        response = client.get(check_url(case))
    assert response.status_code == 200
    rows = response.content.decode().count('<div class="govuk-summary-list__row">')
    assert (rows > 60) == (size == "large")  # the large case: every question of the RoH set that applies
    with django_assert_num_queries(8):  # the set's questions kept
        client.get(check_url(case))
