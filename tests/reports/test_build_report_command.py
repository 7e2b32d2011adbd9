"""`manage.py build_report INSPECTION_SLUG --out FILE.pdf` builds the current draft."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports.models import GeneratedPDF, ReportVersion
from reports.services import reports as services

pytestmark = pytest.mark.pdf  # the command's PDF and its page count are read back


def run(*args) -> str:
    out = io.StringIO()
    call_command("build_report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_current_draft_to_the_file(inspection, lead, sample, tmp_path):
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(
        version=version, foreword="Command line foreword.", recommendations=[], revision=1, actor=lead
    )
    target = tmp_path / "northshire.pdf"
    message = run("northshire-2026", "--out", str(target))
    reader = PdfReader(target)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Command line foreword." in text and "DRAFT" in text
    assert "82%" in text
    assert message.startswith(f"Wrote {target}: Northshire, version 1 (Draft), {len(reader.pages)} pages")
    assert not GeneratedPDF.objects.exists()  # the command only reads


def test_before_anything_is_written_it_builds_an_empty_draft(inspection, sample, tmp_path):
    message = run("northshire-2026", "--out", str(tmp_path / "r.pdf"))
    assert "an empty draft" in message
    assert not ReportVersion.objects.exists()


def test_an_unknown_inspection_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="no inspection with slug 'nowhere'"):
        run("nowhere", "--out", str(tmp_path / "r.pdf"))


def test_a_missing_output_folder_is_an_error(inspection, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("northshire-2026", "--out", str(tmp_path / "missing" / "r.pdf"))
