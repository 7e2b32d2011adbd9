"""The research start page: choose programmes, find a question by its analysis code or words of its
text, open its figures or tick several for one Word document."""

import lxml.html
import pytest
from django.urls import reverse

from .data import QUESTION
from .pages import by_class

pytestmark = pytest.mark.django_db


def choose(client, research, q: str):
    return client.get(f"{reverse('research:index')}?{research.both}&q={q}")


def test_the_programmes_are_offered_as_checkboxes_with_their_years(client_as, analyst, research):
    page = lxml.html.fromstring(client_as(analyst).get(reverse("research:index")).content)
    labels = [label.text_content().strip() for label in by_class(page, "govuk-checkboxes__label")]
    assert labels == ["OMI2 (2009\u20132012)", "Quality & Impact (2016\u20132017)", "Pilot (2020\u20132020)"]


@pytest.mark.parametrize("q", [QUESTION, "risk1", "accurately reflected", "PUBLIC"])
def test_a_question_is_found_by_its_analysis_code_or_words_of_its_text(client_as, analyst, research, q):
    page = lxml.html.fromstring(choose(client_as(analyst), research, q).content)
    assert QUESTION in [box.get("value") for box in page.xpath("//input[@name='question']")]
    links = [a.get("href") for a in page.xpath("//div[contains(@class, 'app-question-hit__link')]/a")]
    assert f"{reverse('research:figures')}?programmes=omi2&programmes=qi&question={QUESTION}" in links


def test_words_that_match_nothing_say_so(client_as, analyst, research):
    page = choose(client_as(analyst), research, "zebra crossing").content.decode()
    assert "0 questions found" in page
    assert "No question of these programmes has that analysis code or those words" in page


def test_no_programme_chosen_is_an_error_named_in_the_summary(client_as, analyst, research):
    page = client_as(analyst).get(f"{reverse('research:index')}?q={QUESTION}").content.decode()
    assert "govuk-error-summary" in page
    assert "Select one or more programmes" in page


def test_with_no_programme_yet_the_start_page_says_who_creates_them(client_as, analyst):
    page = client_as(analyst).get(reverse("research:index")).content.decode()
    assert "There are no programmes yet. An admin creates programmes and places inspections in them." in page
    assert 'name="programmes"' not in page


def test_finding_a_question_issues_a_fixed_number_of_queries(client_as, analyst, research, django_assert_num_queries):
    client = client_as(analyst)
    choose(client, research, "risk")
    # The session, the user and their second-factor device (3); their permissions, given to them and
    # through groups (2); the programmes chosen (1) and every programme for the checkboxes (1); the
    # questions found (1).
    with django_assert_num_queries(8):
        choose(client, research, "risk")
