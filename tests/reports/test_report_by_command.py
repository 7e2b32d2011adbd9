"""A report made from the command line alone: load the criteria, create the inspection, import its
sample and judgements, build a draft, finalise (starting the report as the report page does) and
build the final, with no page opened in between."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cases.models import Inspection
from cases.services.inspections import change_status
from reports.models import Report, ReportVersion
from tests.conftest import SMALL_SET

from .test_report_finalising import text_of

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def sample_and_judgements(folder):
    sample = ["case_ref,unit,sentence_type,rosh"]
    judgements = ["case_ref,question_code,answer"]
    for n in range(12):
        ref, sentence = f"C{n:02d}", "licence" if n % 3 == 0 else "community_order"
        rosh = "high" if n % 4 == 0 else "medium"
        sample.append(f"{ref},{'North' if n < 6 else 'South'},{sentence},{rosh}")
        judgements += [f"{ref},A.1.01,{'on_time' if n < 9 else 'late'}", f"{ref},A.1.02,yes"]
        if rosh == "high":
            judgements.append(f"{ref},A.1.03,yes")
        if sentence == "licence":
            judgements.append(f"{ref},A.2.01,no")
    (folder / "sample.csv").write_text("\n".join(sample) + "\n")
    (folder / "judgements.csv").write_text("\n".join(judgements) + "\n")


@pytest.mark.pdf
def test_import_build_and_finalise_by_command(tmp_path, db):
    sample_and_judgements(tmp_path)
    run("load_criteria", str(SMALL_SET))
    run("create_inspection", "eastshire-2026", "--criteria", "small-2026", "--name", "Eastshire")
    run("import_sample", "eastshire-2026", str(tmp_path / "sample.csv"))
    run("import_judgements", "eastshire-2026", str(tmp_path / "judgements.csv"))
    assert "empty draft" in run("build_report", "eastshire-2026", "--out", str(tmp_path / "draft.pdf"))

    with pytest.raises(CommandError, match="cannot be finalised yet"):
        run("finalise_report", "eastshire-2026")  # still at fieldwork
    assert not Report.objects.exists()  # a refusal starts nothing

    get_user_model().objects.create_user("lena")
    run("add_member", "eastshire-2026", "lena", "--role", "lead")
    inspection = Inspection.objects.get(slug="eastshire-2026")
    for status in (Inspection.Status.FIELDWORK, Inspection.Status.MODERATION, Inspection.Status.REPORTING):
        inspection = change_status(inspection=inspection, status=status)
    assert "Finalised version 1" in run("finalise_report", "eastshire-2026", "--by", "lena")
    version = ReportVersion.objects.get()
    assert version.is_final and version.created_by.username == "lena"
    run("build_report", "eastshire-2026", "--out", str(tmp_path / "final.pdf"))
    text = text_of((tmp_path / "final.pdf").read_bytes())
    assert "1 (final)" in text and "9 12 75%" in text
