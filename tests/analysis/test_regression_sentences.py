"""The regression's result in plain words."""

import pytest

from cases.models import Programme
from reports.analysis import AnalysisQuestion, group_words, regression_sentences
from reports.analysis.regression import LevelEstimate, Regression, VariableResult

QUESTION = AnalysisQuestion(
    key="RISK1",
    code="1.2.03",
    text="Correctly identified",
    group="The RoSH level was:",
    sentence="",
    criteria_sets=("RoH 2007",),
)


def fit_with(*variables):
    return Regression("RISK1", ("omi2", "qi"), 500, tuple(variables), ())


def rosh(p=0.001):
    return VariableResult(
        "rosh_band",
        True,
        "low",
        (LevelEstimate("medium", 1.1, 0.7, 1.6, 0.6), LevelEstimate("high_very_high", 1.854, 1.304, 2.625, p)),
        0.001,
    )


def test_a_significant_level_reads_as_a_sentence_naming_both_groups_and_the_figures():
    assert regression_sentences(fit_with(rosh()), question=QUESTION) == [
        "In cases at high or very high RoSH, the RoSH level was correctly identified more often than in cases at "
        "low RoSH: odds ratio 1.85, 95% interval 1.30 to 2.63."
    ]


def test_levels_that_are_not_significant_and_variables_not_in_the_model_say_nothing():
    outside = VariableResult("gender", False, None, (), 0.2)

    assert regression_sentences(fit_with(rosh(p=0.05), outside), question=QUESTION) == []


def test_lower_odds_read_less_often_and_the_other_variables_are_allowed_for():
    programme = VariableResult("programme", True, "omi2", (LevelEstimate("qi", 0.5, 0.3, 0.8, 0.004),), 0.004)
    gender = VariableResult("gender", True, "male", (LevelEstimate("female", 0.9, 0.5, 1.4, 0.7),), 0.5)
    programmes = [Programme(slug="omi2", name="OMI2"), Programme(slug="qi", name="Quality & Impact")]

    sentences = regression_sentences(fit_with(programme, gender, rosh()), question=QUESTION, programmes=programmes)

    assert sentences[0] == (
        "In cases in Quality & Impact, the RoSH level was correctly identified less often than in cases in OMI2: "
        "odds ratio 0.50, 95% interval 0.30 to 0.80, allowing for gender and RoSH band."
    )
    assert sentences[1].endswith("allowing for programme and gender.")


def test_the_question_is_named_by_its_report_sentence_where_the_set_gives_one():
    question = AnalysisQuestion("RISK1", "1", "Text", "", "the RoH screening was completed on time", ())

    (sentence,) = regression_sentences(fit_with(rosh()), question=question)

    assert sentence.startswith("In cases at high or very high RoSH, the RoH screening was completed on time more")


@pytest.mark.parametrize(
    ("name", "level", "words"),
    [
        ("gender", "female", "cases of women"),
        ("age_group", "18-20", "cases of people aged 18-20"),
        ("age_group", "50+", "cases of people aged 50 and over"),
        ("bame", "bame", "cases of black, Asian and minority ethnic (BAME) offenders"),
        ("supervision", "licence", "licence cases"),
        ("mappa", "no", "cases not managed under MAPPA"),
        ("rosh_band", "medium", "cases at medium RoSH"),
        ("tier", "2", "cases in tier 2"),
        ("sentence_type", "suspended_sentence_order", "suspended sentence order cases"),
        ("ppo", "yes", "cases where the offender is a prolific or other priority offender (PPO)"),
    ],
)
def test_groups_are_named_in_words(name, level, words):
    assert group_words(name, level) == words
