"""load_criteria and export_criteria: exit codes, stdout and the error list on stderr."""

import pytest
from django.core.management import ManagementUtility
from django.db import connections

from criteria.exporter import to_yaml
from criteria.models import CriteriaSet
from tests.conftest import SHIPPED_SET, SMALL_SET
from tests.criteria.helpers import TINY, edit, line_of, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def manage(monkeypatch, capsys):
    """Run ``manage.py ARGS`` in this process as the shell would: returns (exit code, stdout, stderr)."""
    # run_from_argv closes connections when done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            ManagementUtility(["manage.py", *args]).execute()
            code = 0
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_load_criteria_loads_a_file_and_exits_0(manage):
    code, out, err = manage("load_criteria", str(SMALL_SET))
    assert (code, err) == (0, "")
    assert out == (
        "Loaded criteria set 'small-2026' (Small Test Module, Test edition): "
        "2 sections, 3 general criteria, 4 questions\n"
    )
    assert CriteriaSet.objects.get().slug == "small-2026"


def test_load_criteria_twice_reports_the_set_unchanged(manage):
    manage("load_criteria", str(SHIPPED_SET))
    before = snapshot()
    code, out, _ = manage("load_criteria", str(SHIPPED_SET))
    assert code == 0
    assert out.startswith("Unchanged: criteria set 'roh-2007' (Risk of Harm Inspection Module, September 2007)")
    assert snapshot() == before


def test_load_criteria_with_a_bad_file_exits_1_lists_every_error_on_stderr_and_writes_nothing(manage, tmp_path):
    text = edit(TINY, "scale: timeliness", "scale: timely")
    text = edit(text, "[custody, licence]", "[custody, parole]")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")

    code, out, err = manage("load_criteria", str(bad))

    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"bad.yaml, line {line_of(text, 'scale: timely')}, sections[0].criteria[0].questions[0].scale: "
        "unknown scale 'timely' (defined: yes_no, timeliness)",
        f"bad.yaml, line {line_of(text, 'parole')}, sections[0].criteria[1].questions[3].applies_when.sentence_type: "
        "'parole' is not one of community_order, suspended_sentence_order, licence, custody",
        "CommandError: bad.yaml: rejected with 2 errors; nothing was written",
    ]
    assert CriteriaSet.objects.count() == 0


def test_load_criteria_refuses_a_self_referencing_alias_naming_the_line(manage, tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    code, out, err = manage("load_criteria", str(path))
    assert (code, out) == (1, "")
    assert "loop.yaml, line 1: invalid YAML: aliases (*a) are not allowed in a criteria set" in err
    assert not CriteriaSet.objects.exists()


def test_load_criteria_with_a_missing_file_exits_1(manage, tmp_path):
    code, out, err = manage("load_criteria", str(tmp_path / "nowhere.yaml"))
    assert (code, out) == (1, "")
    assert err.startswith(f"CommandError: {tmp_path / 'nowhere.yaml'}: cannot read:")


def test_load_criteria_with_a_file_that_is_not_utf8_exits_1(manage, tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(TINY.replace("Tiny Module", "Modül").encode("latin-1"))
    code, _, err = manage("load_criteria", str(latin))
    assert code == 1
    assert "cannot read" in err and "utf-8" in err


def test_load_criteria_refuses_to_change_a_set_in_use(manage, inspection, tmp_path):
    changed = tmp_path / "small-criteria.yaml"
    changed.write_text(SMALL_SET.read_text(encoding="utf-8").replace("Small Test Module", "Renamed"), encoding="utf-8")

    code, _, err = manage("load_criteria", str(changed))

    assert code == 1
    assert "criteria set 'small-2026' is used by an inspection, so it cannot be changed" in err
    assert CriteriaSet.objects.get().name == "Small Test Module"


def test_export_criteria_prints_the_yaml_and_exits_0(manage, small_set):
    code, out, err = manage("export_criteria", "small-2026")
    assert (code, err) == (0, "")
    assert out == to_yaml(small_set)
    assert out.startswith("format: inspection-criteria/1\nslug: small-2026\n")


def test_export_criteria_of_an_unknown_slug_exits_1(manage):
    code, out, err = manage("export_criteria", "no-such-set")
    assert (code, out) == (1, "")
    assert err == "CommandError: no criteria set with slug 'no-such-set'\n"


def test_an_exported_file_loads_again_as_a_no_op(manage, small_set, tmp_path):
    _, out, _ = manage("export_criteria", "small-2026")
    exported = tmp_path / "exported.yaml"
    exported.write_text(out, encoding="utf-8")
    before = snapshot()

    code, out, _ = manage("load_criteria", str(exported))

    assert code == 0
    assert out.startswith("Unchanged: criteria set 'small-2026'")
    assert snapshot() == before
