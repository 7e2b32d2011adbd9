"""Forward stepwise logistic regression: against closed forms, statsmodels' own case-level fit, and
constructed data sets for entry, removal, separation, unknown values and empty programmes."""

import itertools
import math
import random

import numpy as np
import pytest
import statsmodels.api as sm

from reports.analysis import logistic_regression
from tests.analysis.builders import add_cases
from tests.analysis.conftest import QUESTION, gender_cells

Z = 1.959964


def chi2_sf_1(statistic: float) -> float:
    return math.erfc(math.sqrt(statistic / 2))


def test_one_binary_variable_matches_the_closed_form(world):
    question, programmes, inspections = world
    a, b, c, d = 30, 10, 12, 18  # male yes/no, female yes/no
    add_cases(inspections["omi2"], question, gender_cells(a, b, c, d), prefix="G")

    fit = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=["gender"])

    (gender,) = fit.in_model
    assert (fit.n, gender.reference) == (70, "male")
    (female,) = gender.levels
    odds_ratio = (c / d) / (a / b)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert female.level == "female"
    assert female.odds_ratio == pytest.approx(odds_ratio, rel=1e-9)
    assert female.ci_low == pytest.approx(math.exp(math.log(odds_ratio) - Z * se), rel=1e-9)
    assert female.ci_high == pytest.approx(math.exp(math.log(odds_ratio) + Z * se), rel=1e-9)
    assert female.p_value == pytest.approx(math.erfc(abs(math.log(odds_ratio)) / se / math.sqrt(2)), rel=1e-9)

    def ll(yes, no):
        return yes * math.log(yes / (yes + no)) + no * math.log(no / (yes + no))

    statistic = 2 * (ll(a, b) + ll(c, d) - ll(a + c, b + d))
    assert [(s.action, s.variable) for s in fit.steps] == [("enter", "gender")]
    assert fit.steps[0].p_value == pytest.approx(chi2_sf_1(statistic), rel=1e-9)


def case_level_data(rng):
    """400 cases whose outcome depends on gender, RoSH band and supervision."""
    cells = {}
    effects = {"female": 1.0, "medium": 0.8, "high_very_high": 1.6, "licence": -1.2, "custody": 0.7}
    for _ in range(400):
        gender = rng.choice(["male", "female"])
        rosh = rng.choice(["low", "medium", "high"])
        sentence = rng.choice(["community_order", "licence", "custody"])
        band = "high_very_high" if rosh == "high" else rosh
        supervision = "community" if sentence == "community_order" else sentence
        eta = -0.5 + sum(effects.get(v, 0) for v in (gender, band, supervision))
        yes = rng.random() < 1 / (1 + math.exp(-eta))
        key = (("gender", gender), ("rosh", rosh), ("sentence_type", sentence))
        y, n = cells.get(key, (0, 0))
        cells[key] = (y + yes, n + (not yes))
    return cells


def test_the_final_model_matches_statsmodels_case_level_logit(world):
    question, programmes, inspections = world
    cells = case_level_data(random.Random(16))
    add_cases(inspections["omi2"], question, cells, prefix="L")
    variables = ["gender", "rosh_band", "supervision"]

    fit = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=variables)

    assert [v.name for v in fit.in_model] == variables
    levels = {"gender": ["female"], "rosh_band": ["medium", "high_very_high"], "supervision": ["licence", "custody"]}
    rows, outcome = [], []
    for key, (yes, no) in cells.items():
        values = dict(key)
        derived = {
            "gender": values["gender"],
            "rosh_band": "high_very_high" if values["rosh"] == "high" else values["rosh"],
            "supervision": "community" if values["sentence_type"] == "community_order" else values["sentence_type"],
        }
        row = [1.0] + [float(derived[v] == level) for v in variables for level in levels[v]]
        rows += [row] * (yes + no)
        outcome += [1] * yes + [0] * no
    logit = sm.Logit(np.array(outcome), np.array(rows)).fit(disp=0, tol=1e-12)
    ours = [level for v in fit.in_model for level in v.levels]
    assert [level.level for level in ours] == [level for v in variables for level in levels[v]]
    assert fit.n == len(outcome) == 400
    for level, b, se, p in zip(ours, logit.params[1:], logit.bse[1:], logit.pvalues[1:], strict=True):
        assert math.log(level.odds_ratio) == pytest.approx(b, abs=1e-6)
        assert (math.log(level.ci_high) - math.log(level.ci_low)) / (2 * Z) == pytest.approx(se, abs=1e-6)
        assert level.p_value == pytest.approx(p, abs=1e-6)


