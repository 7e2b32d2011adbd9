"""A criteria set may require a rationale for every answer below the line
(``rationale_required_below_line``): the criterion page refuses such an answer without one, naming
the answer and the question; submitting refuses an assessment holding one (grouped by criterion);
the judgements import, whose rationale column is optional, still imports and submits."""

import re

import pytest

from cases.models import Assessment, Judgement
from cases.services import assessments
from cases.services import judgements as services
from cases.services.judgement_import import import_judgements
from criteria.models import CriteriaSet
from tests.assessment.conftest import case_url, criterion_url, page_post


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def summary_links(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    if "govuk-error-summary__list" not in html:
        return []
    summary = html[html.index("govuk-error-summary__list") :]
    return re.findall(r'<a href="([^"]*)">(.*?)</a>', summary[: summary.index("</ul>")])


@pytest.fixture
def required(inspection):
    """The inspection's criteria set requires a rationale below the line."""
    CriteriaSet.objects.filter(pk=inspection.criteria_set_id).update(rationale_required_below_line=True)


@pytest.fixture
def signed_in(client, inspector):
    client.force_login(inspector)
    return client


def saved(code: str) -> Judgement | None:
    return Judgement.objects.select_related("option").filter(question__code=code).first()


@pytest.mark.parametrize(("code", "option", "label"), [("A.1.02", "no", "No"), ("A.1.01", "late", "Yes, but late")])
def test_an_answer_below_the_line_without_a_rationale_is_refused_on_the_criterion_page(
    signed_in, case, assessment, questions, required, code, option, label
):
    response = signed_in.post(criterion_url(case), page_post(questions, {code: option}))

    assert response.status_code == 200
    message = f"Give a reason for answering \u2018{label}\u2019 to question {code}"
    assert summary_links(response) == [(f"#id_{code}-rationale", message)]
    html = response.content.decode()
    assert f'<p id="{code}-rationale-error" class="govuk-error-message">' in html
    assert 'class="govuk-textarea govuk-textarea--error"' in html
    assert f'value="{option}" checked' in html  # nothing typed is lost
    assert saved(code) is None


def test_with_a_rationale_or_above_the_line_or_excluded_no_rationale_is_asked(
    signed_in, case, assessment, questions, required
):
    response = signed_in.post(
        criterion_url(case),
        page_post(questions, {"A.1.01": "on_time", "A.1.02": {"option": "no", "rationale": "RoSH too low"}}),
    )
    assert response.status_code == 302
    assert saved("A.1.02").rationale == "RoSH too low"

    response = signed_in.post(criterion_url(case), page_post(questions, {"A.1.01": "na", "A.1.02": "yes"}))
    assert response.status_code == 302


def test_a_set_that_does_not_require_it_accepts_no_without_a_rationale(signed_in, case, assessment, questions):
    response = signed_in.post(criterion_url(case), page_post(questions, {"A.1.02": "no"}))

    assert response.status_code == 302
    assert saved("A.1.02").option.value == "no"


def answer_without_reasons(assessment, questions, inspector):
    """Answers below the line without a rationale, as the import or an older save leaves them."""
    services.save_criterion_page(
        assessment=assessment,
        general_criterion=questions["A.1.01"].general_criterion,
        answers={"A.1.01": services.Answer(option="late"), "A.1.02": services.Answer(option="no")},
        actor=inspector,
    )


def test_submit_refuses_answers_below_the_line_without_a_rationale(assessment, questions, inspector, required):
    answer_without_reasons(assessment, questions, inspector)

    with pytest.raises(assessments.AssessmentIncomplete) as refused:
        assessments.submit_assessment(assessment=assessment, actor=inspector)

    assert refused.value.missing == []
    assert [j.question.code for j in refused.value.unexplained] == ["A.1.01", "A.1.02"]
    assert refused.value.messages == [
        "Give a reason for answering \u2018Yes, but late\u2019 to question A.1.01",
        "Give a reason for answering \u2018No\u2019 to question A.1.02",
    ]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_the_task_list_keeps_a_criterion_in_progress_until_its_reasons_are_given(
    signed_in, case, assessment, questions, inspector, required
):
    answer_without_reasons(assessment, questions, inspector)
    page = text(signed_in.get(case_url(case)))
    assert "2 of 2 questions answered; 2 answers need a reason In progress" in page

    Judgement.objects.filter(assessment=assessment).update(rationale="Seen in the record")
    assert "2 of 2 questions answered Completed" in text(signed_in.get(case_url(case)))


def test_without_the_setting_the_same_answers_are_submitted(assessment, questions, inspector):
    answer_without_reasons(assessment, questions, inspector)

    assessments.submit_assessment(assessment=assessment, actor=inspector)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_the_refused_submit_groups_them_by_criterion_and_the_page_marks_them(
    signed_in, case, assessment, questions, inspector, required
):
    answer_without_reasons(assessment, questions, inspector)

    response = signed_in.post(f"{case_url(case)}submit/")

    assert response.status_code == 200
    assert summary_links(response) == [
        (f"{criterion_url(case)}?unanswered=1&amp;return=check", "A.1 Initial assessment: 2 answers need a reason")
    ]
    assert "2 answers below the line have no reason given." in text(response)
    assert "Give a reason for answering \u2018No\u2019 to question A.1.02" in text(response)  # its row

    marked = signed_in.get(f"{criterion_url(case)}?unanswered=1&return=check")
    assert [message for _, message in summary_links(marked)] == [
        "Give a reason for answering \u2018Yes, but late\u2019 to question A.1.01",
        "Give a reason for answering \u2018No\u2019 to question A.1.02",
    ]
    assert '<p id="A.1.02-rationale-error" class="govuk-error-message">' in marked.content.decode()

    fixed = page_post(
        questions,
        {"A.1.01": {"option": "late", "rationale": "12 days late"}, "A.1.02": {"option": "no", "rationale": "Low"}},
    )
    assert signed_in.post(f"{criterion_url(case)}?unanswered=1&return=check", fixed).status_code == 302
    assert signed_in.post(f"{case_url(case)}submit/").url == f"{case_url(case)}submitted/"


def test_a_criterion_with_both_gaps_says_both(signed_in, case, assessment, questions, inspector, required):
    services.save_criterion_page(
        assessment=assessment,
        general_criterion=questions["A.1.01"].general_criterion,
        answers={"A.1.01": services.Answer(option="no")},
        actor=inspector,
    )

    response = signed_in.post(f"{case_url(case)}submit/")

    assert [message for _, message in summary_links(response)] == [
        "A.1 Initial assessment: 1 question unanswered, 1 answer needs a reason"
    ]


def test_the_import_still_imports_and_submits_a_complete_file_without_rationales(inspection, case, inspector, required):
    """The judgements CSV is binding: its rationale column is optional and a complete file's
    assessments are submitted, whatever the criteria set asks of the web form."""
    rows = "case_ref,question_code,answer,assessor\nNS001,A.1.01,late,ian\nNS001,A.1.02,no,ian\n"

    result = import_judgements(inspection=inspection, data=rows.encode(), source="judgements.csv", actor=inspector)

    assert (result.created, result.submitted) == (2, 1)
    assert Assessment.objects.get(case=case).status == Assessment.Status.SUBMITTED
