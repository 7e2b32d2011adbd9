"""The results page: one question pooled over the programmes chosen, in the bulletin's layout (n and
percent yes for the pool and each programme, overall and by group), a chart per grouping with Wilson
intervals, the engine's logistic regression beside the table, and plain "no cases" states."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils.html import escape
from statsmodels.stats.proportion import proportion_confint

from cases.models import Inspection
from reports import analysis
from reports.charts.programmes import Estimate
from reports.research_layout import p_value, ratio, variable_label

from .data import QUESTION, record_rosh_effect
from .pages import by_class, table_rows

pytestmark = pytest.mark.django_db


def figures(client, research, *, programmes=None, question=QUESTION):
    programmes = programmes or [research.omi2, research.qi]
    query = "&".join(f"programmes={p.slug}" for p in programmes)
    return client.get(f"{reverse('research:figures')}?{query}&question={question}")


def test_the_table_shows_hand_counted_n_and_percent_for_the_pool_and_each_programme(client_as, analyst, research):
    rows = table_rows(figures(client_as(analyst), research).content)
    #                        OMI2 n, %      Q&I n, %      all n, %
    assert rows["All cases"] == ["6", "66.7", "3", "33.3", "9", "55.6"]
    assert rows["Male"] == ["4", "75.0", "2", "50.0", "6", "66.7"]
    assert rows["Female"] == ["2", "50.0", "1", "0.0", "3", "33.3"]


def test_the_table_has_every_grouping_of_the_bulletin(client_as, analyst, research):
    page = lxml.html.fromstring(figures(client_as(analyst), research).content)
    headings = [row.text_content().strip() for row in by_class(page, "app-row--section", "tr")]
    assert headings == ["Gender", "Age group", "Ethnic group", "Supervision type", "RoSH level", "MAPPA"]


def test_white_and_bame_cases_are_counted_apart(client_as, analyst, research):
    rows = table_rows(figures(client_as(analyst), research).content)
    assert rows["White"] == ["3", "66.7", "2", "0.0", "5", "40.0"]
    assert rows["BAME"] == ["3", "66.7", "1", "100.0", "4", "75.0"]


def test_each_grouping_has_a_chart_with_one_series_per_programme_and_wilson_intervals(client_as, analyst, research):
    page = lxml.html.fromstring(figures(client_as(analyst), research).content)
    charts = page.xpath("//figure/*[local-name()='svg'][@role='img']")
    assert [svg.get("id") for svg in charts] == [
        "chart-gender",
        "chart-age-group",
        "chart-bame",
        "chart-supervision",
        "chart-rosh-band",
        "chart-mappa",
    ]
    gender = page.get_element_by_id("chart-gender")
    low, high = proportion_confint(3, 4, method="wilson")
    description = gender.find("desc").text_content()
    assert f"Male: OMI2 3 of 4 (75%), 95% interval {100 * low:.0f}% to {100 * high:.0f}%" in description
    assert len(by_class(gender, "app-chart__dot")) == 4  # each programme's mark for male and for female
    assert len(by_class(gender, "app-chart__series-1")) == 3  # Quality & Impact's: in the key, male, female
    assert len(by_class(gender, "app-chart__interval")) == 4


def test_a_charts_words_round_a_half_up_as_the_tables_do():
    # 1 of 8 is 12.5%: half up gives 13% (float formatting, half to even, would give 12%)
    assert Estimate(1, 8, None).words() == "1 of 8 (13%)"
    assert Estimate(3, 8, (12.5, 70.5)).words() == "3 of 8 (38%), 95% interval 13% to 71%"


def test_chart_titles_keep_the_capitals_of_rosh_and_mappa(client_as, analyst, research):
    page = figures(client_as(analyst), research).content.decode()
    assert "percent yes by RoSH level" in page
    assert "percent yes by MAPPA" in page
    assert "percent yes by age group" in page
    assert "roSH" not in page


def test_the_regression_shown_is_the_engines(client_as, analyst, research):
    response = figures(client_as(analyst), research)
    programmes = [research.omi2, research.qi]
    fit = analysis.logistic_regression(question=QUESTION, programmes=programmes)
    question = analysis.find_question(key=QUESTION, programmes=programmes)
    page = response.content.decode()
    assert f"Cases modelled: <strong>{fit.n}</strong>" in page
    left_out = table_rows(response.content, "model-left-out") if fit.not_in_model else {}
    for variable in fit.variables:
        if not variable.in_model:
            assert left_out[variable_label(variable.name)] == [p_value(variable.p_value)]
    for sentence in analysis.regression_sentences(fit, question=question, programmes=programmes):
        assert escape(sentence) in page


def test_a_programme_with_no_cases_says_so_and_shows_dashes(client_as, analyst, research):
    response = figures(client_as(analyst), research, programmes=[research.omi2, research.empty])
    assert "No case of Pilot answers this question" in response.content.decode()
    assert table_rows(response.content)["All cases"] == ["6", "66.7", "0", "\u2013", "6", "66.7"]


def test_a_question_nobody_answered_says_so_without_charts_or_model(client_as, analyst, research):
    response = figures(client_as(analyst), research, question="A.1.03")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No case of these programmes answers this question yet" in page
    assert "<svg" not in page


def test_an_unknown_question_is_refused_with_a_message(client_as, analyst, research):
    response = figures(client_as(analyst), research, question="NOPE9")
    assert response.status_code == 404
    assert "No question of these programmes has the analysis code NOPE9" in response.content.decode()


def test_no_programme_chosen_shows_the_error_summary(client_as, analyst, research):
    response = client_as(analyst).get(f"{reverse('research:figures')}?question={QUESTION}")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Select one or more programmes" in response.content.decode()


def test_the_results_page_issues_a_fixed_number_of_queries(client_as, analyst, research, django_assert_num_queries):
    client = client_as(analyst)
    figures(client, research)  # warm: the session and permission checks as on any page
    with django_assert_num_queries(QUERIES):
        figures(client, research)


# The session, the user and their second-factor device (3); their permissions for can_analyse, given
# to them and through groups (2; the navigation reuses them); the programmes chosen (1); the question
# (1); the table's counts, one GROUP BY (1); the regression's covariate patterns, one GROUP BY (1).
QUERIES = 9


def test_a_variable_in_the_model_shows_its_odds_ratio_interval_p_value_and_a_sentence(client_as, analyst, research):
    record_rosh_effect(Inspection.objects.get(slug="omi-north"))
    programmes = [research.omi2, research.qi]
    fit = analysis.logistic_regression(question=QUESTION, programmes=programmes)
    rosh = next(v for v in fit.variables if v.name == "rosh_band")
    assert rosh.in_model  # the data set's purpose
    response = figures(client_as(analyst), research)
    terms = table_rows(response.content, "model-terms")
    high = next(level for level in rosh.levels if level.level == "high_very_high")
    assert terms["RoSH level: High or very highagainst Low"] == [
        f"{ratio(high.odds_ratio)}{ratio(high.ci_low)} to {ratio(high.ci_high)}",
        p_value(high.p_value),
    ]
    question = analysis.find_question(key=QUESTION, programmes=programmes)
    sentences = analysis.regression_sentences(fit, question=question, programmes=programmes)
    assert sentences
    for sentence in sentences:
        assert escape(sentence) in response.content.decode()


def test_no_question_chosen_shows_the_error_summary(client_as, analyst, research):
    response = client_as(analyst).get(f"{reverse('research:figures')}?{research.both}")
    assert response.status_code == 400
    assert "Choose a question" in response.content.decode()