# Outcome additive in gender and supervision; RoSH band a noisy proxy of their sum: RoSH band enters
# first, then gender and supervision, and RoSH band is then removed (worked out on expected counts).
def removal_cells():
    cells = {}
    for gender, sentence in itertools.product(["male", "female"], ["community_order", "licence"]):
        k = (gender == "female") + (sentence == "licence")
        p = 1 / (1 + math.exp(-(-1.3 + 1.3 * k)))
        for i, rosh in enumerate(["low", "medium", "high"]):
            n = round(120 * (0.9 if i == k else 0.05))
            cells[(("gender", gender), ("sentence_type", sentence), ("rosh", rosh))] = (round(n * p), n - round(n * p))
    return cells


def test_stepwise_enters_the_smallest_p_and_removes_a_variable_the_others_explain(world):
    question, programmes, inspections = world
    add_cases(inspections["omi2"], question, removal_cells(), prefix="R")

    fit = logistic_regression(
        question=QUESTION, programmes=[programmes["omi2"]], variables=["rosh_band", "gender", "supervision"]
    )

    steps = [(s.action, s.variable) for s in fit.steps]
    assert steps[0] == ("enter", "rosh_band") and steps[3] == ("remove", "rosh_band")
    assert sorted(steps[1:3]) == [("enter", "gender"), ("enter", "supervision")]  # equal effects: either first
    assert [s.p_value < 0.05 for s in fit.steps[:3]] == [True] * 3 and fit.steps[3].p_value > 0.10
    assert [v.name for v in fit.in_model] == ["gender", "supervision"]
    rosh = fit.variables[0]
    assert (rosh.in_model, rosh.reference, rosh.levels) == (False, None, ())
    assert rosh.p_value == pytest.approx(fit.steps[3].p_value)
    assert fit.n == 480


def test_a_variable_that_separates_the_outcome_does_not_enter(world):
    question, programmes, inspections = world
    cells = {
        (("gender", "male"), ("rosh", "low")): (20, 20),
        (("gender", "female"), ("rosh", "low")): (5, 25),
        (("gender", "male"), ("rosh", "high")): (15, 0),  # every high RoSH case yes
        (("gender", "female"), ("rosh", "high")): (6, 0),
    }
    add_cases(inspections["omi2"], question, cells, prefix="S")

    fit = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=["rosh_band", "gender"])

    rosh, gender = fit.variables
    assert gender.in_model and not rosh.in_model
    assert rosh.p_value is None  # the model with it cannot be estimated
    assert [s.variable for s in fit.steps] == ["gender"]


def test_every_answer_yes_leaves_nothing_to_model(world):
    question, programmes, inspections = world
    add_cases(inspections["omi2"], question, gender_cells(10, 0, 5, 0), prefix="Y")

    fit = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=["gender"])

    assert (fit.n, fit.steps, fit.in_model, fit.variables[0].p_value) == (15, (), [], None)


def test_cases_with_an_unknown_value_of_any_candidate_are_left_out(world):
    question, programmes, inspections = world
    cells = {**gender_cells(30, 10, 12, 18), (("gender", ""),): (7, 1), (("gender", "unknown"),): (2, 2)}
    add_cases(inspections["omi2"], question, cells, prefix="U")

    with_gender = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=["gender"])
    without = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]], variables=["supervision"])

    assert (with_gender.n, without.n) == (70, 82)
    assert with_gender.in_model[0].levels[0].odds_ratio == pytest.approx((12 / 18) / (30 / 10))


def test_programme_is_coded_against_the_first_programme_given_with_cases(world):
    question, programmes, inspections = world
    add_cases(inspections["omi2"], question, gender_cells(30, 10, 0, 0), prefix="P")
    add_cases(inspections["qi"], question, gender_cells(12, 18, 0, 0), prefix="Q")
    pilot, qi, omi2 = programmes["pilot"], programmes["qi"], programmes["omi2"]

    fit = logistic_regression(question=QUESTION, programmes=[pilot, qi, omi2], variables=["programme"])

    (programme,) = fit.in_model
    assert programme.reference == "qi"  # the pilot programme has no cases
    assert [(level.level, round(level.odds_ratio, 6)) for level in programme.levels] == [
        ("omi2", round((30 / 10) / (12 / 18), 6))
    ]


def test_a_programme_alone_with_no_cases_gives_an_empty_model(world):
    _, programmes, _ = world

    fit = logistic_regression(question=QUESTION, programmes=[programmes["pilot"]])

    assert fit.n == 0 and fit.steps == () and fit.in_model == []
    assert [v.name for v in fit.variables] == ["gender", "age_group", "bame", "supervision", "rosh_band", "mappa"]
    assert {v.p_value for v in fit.variables} == {None}


def test_an_unknown_variable_is_refused(world):
    _, programmes, _ = world
    with pytest.raises(ValueError, match="age, unit"):
        logistic_regression(question=QUESTION, programmes=[programmes["qi"]], variables=["gender", "age", "unit"])
