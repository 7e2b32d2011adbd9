"""export_programme_table and the programme-table/1 CSV, byte for byte."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case
from tests.analysis.conftest import QUESTION

HEADER = "question,group_by,group,programme,numerator,denominator,score\r\n"


def run(*args) -> tuple[str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("export_programme_table", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_table_is_written_in_the_binding_format(pooled):
    out, _ = run(QUESTION, "--programmes", "omi2,qi", "--by", "gender")

    assert out == HEADER + (
        "RISK1,all,all,all,5,8,62.5\r\n"
        "RISK1,all,all,omi2,3,5,60.0\r\n"
        "RISK1,all,all,qi,2,3,66.7\r\n"
        "RISK1,gender,male,all,3,5,60.0\r\n"
        "RISK1,gender,male,omi2,2,3,66.7\r\n"
        "RISK1,gender,male,qi,1,2,50.0\r\n"
        "RISK1,gender,female,all,1,2,50.0\r\n"
        "RISK1,gender,female,omi2,0,1,0.0\r\n"
        "RISK1,gender,female,qi,1,1,100.0\r\n"
        "RISK1,gender,other,all,0,0,\r\n"
        "RISK1,gender,other,omi2,0,0,\r\n"
        "RISK1,gender,other,qi,0,0,\r\n"
        "RISK1,gender,unknown,all,1,1,100.0\r\n"
        "RISK1,gender,unknown,omi2,1,1,100.0\r\n"
        "RISK1,gender,unknown,qi,0,0,\r\n"
    )


def test_without_by_only_the_all_cases_rows_are_written(pooled):
    out, _ = run(QUESTION, "--programmes", "qi")

    assert out == HEADER + "RISK1,all,all,all,2,3,66.7\r\nRISK1,all,all,qi,2,3,66.7\r\n"


def test_groupings_come_in_the_order_asked(pooled):
    out, _ = run(QUESTION, "--programmes", "qi", "--by", "supervision,bame")

    groupings = [line.split(",")[1] for line in out.splitlines()[1:]]
    assert groupings == ["all"] * 2 + ["supervision"] * 6 + ["bame"] * 6


def test_free_text_groups_are_neutralised_against_formulas(pooled):
    Case.objects.filter(case_ref="C1").update(offence_type="=HYPERLINK(1)")

    out, _ = run(QUESTION, "--programmes", "qi", "--by", "offence_type")

    assert "RISK1,offence_type,'=HYPERLINK(1),all,1,1,100.0\r\n" in out


def test_the_table_is_written_to_a_file(pooled, tmp_path):
    path = tmp_path / "table.csv"

    out, _ = run(QUESTION, "--programmes", "qi", "--out", str(path))

    assert out == ""
    assert path.read_bytes() == (HEADER + "RISK1,all,all,all,2,3,66.7\r\nRISK1,all,all,qi,2,3,66.7\r\n").encode()


def test_every_error_is_listed_on_stderr_and_nothing_written(pooled, tmp_path):
    import io

    err = io.StringIO()
    path = tmp_path / "table.csv"
    with pytest.raises(CommandError, match="no table was written \\(3 errors\\)"):
        call_command(
            "export_programme_table",
            QUESTION,
            "--programmes",
            "omi2,omi3",
            "--by",
            "gender,unit,shoe_size",
            "--out",
            str(path),
            stderr=err,
        )

    assert err.getvalue().splitlines() == [
        "--programmes: no programme with slug 'omi3'",
        "--by: 'unit' is not a case characteristic or a derived grouping",
        "--by: 'shoe_size' is not a case characteristic or a derived grouping",
    ]
    assert not path.exists()


def test_a_question_not_in_the_programmes_is_an_error(pooled):
    import io

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("export_programme_table", "NOPE", "--programmes", "qi", stderr=err)

    assert err.getvalue() == "no question with analysis code 'NOPE' in the criteria sets of these programmes\n"


def test_the_command_exits_non_zero_from_the_shell(pooled):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "export_programme_table", QUESTION, "--programmes", "nowhere"])

    assert exit_.value.code != 0
