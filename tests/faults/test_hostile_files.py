"""Hostile files get a clear error naming file, row and field, and nothing is written: a NUL byte in
a CSV (a 500 on PostgreSQL before), YAML nested 500 deep (a RecursionError before), a file with a
million bad rows (a million messages before), a file larger than the limit (read whole before)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Assessment, Case, Judgement
from cases.services import csv_files
from cases.services.judgement_import import import_judgements
from cases.services.sample import import_sample
from criteria.models import CriteriaSet
from inspection.errors import FileRejectedError
from tests.scoring.helpers import make_case

pytestmark = pytest.mark.django_db

SAMPLE_HEADER = "case_ref,unit,sentence_type,rosh,offence_type\n"
JUDGEMENTS_HEADER = "case_ref,question_code,answer,rationale\n"
DEEP_YAML = "format: " + "[" * 500 + "]" * 500 + "\n"


def rejected(call) -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        call()
    return caught.value


# --- NUL bytes ----------------------------------------------------------------------------------


def test_a_nul_byte_in_a_sample_file_is_an_error_naming_file_row_and_field(inspection):
    data = (SAMPLE_HEADER + "C1,North,custody,high,Drugs\nC2,North,custody,high,Dru\x00gs\n").encode()

    error = rejected(lambda: import_sample(inspection=inspection, data=data, source="sample.csv"))

    assert error.errors == [
        "sample.csv, row 3, offence_type: contains a NUL character (a zero byte), which a value may not hold: remove it"
    ]
    assert not Case.objects.exists()


def test_a_nul_byte_in_a_judgements_file_is_an_error_naming_file_row_and_field(inspection):
    make_case(inspection, "C1")
    data = (JUDGEMENTS_HEADER + "C1,A.1.01,on_time,Ti\x00mely\n").encode()

    error = rejected(lambda: import_judgements(inspection=inspection, data=data, source="judgements.csv"))

    assert error.errors == [
        "judgements.csv, row 2, rationale: contains a NUL character (a zero byte), which a value may not hold: "
        "remove it"
    ]
    assert not Judgement.objects.exists() and not Assessment.objects.exists()


def test_a_nul_byte_in_an_uploaded_sample_is_listed_on_the_page(client_as, lead, inspection):
    upload = SimpleUploadedFile("nul.csv", (SAMPLE_HEADER + "C1,North,custody,high,a\x00b\n").encode())

    response = client_as(lead).post(reverse("cases:sample_upload", args=[inspection.slug]), {"file": upload})

    assert response.status_code == 200
    assert "nul.csv, row 2, offence_type: contains a NUL character" in response.content.decode()
    assert not Case.objects.exists()


def test_a_nul_byte_in_uploaded_judgements_is_listed_on_the_page(client_as, lead, inspection):
    make_case(inspection, "C1")
    upload = SimpleUploadedFile("nul.csv", (JUDGEMENTS_HEADER + "C1\x00,A.1.01,on_time,\n").encode())

    response = client_as(lead).post(reverse("reports:judgements_upload", args=[inspection.slug]), {"file": upload})

    assert response.status_code == 200
    assert "nul.csv, row 2, case_ref: contains a NUL character" in response.content.decode()
    assert not Judgement.objects.exists()


# --- YAML nested too deep -----------------------------------------------------------------------


def test_load_criteria_refuses_yaml_nested_500_deep_with_a_clear_error(tmp_path, capsys):
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP_YAML, encoding="utf-8")

    with pytest.raises(CommandError, match=r"deep\.yaml: rejected with 1 error"):
        call_command("load_criteria", str(path))

    assert capsys.readouterr().err.strip() == (
        "deep.yaml, line 1: invalid YAML: lists and mappings are nested more than 50 levels deep"
    )
    assert not CriteriaSet.objects.exists()


def test_uploading_yaml_nested_500_deep_shows_the_error(client, admin):
    client.force_login(admin)
    upload = SimpleUploadedFile("deep.yaml", DEEP_YAML.encode(), content_type="application/yaml")

    response = client.post(reverse("criteria:upload"), {"file": upload})

    assert response.status_code == 200
    assert "deep.yaml, line 1: invalid YAML: lists and mappings are nested more than 50 levels deep" in (
        response.content.decode()
    )


# --- many problems, large files -----------------------------------------------------------------


def test_a_file_with_many_bad_rows_lists_the_first_hundred_and_counts_the_rest(inspection):
    data = (JUDGEMENTS_HEADER + "C9,A.1.01,on_time,\n" * 10_000).encode()

    error = rejected(lambda: import_judgements(inspection=inspection, data=data, source="bad.csv"))

    assert error.total == 10_000
    assert len(error.errors) == csv_files.MAX_PROBLEMS + 1
    assert error.errors[0] == "bad.csv, row 2, case_ref: 'C9' is not in the inspection's sample"
    assert error.errors[-1] == "bad.csv: …and 9,900 more problems: fix these and upload the file again"


def test_the_upload_page_says_how_many_problems_there_are_and_lists_the_first(client_as, lead, inspection):
    text = SAMPLE_HEADER + "".join(f"C{n},North,weekend,high,\n" for n in range(1_000))
    upload = SimpleUploadedFile("bad.csv", text.encode())

    page = client_as(lead).post(reverse("cases:sample_upload", args=[inspection.slug]), {"file": upload})

    html = page.content.decode()
    assert "The file was not uploaded: 1,000 problems" in html
    assert "The file has 1,000 problems and nothing was added" in html
    assert "bad.csv: …and 900 more problems: fix these and upload the file again" in html
    assert html.count('<li><a href="#id_file">bad.csv, row') == 100


def test_the_import_command_prints_the_first_hundred_problems_and_the_count(inspection, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(JUDGEMENTS_HEADER + "C9,A.1.01,on_time,\n" * 5_000, encoding="utf-8")

    with pytest.raises(CommandError, match=r"bad\.csv: rejected with 5,000 error"):
        call_command("import_judgements", inspection.slug, str(path))

    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 101 and lines[-1] == "bad.csv: …and 4,900 more problems: fix these and upload the file again"


class ReadCounter(io.BytesIO):
    """A file that remembers the largest read asked of it."""

    largest = 0

    def read(self, size=-1):
        self.largest = max(self.largest, size if size >= 0 else len(self.getvalue()))
        return super().read(size)


def test_the_imports_read_a_file_as_a_stream_not_whole(inspection):
    offence = ("Violence against the person; " * 7)[:190]  # long rows: a big file of few cases
    count = 4 * csv_files.READ_SIZE // len(f"C00000,North,custody,high,{offence}\n")  # four reads (256 kB)
    rows = "".join(f"C{n:05d},North,custody,high,{offence}\n" for n in range(count))
    data = ReadCounter((SAMPLE_HEADER + rows).encode())

    assert import_sample(inspection=inspection, data=data, source="big.csv").cases == count
    assert len(data.getvalue()) > 4 * csv_files.READ_SIZE  # a file several reads long…
    assert data.largest <= csv_files.READ_SIZE  # …read a block at a time


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read(inspection, monkeypatch):
    monkeypatch.setattr("cases.services.judgement_import.MAX_FILE_BYTES", 1024 * 1024)
    data = ReadCounter(JUDGEMENTS_HEADER.encode() + b"x" * 1024 * 1024)

    error = rejected(lambda: import_judgements(inspection=inspection, data=data, source="big.csv"))

    assert error.errors == ["big.csv: the file is larger than 1 MB"]
    assert data.largest == 0


def test_an_upload_over_the_forms_limit_is_refused_unread(client_as, lead, inspection, monkeypatch):
    def never(**kwargs):
        raise AssertionError("the import should not be called")

    monkeypatch.setattr("cases.services.sample.import_sample", never)
    upload = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024 + 1))

    response = client_as(lead).post(reverse("cases:sample_upload", args=[inspection.slug]), {"file": upload})

    assert response.status_code == 200
    assert "The selected file must be smaller than 2 MB" in response.content.decode()


def test_an_upload_over_the_site_limit_is_not_stored_and_the_form_says_it_is_too_large(
    client_as, lead, inspection, settings
):
    settings.FILE_UPLOAD_MAX_SIZE = 100_000  # any larger upload is dropped as it arrives
    upload = SimpleUploadedFile("huge.csv", JUDGEMENTS_HEADER.encode() + b"x" * 200_000)

    response = client_as(lead).post(reverse("reports:judgements_upload", args=[inspection.slug]), {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The selected file must be smaller than 64 MB" in html
    assert "Choose a CSV file" not in html
