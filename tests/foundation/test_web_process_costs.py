"""What each web process does once rather than in every request: keep its database connection,
and import every view as it starts (bench/pages.py and bench/load.py measured both)."""

import os
import subprocess
import sys
from pathlib import Path

from inspection.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_a_postgres_connection_is_kept_between_requests_and_checked_before_reuse(monkeypatch):
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    config = database_from_url("postgres://app@db.internal/inspections")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_db_conn_max_age_zero_opens_a_connection_per_request(monkeypatch):
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    assert database_from_url("postgres://app@db.internal/inspections")["CONN_MAX_AGE"] == 0


def test_the_wsgi_application_loads_every_view_as_the_process_starts_and_leaves_no_connection_open():
    script = (
        "import sys\n"
        "import inspection.wsgi\n"
        "from django.db import connections\n"
        "assert 'reports.views.scores' in sys.modules and 'cases.views.assessment' in sys.modules\n"
        "assert all(c.connection is None for c in connections.all(initialized_only=True))\n"
        "print('warm')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "inspection.test_settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("warm")


def test_gunicorn_preloads_the_application_in_its_master():
    config = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own config file
    assert config["preload_app"] is True
    assert config["wsgi_app"] == "inspection.wsgi:application"
