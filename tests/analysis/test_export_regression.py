"""export_regression and the programme-regression/1 CSV, byte for byte."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from reports.analysis import logistic_regression, regression_csv
from tests.analysis.builders import add_cases
from tests.analysis.conftest import QUESTION, gender_cells

HEADER = "question,n,variable,level,reference,in_model,odds_ratio,ci_low,ci_high,p_value\r\n"


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_regression", *args, stdout=out)
    return out.getvalue()


def test_the_model_is_written_in_the_binding_format(world):
    question, _, inspections = world
    add_cases(inspections["omi2"], question, gender_cells(30, 10, 12, 18), prefix="G")

    out = run(QUESTION, "--programmes", "omi2", "--variables", "supervision,gender")

    # OR (12/18)/(30/10) = 0.2222; 95% interval 0.0799 to 0.6179; Wald p 0.00394 (test_regression's
    # closed form); supervision has one level among the cases: adding it cannot be estimated.
    assert out == HEADER + (
        "RISK1,70,supervision,,,no,,,,\r\nRISK1,70,gender,female,male,yes,0.222,0.080,0.618,0.0039\r\n"
    )


def test_a_variable_not_in_the_model_has_the_p_value_of_adding_it(world):
    question, _, inspections = world
    cells = {
        (("gender", "male"), ("sentence_type", "licence")): (30, 10),
        (("gender", "female"), ("sentence_type", "licence")): (12, 18),
        (("gender", "male"), ("sentence_type", "custody")): (29, 11),
        (("gender", "female"), ("sentence_type", "custody")): (13, 17),
    }
    add_cases(inspections["omi2"], question, cells, prefix="G")

    out = run(QUESTION, "--programmes", "omi2", "--variables", "gender,supervision")

    lines = out.splitlines()
    assert lines[1].startswith("RISK1,140,gender,female,male,yes,")
    assert re.fullmatch(r"RISK1,140,supervision,,,no,,,,[01]\.\d{4}", lines[2])
    assert len(lines) == 3


def test_default_variables_take_programme_first_with_two_programmes(world):
    question, _, inspections = world
    add_cases(inspections["omi2"], question, gender_cells(30, 10, 12, 18), prefix="G")
    add_cases(inspections["qi"], question, gender_cells(10, 30, 18, 12), prefix="H")

    variables = [line.split(",")[2] for line in run(QUESTION, "--programmes", "omi2,qi").splitlines()[1:]]
    alone = [line.split(",")[2] for line in run(QUESTION, "--programmes", "omi2").splitlines()[1:]]

    assert list(dict.fromkeys(variables)) == [
        "programme",
        "gender",
        "age_group",
        "bame",
        "supervision",
        "rosh_band",
        "mappa",
    ]
    assert alone == ["gender", "age_group", "bame", "supervision", "rosh_band", "mappa"]


def test_the_download_and_the_command_write_the_same_bytes(world, tmp_path):
    question, programmes, inspections = world
    add_cases(inspections["omi2"], question, gender_cells(30, 10, 12, 18), prefix="G")
    path = tmp_path / "model.csv"

    assert run(QUESTION, "--programmes", "omi2", "--out", str(path)) == ""
    fit = logistic_regression(question=QUESTION, programmes=[programmes["omi2"]])
    assert path.read_bytes() == regression_csv(fit).encode()


def test_every_error_is_listed_on_stderr(world):
    err = io.StringIO()
    with pytest.raises(CommandError, match="no model was written \\(3 errors\\)"):
        call_command(
            "export_regression", "NOPE", "--programmes", "omi2,nowhere", "--variables", "gender,age", stderr=err
        )

    assert err.getvalue().splitlines() == [
        "--programmes: no programme with slug 'nowhere'",
        "--variables: 'age' is not programme, a case characteristic or a derived grouping (other than age)",
        "no question with analysis code 'NOPE' in the criteria sets of these programmes",
    ]
