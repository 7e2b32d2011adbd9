"""The inspection-sample/1 CSV import: the service, the upload page and ``import_sample``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Case, Unit
from cases.services.sample import import_sample
from inspection.errors import FileRejectedError
from tests import factories

from .conftest import VALID_SAMPLE, sample_csv

BAD_SAMPLE = sample_csv(
    "N001,North cluster,community_order,high,3,1,yes,no,no,male,34,black",
    "N002,North cluster,weekend_detention,medium,2,0,no,yes,yes,female,27,white",
    "N003,,custody,extreme,5,2,no,no,yes,male,forty,asian",
    "N001,South office,custody,high,4,2,no,maybe,yes,male,45,asian",
)


def test_a_valid_file_adds_every_case_and_creates_its_units(inspection, lead):
    result = import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="sample.csv", actor=lead)

    assert result.cases == 4
    assert result.units_created == ["North cluster", "South office"]
    case = Case.objects.get(inspection=inspection, case_ref="N003")
    assert (
        case.unit.name,
        case.sentence_type,
        case.rosh,
        case.tier,
        case.mappa_level,
        case.age,
        case.ethnic_group,
    ) == ("South office", "custody", "very_high", "4", "2", 45, "asian")
    assert case.history.get().history_user == lead
    unit_record = case.unit.history.get()
    assert (unit_record.history_user, unit_record.history_change_reason) == (lead, "Imported from sample.csv")


def test_a_file_with_several_errors_lists_every_one_with_row_and_field_and_writes_nothing(inspection):
    with pytest.raises(FileRejectedError) as raised:
        import_sample(inspection=inspection, data=BAD_SAMPLE.encode(), source="bad.csv")

    assert raised.value.errors == [
        "bad.csv, row 3, sentence_type: 'weekend_detention' is not one of community_order, suspended_sentence_order, "
        "licence, custody",
        "bad.csv, row 4, unit: a value is required",
        "bad.csv, row 4, rosh: 'extreme' is not one of low, medium, high, very_high, unknown",
        "bad.csv, row 4, tier: '5' is not one of 1, 2, 3, 4",
        "bad.csv, row 4, age: 'forty' is not a whole number of years from 10 to 120",
        "bad.csv, row 5, case_ref: 'N001' is repeated (first on row 2)",
        "bad.csv, row 5, approved_premises: 'maybe' is not one of yes, no",
    ]
    assert not Case.objects.exists()
    assert not Unit.objects.exists()


def test_reimporting_refs_already_in_the_inspection_is_refused_whole(inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="first.csv")
    again = sample_csv(
        "N005,North cluster,licence,low", "N002,North cluster,licence,low", header="case_ref,unit,sentence_type,rosh"
    )

    with pytest.raises(FileRejectedError) as raised:
        import_sample(inspection=inspection, data=again.encode(), source="again.csv")

    assert raised.value.errors == [
        # first, what to do instead (the inspection is in fieldwork: the sample cannot be replaced)
        "again.csv: 1 of its cases is already in the sample. Fieldwork has started or answers have been "
        "recorded, so the sample can no longer be replaced: upload only the new cases, and edit or remove "
        "cases on the sample page.",
        "again.csv, row 3, case_ref: 'N002' is already in the inspection's sample",
    ]
    assert Case.objects.filter(inspection=inspection).count() == 4


def test_the_same_refs_may_be_used_by_another_inspection(inspection, other_inspection):
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="a.csv")
    import_sample(inspection=other_inspection, data=VALID_SAMPLE.encode(), source="b.csv")
    assert Case.objects.filter(case_ref="N001").count() == 2


def test_header_problems_are_all_reported(inspection):
    text = "case_ref,unit,name,rosh,rosh\nN001,North,Jane Smith,low,low\n"
    with pytest.raises(FileRejectedError) as raised:
        import_sample(inspection=inspection, data=text.encode(), source="h.csv")
    assert raised.value.errors[0].startswith("h.csv, row 1, column 3: unknown column 'name'; expected any of case_ref")
    assert raised.value.errors[1:] == [
        "h.csv, row 1, column 5: column 'rosh' appears more than once",
        "h.csv, row 1: required column 'sentence_type' is missing",
    ]


def test_a_byte_order_mark_and_blank_lines_are_tolerated(inspection):
    data = ("\ufeff" + VALID_SAMPLE + "\n,,,,,,,,,,,\n").encode("utf-8")
    assert import_sample(inspection=inspection, data=data, source="excel.csv").cases == 4


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "empty.csv, row 1: the header row is missing"),
        (b"case_ref,unit,sentence_type,rosh\n", "empty.csv: the file has a header row but no cases"),
        (
            "case_ref,unit,sentence_type,rosh\nN\u00e9,X,custody,low\n".encode("latin-1"),
            "empty.csv: the file is not UTF-8",
        ),
        (b"case_ref,unit,sentence_type,rosh\nN001,X,custody\n", "empty.csv, row 2: has 3 values but the header has 4"),
        (b"case_ref,unit,sentence_type,rosh\nN/001,X,custody,low\n", "empty.csv, row 2, case_ref: 'N/001' must be"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(inspection, data, error):
    with pytest.raises(FileRejectedError) as raised:
        import_sample(inspection=inspection, data=data, source="empty.csv")
    assert raised.value.errors[0].startswith(error)


def test_the_import_uses_a_fixed_number_of_queries_whatever_the_file_size(inspection, django_assert_max_num_queries):
    rows = [f"C{n:04d},Unit {n % 7},community_order,medium" for n in range(300)]
    data = sample_csv(*rows, header="case_ref,unit,sentence_type,rosh").encode()
    # existing refs, existing units, insert units and their history, re-read units, insert cases and
    # their history, savepoints
    with django_assert_max_num_queries(10):
        import_sample(inspection=inspection, data=data, source="big.csv")
    assert inspection.cases.count() == 300


def test_the_sample_cannot_change_once_reporting_has_started(inspection):
    inspection.status = "reporting"
    inspection.save()
    with pytest.raises(FileRejectedError) as raised:
        import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="late.csv")
    assert raised.value.errors == ["late.csv: The sample cannot change while the inspection is in reporting"]


# --- the upload page ---------------------------------------------------------------------------


def upload(client, text: str, name: str = "sample.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("cases:sample_upload", args=["northshire-2026"]), {"file": file})


def test_the_lead_uploads_a_sample_and_sees_it(client_as, lead, inspection):
    client = client_as(lead)
    response = upload(client, VALID_SAMPLE)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:sample", args=["northshire-2026"])
    page = client.get(response["Location"]).content.decode()
    assert "4 cases added to the sample and 2 new units." in page
    assert "N003" in page


def test_an_upload_with_errors_lists_every_error_in_the_summary_and_adds_nothing(client_as, lead, inspection):
    response = upload(client_as(lead), BAD_SAMPLE, name="bad.csv")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "The file was not uploaded: 7 problems" in page
    assert "bad.csv, row 3, sentence_type: &#x27;weekend_detention&#x27; is not one of" in page
    assert "bad.csv, row 5, approved_premises: &#x27;maybe&#x27; is not one of yes, no" in page
    assert page.count('<li><a href="#id_file">bad.csv, row') == 7
    assert not Case.objects.exists()


def test_uploading_without_a_file_asks_for_one(client_as, lead, inspection):
    response = client_as(lead).post(reverse("cases:sample_upload", args=["northshire-2026"]), {})
    assert "Choose a CSV file" in response.content.decode()


def test_user_text_in_an_uploaded_file_is_escaped(client_as, lead, inspection):
    text = sample_csv("<script>alert(1)</script>,North,community_order,low", header="case_ref,unit,sentence_type,rosh")
    page = upload(client_as(lead), text).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the import_sample command -----------------------------------------------------------------


def test_import_sample_command_imports_a_valid_file(inspection, tmp_path, capsys):
    path = tmp_path / "sample.csv"
    path.write_text(VALID_SAMPLE, encoding="utf-8")
    call_command("import_sample", "northshire-2026", str(path))
    assert "Imported 4 cases into 'northshire-2026'; new units: North cluster, South office" in capsys.readouterr().out
    assert inspection.cases.count() == 4


def test_import_sample_command_prints_every_error_on_stderr_and_fails(inspection, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_SAMPLE, encoding="utf-8")
    with pytest.raises(CommandError, match="rejected with 7 error"):
        call_command("import_sample", "northshire-2026", str(path))
    err = capsys.readouterr().err
    assert err.count("bad.csv, row") == 7
    assert "bad.csv, row 4, tier: '5' is not one of 1, 2, 3, 4" in err
    assert not inspection.cases.exists()


def test_import_sample_command_fails_for_an_unknown_inspection_or_file(inspection, tmp_path):
    with pytest.raises(CommandError, match="no inspection with slug 'nowhere'"):
        call_command("import_sample", "nowhere", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_sample", "northshire-2026", str(tmp_path / "missing.csv"))


def test_a_case_factory_is_unaffected_by_imports(inspection):
    # Units are per inspection: an import does not reuse another inspection's unit of the same name.
    other = factories.InspectionFactory(criteria_set=inspection.criteria_set)
    factories.UnitFactory(inspection=other, name="North cluster")
    import_sample(inspection=inspection, data=VALID_SAMPLE.encode(), source="s.csv")
    assert Unit.objects.filter(name="North cluster").count() == 2
