"""import_judgements (inspection-judgements/1): all or nothing, every error with row and field,
re-import in place, history as the import, bulk writes, and assessment statuses."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Assessment, Judgement
from cases.services.judgement_import import import_judgements
from inspection.errors import FileRejectedError
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db

HEADER = "case_ref,question_code,answer,rationale,assessor\n"


@pytest.fixture
def sample(inspection):
    """C1: community order, medium RoSH (applicable: A.1.01, A.1.02); C2: licence, high RoSH (all four)."""
    return {
        "C1": make_case(inspection, "C1"),
        "C2": make_case(inspection, "C2", sentence_type="licence", rosh="high"),
    }


def run(inspection, text, actor=None):
    return import_judgements(inspection=inspection, data=text.encode(), source="judgements.csv", actor=actor)


def test_every_error_is_listed_with_row_and_field_and_nothing_is_written(inspection, sample, inspector):
    text = HEADER + (
        "C1,A.1.01,on_time,Timely,ian\n"  # row 2: fine
        "C9,A.1.01,on_time,,\n"  # row 3: unknown case
        "C1,Z.9,yes,,\n"  # row 4: unknown question
        "C1,A.1.02,maybe,,\n"  # row 5: answer not in the scale
        "C1,A.2.01,yes,,\n"  # row 6: custody/licence only
        "C1,A.1.01,late,,\n"  # row 7: duplicate of row 2
        "C2,A.1.02,yes,,zed\n"  # row 8: unknown assessor
        "C2,A.1.03,,,\n"  # row 9: answer missing
        "C2,A.1.01\n"  # row 10: too few values
    )
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, text)

    assert caught.value.errors == [
        "judgements.csv, row 3, case_ref: 'C9' is not in the inspection's sample",
        "judgements.csv, row 4, question_code: 'Z.9' is not a question of this inspection's criteria set",
        "judgements.csv, row 5, answer: 'maybe' is not one of yes, no, na (the answers to 'A.1.02')",
        "judgements.csv, row 6, question_code: 'A.2.01' does not apply to case 'C1' (custody or licence cases only)",
        "judgements.csv, row 7, question_code: case 'C1' question 'A.1.01' is repeated (first on row 2)",
        "judgements.csv, row 8, assessor: 'zed' is not a known username",
        "judgements.csv, row 9, answer: a value is required",
        "judgements.csv, row 10: has 2 values but the header has 5 columns",
    ]
    assert not Judgement.objects.exists()
    assert not Assessment.objects.exists()


def test_header_problems_are_reported(inspection, sample):
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, "case_ref,question,answer,answer\nC1,A.1.01,yes,yes\n")
    assert caught.value.errors == [
        "judgements.csv, row 1, column 2: unknown column 'question'; expected any of case_ref, question_code, "
        "answer, rationale, assessor, marking",
        "judgements.csv, row 1, column 4: column 'answer' appears more than once",
        "judgements.csv, row 1: required column 'question_code' is missing",
    ]


def test_an_assessor_outside_the_team_is_refused(inspection, sample, outsider):
    with pytest.raises(FileRejectedError) as caught:
        run(inspection, HEADER + "C1,A.1.01,on_time,,olive\n")
    assert caught.value.errors == ["judgements.csv, row 2, assessor: 'olive' is not in this inspection's team"]


def test_not_utf8_is_refused(inspection, sample):
    with pytest.raises(FileRejectedError, match="not UTF-8"):
        import_judgements(
            inspection=inspection, data=HEADER.encode() + b"C1,A.1.01,on_time,caf\xe9,\n", source="judgements.csv"
        )


def test_import_creates_judgements_and_submits_complete_cases(inspection, sample, lead, inspector):
    result = run(
        inspection, HEADER + ("C1,A.1.01,on_time,On time,ian\nC1,A.1.02,na,,ian\nC2,A.1.01,late,,\n"), actor=lead
    )

    assert (result.created, result.updated, result.cases, result.submitted, result.in_progress) == (3, 0, 2, 1, 1)
    c1 = Assessment.objects.get(case=sample["C1"], is_primary=True)
    c2 = Assessment.objects.get(case=sample["C2"], is_primary=True)
    assert c1.status == "submitted" and c1.submitted_at is not None and c1.assessor == inspector
    assert c2.status == "in_progress" and c2.assessor is None
    judgement = Judgement.objects.get(assessment=c1, question__code="A.1.01")
    assert judgement.option.value == "on_time" and judgement.rationale == "On time" and judgement.version == 1
    assert judgement.updated_by == inspector


def test_history_records_the_import_and_the_importing_user(inspection, sample, lead, inspector):
    run(inspection, HEADER + "C1,A.1.01,on_time,,ian\nC1,A.1.02,yes,,ian\n", actor=lead)

    judgement = Judgement.objects.get(question__code="A.1.01")
    record = judgement.history.get()
    assert record.history_change_reason == "import" and record.history_user == lead
    assert record.history_type == "+" and record.history_date == judgement.updated_at
    assert (record.id, record.option, record.version, record.updated_by) == (
        judgement.pk,
        judgement.option,
        1,
        inspector,
    )
    assessment_record = Assessment.objects.get(case=sample["C1"]).history.latest()
    assert assessment_record.history_change_reason == "import" and assessment_record.history_user == lead


def test_from_the_command_line_the_history_user_is_the_rows_assessor(inspection, sample, inspector, tmp_path):
    path = tmp_path / "judgements.csv"
    path.write_text(HEADER + "C1,A.1.01,on_time,,ian\n", encoding="utf-8")

    call_command("import_judgements", inspection.slug, str(path))

    record = Judgement.objects.get(question__code="A.1.01").history.latest()
    assert record.history_user == inspector and record.history_change_reason == "import"


def test_reimport_updates_in_place_bumps_the_version_and_keeps_unchanged_rows(inspection, sample, lead):
    run(inspection, HEADER + "C1,A.1.01,on_time,First,\nC1,A.1.02,yes,,\n", actor=lead)
    first = Judgement.objects.get(question__code="A.1.01")

    result = run(inspection, HEADER + "C1,A.1.01,late,Second,\nC1,A.1.02,yes,,\n", actor=lead)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    again = Judgement.objects.get(question__code="A.1.01")
    assert again.pk == first.pk and again.version == 2 and again.option.value == "late"
    assert again.rationale == "Second"
    assert Judgement.objects.get(question__code="A.1.02").version == 1
    history = list(again.history.order_by("history_id"))
    assert [(h.history_type, h.option.value, h.version) for h in history] == [("+", "on_time", 1), ("~", "late", 2)]
    assert history[1].history_user == lead and history[1].rationale == "Second"


def test_without_a_rationale_column_an_existing_rationale_is_kept(inspection, sample, lead):
    run(inspection, HEADER + "C1,A.1.01,on_time,Keep me,\n", actor=lead)
    run(inspection, "case_ref,question_code,answer\nC1,A.1.01,late\n", actor=lead)
    assert Judgement.objects.get(question__code="A.1.01").rationale == "Keep me"


def test_import_updates_judgements_saved_through_the_form_and_existing_assessment(inspection, sample, lead, inspector):
    assessment = judge(sample["C1"], {"A.1.01": "no"}, status="in_progress", assessor=inspector)

    run(inspection, HEADER + "C1,A.1.01,on_time,,\nC1,A.1.02,yes,,\n", actor=lead)

    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.assessor == inspector
    assert Assessment.objects.filter(case=sample["C1"]).count() == 1
    assert Judgement.objects.get(question__code="A.1.01").option.value == "on_time"


def test_an_import_completing_a_returned_assessment_submits_it_as_the_form_does(inspection, sample, lead, inspector):
    assessment = judge(sample["C1"], {"A.1.01": "no"}, status="returned", assessor=inspector)
    Assessment.objects.filter(pk=assessment.pk).update(return_comment="Check A.1.02")

    result = run(inspection, HEADER + "C1,A.1.02,yes,,\n", actor=lead)

    assessment.refresh_from_db()
    assert result.submitted == 1
    assert assessment.status == "submitted" and assessment.submitted_at is not None
    assert assessment.return_comment == ""  # answered by this submission, as on the web form
    record = assessment.history.latest()
    assert (record.history_user, record.history_change_reason, record.status) == (lead, "import", "submitted")


def test_an_import_leaving_questions_unanswered_puts_the_assessment_in_progress(inspection, sample, inspector):
    assessment = judge(sample["C2"], {}, status="returned", assessor=inspector)

    result = run(inspection, HEADER + "C2,A.1.01,late,,ian\n")

    assessment.refresh_from_db()
    assert (result.submitted, result.in_progress) == (0, 1)
    assert assessment.status == "in_progress" and assessment.submitted_at is None
    assert assessment.history.latest().history_user == inspector


def test_import_is_refused_once_judgements_are_closed(inspection, sample):
    inspection.status = "reporting"
    inspection.save()
    with pytest.raises(FileRejectedError, match="cannot be changed while the inspection is in reporting"):
        run(inspection, HEADER + "C1,A.1.01,on_time,,\n")


def test_import_takes_a_fixed_number_of_queries(inspection, lead):
    def file_for(refs):
        return HEADER + "".join(f"{ref},A.1.01,on_time,,\n{ref},A.1.02,yes,,\n" for ref in refs)

    small = [make_case(inspection, f"S{n}").case_ref for n in range(2)]
    large = [make_case(inspection, f"L{n}").case_ref for n in range(40)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        run(inspection, file_for(small), actor=lead)
    with CaptureQueriesContext(connection) as large_queries:
        run(inspection, file_for(large), actor=lead)
    assert len(large_queries) == len(small_queries)


def test_command_lists_errors_on_stderr_and_fails(inspection, sample, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "C9,A.1.01,on_time,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rejected with 1 error"):
        call_command("import_judgements", inspection.slug, str(path))
    assert "bad.csv, row 2, case_ref: 'C9' is not in the inspection's sample" in capsys.readouterr().err


def test_command_refuses_an_unknown_inspection(tmp_path, db):
    path = tmp_path / "j.csv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="no inspection"):
        call_command("import_judgements", "nowhere", str(path))


def test_lead_uploads_judgements_in_the_browser(client, inspection, sample, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(lead)
    address = f"/inspections/{inspection.slug}/judgements/import/"
    upload = SimpleUploadedFile("j.csv", (HEADER + "C1,A.1.01,on_time,,\nC1,A.1.02,yes,,\n").encode(), "text/csv")

    response = client.post(address, {"file": upload}, follow=True)

    assert response.redirect_chain[-1][0].endswith("/scores/")
    assert "2 judgements imported: 2 new, 0 updated, 0 unchanged. 1 of 1 case is now submitted." in (
        response.content.decode()
    )
    assert Assessment.objects.get(case=sample["C1"]).status == "submitted"

    upload = SimpleUploadedFile("j.csv", (HEADER + "C2,A.1.01,on_time,,\n").encode(), "text/csv")
    response = client.post(address, {"file": upload}, follow=True)
    assert "1 judgement imported: 1 new, 0 updated, 0 unchanged. 0 of 1 case is now submitted; 1 still has" in (
        response.content.decode()
    )


def test_a_bad_upload_lists_every_problem_and_writes_nothing(client, inspection, sample, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(lead)
    upload = SimpleUploadedFile("j.csv", (HEADER + "C9,A.1.01,on_time,,\nC1,A.1.01,maybe,,\n").encode())

    response = client.post(f"/inspections/{inspection.slug}/judgements/import/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in html
    assert "j.csv, row 2, case_ref: &#x27;C9&#x27; is not in the inspection&#x27;s sample" in html
    assert "row 3, answer" in html
    assert not Judgement.objects.exists()


def test_outsider_cannot_upload(client, inspection, sample, outsider):
    client.force_login(outsider)
    assert client.post(f"/inspections/{inspection.slug}/judgements/import/").status_code == 404
    assert factories.InspectionFactory  # the outsider's own inspection exists
