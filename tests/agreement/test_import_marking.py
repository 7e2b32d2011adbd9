"""The ``marking`` column of inspection-judgements/1: second markers' judgements on double-marked
cases, submitted through the same transition; bad rows named, nothing written."""

import pytest

from cases.models import Assessment, Judgement
from cases.services.judgement_import import import_judgements
from inspection.errors import FileRejectedError
from tests.scoring.helpers import judge, make_case

pytestmark = pytest.mark.django_db

HEADER = "case_ref,question_code,answer,rationale,assessor,marking\n"


def run(inspection, text):
    return import_judgements(inspection=inspection, data=text.encode(), source="judgements.csv")


@pytest.fixture
def sample(inspection):
    return {ref: make_case(inspection, ref) for ref in ("C1", "C2")}


def test_second_rows_make_a_submitted_second_assessment(inspection, sample, inspector, assessor):
    result = run(
        inspection,
        HEADER
        + "C1,A.1.01,on_time,,ian,\n"
        + "C1,A.1.02,yes,,ian,primary\n"
        + "C1,A.1.01,late,Late,asha,second\n"
        + "C1,A.1.02,no,,asha,second\n"
        + "C2,A.1.01,on_time,,ian,primary\n",
    )
    primary = Assessment.objects.get(case=sample["C1"], is_primary=True)
    second = Assessment.objects.get(case=sample["C1"], is_primary=False)
    assert (primary.assessor, primary.status) == (inspector, "submitted")
    assert (second.assessor, second.status) == (assessor, "submitted")
    assert {j.question.code: j.option.value for j in second.judgements.all()} == {"A.1.01": "late", "A.1.02": "no"}
    assert Assessment.objects.get(case=sample["C2"]).status == "in_progress"
    assert (result.rows, result.created, result.cases) == (5, 5, 2)
    # Importing again changes nothing; a changed second answer updates the second judgement only.
    run(inspection, HEADER + "C1,A.1.01,no,,asha,second\n")
    assert Judgement.objects.get(assessment=second, question__code="A.1.01").option.value == "no"
    assert Judgement.objects.get(assessment=primary, question__code="A.1.01").option.value == "on_time"


def test_a_second_row_may_follow_a_primary_assessment_in_the_database(inspection, sample, inspector, assessor):
    judge(sample["C1"], {"A.1.01": "on_time", "A.1.02": "yes"}, assessor=inspector)
    run(inspection, HEADER + "C1,A.1.01,late,,asha,second\n")
    assert Assessment.objects.get(case=sample["C1"], is_primary=False).status == "in_progress"


def test_files_without_the_marking_column_import_as_before(inspection, sample, inspector):
    run(inspection, "case_ref,question_code,answer\nC1,A.1.01,on_time\n")
    assert Assessment.objects.get().is_primary


def test_bad_second_rows_are_named_and_nothing_is_written(inspection, sample, inspector, assessor, outsider):
    text = HEADER + (
        "C1,A.1.01,on_time,,ian,\n"  # row 2: fine
        "C1,A.1.02,yes,,ian,third\n"  # row 3: unknown marking
        "C1,A.1.01,late,,ian,second\n"  # row 4: the primary assessor
        "C2,A.1.01,late,,asha,second\n"  # row 5: no primary assessment
        "C1,A.1.02,no,,,second\n"  # row 6: no assessor
        "C2,A.1.02,no,,olive,second\n"  # row 7: not on the team
    )
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, text)
    assert caught.value.errors == [
        "judgements.csv, row 3, marking: 'third' is not one of primary, second (empty means primary)",
        "judgements.csv, row 6, assessor: a second row needs the assessor: the username of the second marker",
        "judgements.csv, row 7, assessor: 'olive' is not in this inspection's team",
        "judgements.csv, row 4, assessor: 'ian' is the primary assessor of case 'C1'",
        "judgements.csv, row 5, marking: case 'C2' has no primary assessment (in the inspection or this file)",
    ]
    assert not Judgement.objects.exists()
    assert not Assessment.objects.exists()


def test_a_second_row_needs_an_assessor_column(inspection, sample, inspector):
    judge(sample["C1"], {"A.1.01": "on_time"}, assessor=inspector)
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, "case_ref,question_code,answer,marking\nC1,A.1.01,late,second\n")
    assert caught.value.errors == [
        "judgements.csv, row 2, marking: a second row needs the assessor: the username of the second marker"
    ]


def test_a_case_has_one_second_marker(inspection, sample, inspector, assessor, lead):
    judge(sample["C1"], {"A.1.01": "on_time"}, assessor=inspector)
    judge(sample["C1"], {"A.1.01": "late"}, primary=False, assessor=assessor)
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, HEADER + "C1,A.1.02,no,,lena,second\n")
    assert caught.value.errors == ["judgements.csv, row 2, assessor: case 'C1' is already double-marked by 'asha'"]
