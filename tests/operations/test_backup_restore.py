"""scripts/backup.sh and scripts/restore.sh (PostgreSQL only): a database restored from a backup
gives the same scores, the same history and the same report figures as the one backed up."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

pytestmark = [
    pytest.mark.skipif(
        not os.getenv("DATABASE_URL", "").startswith("postgres"), reason="backup and restore need PostgreSQL"
    ),
    # Transactional: pg_dump, another connection, sees only committed data.
    pytest.mark.django_db(transaction=True),
    pytest.mark.pdf,  # the report's text: rendered for real (tests/conftest.py stubs it otherwise)
]


def database_url(name: str) -> str:
    config = connection.settings_dict
    credentials = quote(config["USER"], safe="") + (
        f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{name}"


def run(*command: str, url: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "inspection.test_settings"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=check, timeout=300)


def scores_and_report(slug: str, pdf: Path, url: str | None = None) -> tuple[str, str]:
    """export_scores --by unit and the build_report PDF's text: here, or in one process on ``url``."""
    if url is None:
        out = io.StringIO()
        call_command("export_scores", slug, "--by", "unit", stdout=out)
        call_command("build_report", slug, "--out", str(pdf), stdout=io.StringIO())
        scores = out.getvalue()
    else:
        script = (
            "import io; from django.core.management import call_command; "
            f"call_command('export_scores', {slug!r}, '--by', 'unit'); "
            f"call_command('build_report', {slug!r}, '--out', {str(pdf)!r}, stdout=io.StringIO())"
        )
        scores = run(sys.executable, "manage.py", "shell", "--no-imports", "-c", script, url=url).stdout
    scores = scores.replace("\r\n", "\n")  # the CSV's line ends (a subprocess's text mode turns them into \n)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return scores, re.sub(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", "<date>", text)  # the cover's build date


def write_csv(path: Path, rows: list[dict]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def build_small_inspection(inspection, lead, client, folder: Path) -> None:
    """12 cases in two units, every applicable question answered (then a few re-answered), a report with a PDF."""
    cases = [
        {
            "case_ref": f"BK{i:03d}",
            "unit": "North" if i < 6 else "South",
            "sentence_type": ["community_order", "licence", "custody"][i % 3],
            "rosh": "high" if i % 4 == 0 else "medium",
        }
        for i in range(12)
    ]
    call_command("import_sample", inspection.slug, str(write_csv(folder / "sample.csv", cases)), verbosity=0)

    def judgements(shift: int) -> list[dict]:
        rows = []
        for i, case in enumerate(cases):
            answers = {
                "A.1.01": ["on_time", "on_time", "late", "no"][(i + shift) % 4],
                "A.1.02": "no" if i == 3 else "yes",
            }
            if case["rosh"] == "high":
                answers["A.1.03"] = "yes" if (i + shift) % 3 else "no"
            if case["sentence_type"] != "community_order":
                answers["A.2.01"] = "yes" if i % 5 else "no"
            rows += [
                {"case_ref": case["case_ref"], "question_code": q, "answer": a, "rationale": "Seen."}
                for q, a in answers.items()
            ]
        return rows

    call_command("import_judgements", inspection.slug, str(write_csv(folder / "j1.csv", judgements(0))), verbosity=0)
    call_command("import_judgements", inspection.slug, str(write_csv(folder / "j2.csv", judgements(1))), verbosity=0)

    client.force_login(lead)
    summary = {"foreword": "A small inspection.", "recommendations": "Plan releases earlier.", "revision": "1"}
    assert client.post(reverse("reports:report_summary", args=[inspection.slug]), summary).status_code == 302
    assert client.post(reverse("reports:report_generate", args=[inspection.slug])).status_code == 302


def history_counts(url: str) -> dict[str, int]:
    tables = sorted(m._meta.db_table for m in apps.get_models() if any(f.name == "history_id" for f in m._meta.fields))
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres").replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_gives_the_same_scores_history_and_report_figures(
    inspection, lead, client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_small_inspection(inspection, lead, client, tmp_path)
    source = database_url(connection.settings_dict["NAME"])
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    target = database_url(restored_name)
    drop_database(restored_name)
    try:
        backup = tmp_path / "backup.dump"
        run("scripts/backup.sh", str(backup), url=source)
        assert backup.stat().st_mode & 0o077 == 0  # case data: readable by its owner only
        run("scripts/restore.sh", str(backup), url=target)

        scores, text = scores_and_report(inspection.slug, tmp_path / "source.pdf")
        assert scores_and_report(inspection.slug, tmp_path / "restored.pdf", url=target) == (scores, text)
        assert re.search(r"^question,A\.1\.01,.*,all,all,\d+,12,", scores, re.MULTILINE)
        assert "Plan releases earlier." in text and "%" in text

        counts = history_counts(source)
        assert counts["cases_historicaljudgement"] > 40  # two imports: created, then changed
        assert history_counts(target) == counts

        again = run("scripts/restore.sh", str(backup), url=target, check=False)
        assert again.returncode == 1
        assert "already has" in again.stderr
    finally:
        drop_database(restored_name)
