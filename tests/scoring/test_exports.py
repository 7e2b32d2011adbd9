"""export_scores (inspection-scores/1), the downloads, the XLSX workbook, the raw judgements export,
formula neutralisation, and the round trip import -> export against the reference."""

import csv
import io
import random

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cases.services.judgement_import import import_judgements
from criteria import vocabulary
from reports import exports
from reports.exports import neutralise
from tests.conftest import SMALL_SET

from . import reference
from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def export(inspection, *args) -> list[list[str]]:
    out = io.StringIO()
    call_command("export_scores", inspection.slug, *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


@pytest.fixture
def judged(inspection):
    # A.1.01: 1/2 (on_time, late); A.1.02: 2/3; A.1.03 (high only): 1/1; A.2.01 (licence only): 0/1.
    judge(
        make_case(inspection, "C1", unit="North", rosh="high"), {"A.1.01": "on_time", "A.1.02": "yes", "A.1.03": "yes"}
    )
    judge(
        make_case(inspection, "C2", unit="North", sentence_type="licence"),
        {"A.1.01": "late", "A.1.02": "yes", "A.2.01": "no"},
    )
    judge(make_case(inspection, "C3", unit="South"), {"A.1.01": "na", "A.1.02": "no"})
    return inspection


def test_export_scores_writes_the_whole_sample_in_the_binding_format(judged):
    rows = export(judged)

    assert rows[0] == ["level", "code", "title", "group_by", "group", "numerator", "denominator", "score"]
    assert rows[1:] == [
        ["question", "A.1.01", "The assessment was completed on time.", "all", "all", "1", "2", "50.0"],
        [
            "question",
            "A.1.02",
            "The assessment accurately reflected risk: to the public",
            "all",
            "all",
            "2",
            "3",
            "66.7",
        ],
        ["question", "A.1.03", "The risk management plan was sufficient.", "all", "all", "1", "1", "100.0"],
        ["question", "A.2.01", "A release plan was made in good time.", "all", "all", "0", "1", "0.0"],
        # A.1 = (50 + 66.67 + 100) / 3 = 72.2; A.2 = 0; B.1 no questions: no score.
        ["criterion", "A.1", "Initial assessment", "all", "all", "", "", "72.2"],
        ["criterion", "A.2", "Custody planning", "all", "all", "", "", "0.0"],
        ["criterion", "B.1", "Leadership and planning", "all", "all", "", "", ""],
        ["section", "A", "Assessment", "all", "all", "", "", "36.1"],
        ["section", "B", "Leadership", "all", "all", "", "", ""],
        # SAFE mean of A.1.01..A.1.03 = 72.2; COMP pooled (1 + 0) / (2 + 1) = 33.3.
        ["headline", "SAFE", "Keeping people safe", "all", "all", "", "", "72.2"],
        ["headline", "COMP", "Compliance", "all", "all", "1", "3", "33.3"],
    ]


def test_export_scores_by_unit_adds_each_units_rows_after_the_whole_sample(judged):
    make_case(judged, "C4", unit="West")
    rows = export(judged, "--by", "unit")[1:]

    assert [(r[3], r[4]) for r in rows[::11]] == [
        ("all", "all"),
        ("unit", "North"),
        ("unit", "South"),
        ("unit", "West"),
    ]
    north = {r[1]: r for r in rows if r[4] == "North"}
    assert north["A.1.02"][5:] == ["2", "2", "100.0"]
    west = [r for r in rows if r[4] == "West"]
    assert all(r[7] == "" for r in west)  # no cases: no score anywhere
    assert [r[0] for r in west] == ["question"] * 4 + ["criterion"] * 3 + ["section"] * 2 + ["headline"] * 2


def test_export_scores_by_a_derived_grouping_uses_the_binding_group_names(judged):
    rows = export(judged, "--by", "rosh_band")[1:]
    assert [r[4] for r in rows if r[0] == "question" and r[1] == "A.1.02"] == [
        "all",
        "low",
        "medium",
        "high_very_high",
        "unknown",
    ]


def test_export_scores_to_a_file(judged, tmp_path):
    path = tmp_path / "scores.csv"
    call_command("export_scores", judged.slug, "--out", str(path))
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("level,code,title,group_by,group,numerator,denominator,score\r\n")
    assert len(text.splitlines()) == 12


def test_export_scores_refuses_an_unknown_grouping_or_inspection(judged):
    with pytest.raises(CommandError, match="--by: 'shoe_size'"):
        export(judged, "--by", "shoe_size")
    with pytest.raises(CommandError, match="no inspection"):
        call_command("export_scores", "nowhere")


def test_one_decimal_is_rounded_half_up_from_the_exact_value(inspection):
    for i in range(8):  # 1/8 = 12.5 exactly
        judge(make_case(inspection, f"C{i}"), {"A.1.02": "yes" if i == 0 else "no"})
    row = next(r for r in export(inspection) if r[1] == "A.1.02")
    assert row[5:] == ["1", "8", "12.5"]


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Plain " + text) == "Plain " + text
    assert neutralise(5) == 5


def test_exports_neutralise_formulas_in_unit_names_and_rationales(client, inspection, lead):
    judge(make_case(inspection, "C1", unit="=cmd|' /C calc'!A0"), {"A.1.02": "yes"})
    from cases.models import Judgement

    Judgement.objects.update(rationale="@SUM(1+1)")
    client.force_login(lead)

    scores = client.get(f"/inspections/{inspection.slug}/scores/scores.csv?by=unit").content.decode()
    assert ",'=cmd|' /C calc'!A0," in scores or ",\"'=cmd|' /C calc'!A0\"," in scores
    assert ",=cmd" not in scores

    raw = streamed(client.get(f"/inspections/{inspection.slug}/scores/judgements.csv"))
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert rows[0]["rationale"] == "'@SUM(1+1)" and rows[0]["unit"] == "'=cmd|' /C calc'!A0"

    workbook = load_workbook(io.BytesIO(client.get(f"/inspections/{inspection.slug}/scores/scores.xlsx").content))
    sheet = workbook["By unit"]
    header = [c.value for c in sheet[1]]
    assert "'=cmd|' /C calc'!A0 numerator" in header
    for ws in workbook.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def test_scores_download_matches_the_command(client, judged, lead):
    client.force_login(lead)
    response = client.get(f"/inspections/{judged.slug}/scores/scores.csv?by=unit")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="northshire-2026-scores-by-unit.csv"' in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == export(judged, "--by", "unit")
    assert client.get(f"/inspections/{judged.slug}/scores/scores.csv?by=shoe_size").status_code == 404


def test_workbook_has_a_sheet_per_level_and_breakdown_sheets(client, judged, inspector):
    client.force_login(inspector)
    response = client.get(f"/inspections/{judged.slug}/scores/scores.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))

    assert workbook.sheetnames == [
        "Questions",
        "General criteria",
        "Sections",
        "Headlines",
        "By unit",
        "By supervision",
        "By RoSH band",
        "About",
    ]
    questions = list(workbook["Questions"].iter_rows(values_only=True))
    assert questions[0][:5] == ("code", "title", "numerator", "denominator", "score")
    assert questions[2][:5] == ("A.1.02", "The assessment accurately reflected risk: to the public", 2, 3, 66.7)
    assert list(workbook["General criteria"].iter_rows(values_only=True))[3][4] is None  # B.1: no score
    by_unit = list(workbook["By unit"].iter_rows(values_only=True))
    assert by_unit[0][3:9] == (
        "All cases numerator",
        "All cases denominator",
        "All cases score",
        "North numerator",
        "North denominator",
        "North score",
    )


def streamed(response) -> str:
    """The body of a streamed download (the raw judgements CSV is sent as it is read)."""
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_raw_judgements_download_is_streamed_with_the_same_text_as_the_export(client, judged, lead):
    client.force_login(lead)
    response = client.get(f"/inspections/{judged.slug}/scores/judgements.csv")
    assert response["Content-Disposition"] == f'attachment; filename="{judged.slug}-judgements.csv"'
    assert streamed(response) == exports.judgements_csv(inspection=judged)


def test_raw_judgements_export_has_one_row_per_judgement_with_characteristics(client, judged, lead):
    client.force_login(lead)
    rows = list(csv.DictReader(io.StringIO(streamed(client.get(f"/inspections/{judged.slug}/scores/judgements.csv")))))
    assert len(rows) == 8
    first = rows[0]
    assert (first["case_ref"], first["unit"], first["rosh"], first["rosh_band"], first["question_code"]) == (
        "C1",
        "North",
        "high",
        "high_very_high",
        "A.1.01",
    )
    assert first["answer"] == "on_time" and first["scoring"] == "above" and first["counted"] == "yes"
    na = next(r for r in rows if r["case_ref"] == "C3" and r["question_code"] == "A.1.01")
    assert na["scoring"] == "excluded" and na["counted"] == "no"


def test_round_trip_import_then_export_agrees_with_the_reference(inspection, lead):
    """Random judgements imported through the CSV import, exported through export_scores, compared
    with the reference implementation on the same data."""
    rng = random.Random(20260427)
    criteria_set = yaml.safe_load(SMALL_SET.read_text(encoding="utf-8"))
    scales = {
        name: {o["value"]: o["scoring"] for o in options} for name, options in criteria_set["answer_scales"].items()
    }
    questions = [q for s in criteria_set["sections"] for c in s["criteria"] for q in c.get("questions", [])]
    cases, judgements, lines = {}, [], ["case_ref,question_code,answer"]
    for n in range(40):
        ref = f"R{n:02d}"
        values = {
            "unit": rng.choice(["North", "South"]),
            "sentence_type": rng.choice(vocabulary.SENTENCE_TYPES),
            "rosh": rng.choice(vocabulary.ROSH_LEVELS),
        }
        make_case(inspection, ref, **values)
        cases[ref] = values
        for question in questions:
            if not reference.applies(question.get("applies_when"), values) or rng.random() < 0.2:
                continue
            answer = rng.choice(sorted(scales[question["scale"]]))
            lines.append(f"{ref},{question['code']},{answer}")
            judgements.append(
                {
                    "case_ref": ref,
                    "question": question["code"],
                    "primary": True,
                    "scoring": scales[question["scale"]][answer],
                }
            )

    result = import_judgements(inspection=inspection, data="\n".join(lines) + "\n", source="rt.csv", actor=lead)
    # Imported work counts when the case is complete (submitted); otherwise it is in progress.
    submitted = {
        ref
        for ref in cases
        if all(
            any(j["case_ref"] == ref and j["question"] == q["code"] for j in judgements)
            for q in questions
            if reference.applies(q.get("applies_when"), cases[ref])
        )
    }
    assert result.submitted == len(submitted)
    for j in judgements:
        j["status"] = "submitted" if j["case_ref"] in submitted else "in_progress"

    rows = export(inspection, "--by", "unit")[1:]
    for group in ["all", "North", "South"]:
        subset = {r: c for r, c in cases.items() if group in ("all", c["unit"])}
        expected = reference.scores(criteria_set, subset, judgements)
        exported = [r for r in rows if r[4] == group]
        assert len(exported) == len(expected)
        for level, code, _title, _by, _group, numerator, denominator, score in exported:
            value, n, d = expected[(level, code)]
            assert score == ("" if value is None else str(reference.one_decimal(value)))
            if n is not None:
                assert (numerator, denominator) == (str(n), str(d))
            else:
                assert (numerator, denominator) == ("", "")
