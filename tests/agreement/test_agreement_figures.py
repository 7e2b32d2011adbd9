"""The agreement of an inspection's double marking, its export (inspection-agreement/1, exact) and
the lead's resolution of disagreements (scores use the agreed answer, history keeps both)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from cases.models import Judgement, Resolution
from cases.services.double_marking import resolve_disagreement
from cases.services.moderation import Change, moderate_criterion
from criteria.models import AnswerOption, Question
from inspection.errors import ServiceError
from reports.scoring import compute_scores
from reports.scoring.agreement import inspection_agreement

from .conftest import double_mark

pytestmark = pytest.mark.django_db

EXPECTED = (
    "question_code,assessors,pairs,agreement_answer,kappa_answer,agreement_line,kappa_line\r\n"
    "A.1.01,all,4,50.0,0.200,75.0,0.500\r\n"
    "A.1.02,all,4,75.0,0.500,75.0,0.500\r\n"
    "all,all,8,62.5,0.500,75.0,0.500\r\n"
)
EXPECTED_BY_PAIR = (
    "question_code,assessors,pairs,agreement_answer,kappa_answer,agreement_line,kappa_line\r\n"
    "A.1.01,asha|ian,2,50.0,0.000,50.0,0.000\r\n"
    "A.1.01,ian|lena,2,50.0,0.333,100.0,1.000\r\n"
    "A.1.02,asha|ian,2,50.0,0.000,50.0,0.000\r\n"
    "A.1.02,ian|lena,2,100.0,1.000,100.0,1.000\r\n"
    "all,asha|ian,4,50.0,0.333,50.0,0.000\r\n"
    "all,ian|lena,4,75.0,0.667,100.0,1.000\r\n"
)


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_agreement", *args, stdout=out)
    return out.getvalue()


def test_the_export_is_exact_per_question_and_pooled(inspection, marked):
    assert export(inspection.slug) == EXPECTED


def test_the_export_by_pair_splits_every_row_per_pair_of_assessors(inspection, marked):
    assert export(inspection.slug, "--by-pair") == EXPECTED_BY_PAIR


def test_the_export_writes_a_file(inspection, marked, tmp_path):
    target = tmp_path / "agreement.csv"
    call_command("export_agreement", inspection.slug, "--out", str(target))
    assert target.read_bytes().decode() == EXPECTED


def test_an_unknown_inspection_is_an_error():
    with pytest.raises(CommandError, match="no inspection with slug 'nowhere'"):
        call_command("export_agreement", "nowhere")


def test_kappa_is_empty_where_every_answer_is_in_one_category(inspection, inspector, assessor):
    for ref in ("C1", "C2"):
        double_mark(inspection, ref, {"A.1.02": "yes"}, {"A.1.02": "yes"}, primary=inspector, marker=assessor)
    assert export(inspection.slug).splitlines()[1:] == ["A.1.02,all,2,100.0,,100.0,", "all,all,2,100.0,,100.0,"]
    row = inspection_agreement(inspection=inspection).rows[0]
    assert row.kappa_note and row.band_answer == ""


def test_no_double_marking_gives_only_an_empty_pooled_row(inspection):
    assert export(inspection.slug).splitlines()[1:] == ["all,all,0,,,,"]


def test_the_disagreements_name_both_assessments(inspection, marked):
    agreement = inspection_agreement(inspection=inspection)
    assert [(p.case_ref, p.question.code, p.first_answer, p.second_answer) for p in agreement.disagreements] == [
        ("C2", "A.1.01", "on_time", "late"),
        ("C2", "A.1.02", "yes", "no"),
        ("C3", "A.1.01", "no", "late"),
    ]
    first = agreement.disagreements[0]
    assert {first.first_assessment_id, first.second_assessment_id} == set(
        marked["C2"].assessments.values_list("pk", flat=True)
    )


def test_agreement_reads_a_fixed_number_of_queries(inspection, marked, django_assert_num_queries):
    with django_assert_num_queries(4):
        inspection_agreement(inspection=inspection, by_pair=True)


def option(question_code, value):
    question = Question.objects.get(code=question_code)
    return question, AnswerOption.objects.get(scale=question.scale, value=value)


def test_a_resolution_changes_the_counted_answer_and_keeps_both_originals(inspection, marked, lead):
    before = compute_scores(inspection=inspection).question("A.1.02")
    question, no = option("A.1.02", "no")
    resolution = resolve_disagreement(
        case=marked["C2"], question=question, agreed=no, note="Plan not on file", actor=lead
    )

    assert (resolution.primary_option.value, resolution.second_option.value) == ("yes", "no")
    primary = Judgement.objects.get(assessment__case=marked["C2"], assessment__is_primary=True, question=question)
    assert primary.option == no
    records = list(primary.history.order_by("history_id"))
    assert [r.option.value for r in records][-2:] == ["yes", "no"]
    assert records[-1].history_change_reason == "resolution" and records[-1].history_user == lead
    after = compute_scores(inspection=inspection).question("A.1.02")
    # C1, C2, C3, C4, C7 primary answers: yes, yes, no, yes, no -> yes, no, no, yes, no
    assert (before.score.numerator, before.score.denominator) == (3, 5)
    assert (after.score.numerator, after.score.denominator) == (2, 5)
    # Agreement measures what the markers said, not the resolution.
    assert export(inspection.slug) == EXPECTED
    pair = next(p for p in inspection_agreement(inspection=inspection).disagreements if p.question.code == "A.1.02")
    assert pair.resolution_label == "No"


def test_moderating_a_double_marked_case_changes_the_counted_answer_not_the_agreement(inspection, marked, lead):
    question, no = option("A.1.02", "no")
    assessment = marked["C2"].assessments.get(is_primary=True)
    moderate_criterion(
        assessment=assessment,
        general_criterion=question.general_criterion,
        changes={"A.1.02": Change(option=no, reason="No plan on file")},
        actor=lead,
    )

    # Still measured on the primary marker's "yes" against the second marker's "no".
    assert export(inspection.slug) == EXPECTED
    # A later resolution records what the markers first answered, not the moderated answer.
    resolution = resolve_disagreement(case=marked["C2"], question=question, agreed=no, note="Agreed", actor=lead)
    assert (resolution.primary_option.value, resolution.second_option.value) == ("yes", "no")
    assert export(inspection.slug) == EXPECTED


def test_a_resolution_needs_a_disagreement_a_note_and_the_lead(inspection, marked, lead, inspector):
    question, yes = option("A.1.02", "yes")
    with pytest.raises(ServiceError, match="agree"):
        resolve_disagreement(case=marked["C1"], question=question, agreed=yes, note="Fine", actor=lead)
    with pytest.raises(ServiceError, match="note"):
        resolve_disagreement(case=marked["C2"], question=question, agreed=yes, note="  ", actor=lead)
    with pytest.raises(ServiceError, match="Both markers"):
        resolve_disagreement(
            case=marked["C6"],
            question=option("A.1.01", "no")[0],
            agreed=option("A.1.01", "no")[1],
            note="x",
            actor=lead,
        )
    with pytest.raises(PermissionDenied):
        resolve_disagreement(case=marked["C2"], question=question, agreed=yes, note="Mine", actor=inspector)
    assert not Resolution.objects.exists()


def test_rounded_figures_are_decimals(inspection, marked):
    row = inspection_agreement(inspection=inspection).rows[-1]
    assert (row.agreement_answer, row.kappa_answer) == (Decimal("62.5"), Decimal("0.500"))
