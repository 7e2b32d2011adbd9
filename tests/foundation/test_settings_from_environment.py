"""Settings read from environment variables: DATABASE_URL parsing, typed helpers, production defaults."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from inspection.settings import database_from_url, envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_url_with_an_absolute_path_gives_that_file():
    assert database_from_url("sqlite:////srv/app/db.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/app/db.sqlite3",
    }


def test_sqlite_url_without_a_path_is_an_in_memory_database():
    assert database_from_url("sqlite://")["NAME"] == ":memory:"


def test_postgres_url_gives_every_connection_part(monkeypatch):
    monkeypatch.delenv("TEST_DATABASE_NAME", raising=False)
    config = database_from_url("postgres://inspector:s3cret@db.internal:6543/inspections")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "inspections",
        "inspector",
        "s3cret",
        "db.internal",
        "6543",
    )
    assert config["TEST"] == {"NAME": None}


def test_postgresql_scheme_and_percent_encoded_credentials_are_understood():
    config = database_from_url("postgresql://app%40team:p%2Fss%3Aword@localhost/case%20db")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["NAME"]) == ("app@team", "p/ss:word", "case db")
    assert config["PORT"] == ""


def test_postgres_test_database_name_comes_from_test_database_name(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_NAME", "test_someone")
    assert database_from_url("postgres://postgres@127.0.0.1:5432/postgres")["TEST"] == {"NAME": "test_someone"}


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://root@localhost/db")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("yes", True),
        ("on", True),
        ("On", True),
        (" true ", True),
        ("0", False),
        ("false", False),
        ("False", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_envbool_reads_common_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert envbool("SOME_FLAG", "true") is expected


@pytest.mark.parametrize("value", ["flase", "ture", "y", "n", "2", "enabled", "true!"])
def test_envbool_refuses_an_unknown_spelling_naming_the_variable_and_the_accepted_values(monkeypatch, value):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        envbool("SECURE_SSL_REDIRECT", "true")
    message = str(refused.value)
    assert f"SECURE_SSL_REDIRECT={value!r}" in message
    assert all(repr(spelling) in message for spelling in ("1", "true", "yes", "on", "0", "false", "no", "off"))


def test_envbool_refuses_an_unknown_default_too(monkeypatch):
    monkeypatch.delenv("UNSET_SETTING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="UNSET_SETTING"):
        envbool("UNSET_SETTING", "maybe")


def test_env_helpers_fall_back_to_their_default_when_unset(monkeypatch):
    monkeypatch.delenv("UNSET_SETTING", raising=False)
    assert envbool("UNSET_SETTING", "true") is True
    assert envint("UNSET_SETTING", "42") == 42
    assert envlist("UNSET_SETTING", "a, b") == ["a", "b"]


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED", " inspections.example.org , ,localhost,")
    assert envlist("ALLOWED", "") == ["inspections.example.org", "localhost"]


@pytest.mark.parametrize("value", ["a year", "", "1.5", "31536000s", "0x10"])
def test_envint_refuses_a_non_number_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match=re.escape(f"SECURE_HSTS_SECONDS={value!r} is not a whole number")):
        envint("SECURE_HSTS_SECONDS", "0")


def test_envint_reads_a_whole_number_with_surrounding_spaces(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", " 3600 ")
    assert envint("SESSION_COOKIE_AGE", "0") == 3600


# The settings module is read once per process, so the behaviour of settings as a whole is
# checked in a fresh interpreter with a controlled environment.
PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in [
    "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS",
]} | {"ENGINE": settings.DATABASES["default"]["ENGINE"]}, default=list))
"""


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "inspection.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


SETTINGS_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_PROXY",
    "DJANGO_SETTINGS_MODULE",
}


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_runs_without_a_secret_key_on_sqlite_for_local_use():
    result = run_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["SECURE_SSL_REDIRECT"] is False


def test_production_defaults_are_https_only():
    result = run_settings(SECRET_KEY="x" * 60, ALLOWED_HOSTS="inspections.example.org")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["inspections.example.org"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_a_misspelt_security_switch_stops_the_settings_from_loading():
    result = run_settings(SECRET_KEY="x" * 60, ALLOWED_HOSTS="inspections.example.org", SECURE_SSL_REDIRECT="flase")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_SSL_REDIRECT='flase' is not a yes/no value" in result.stderr


def test_behind_proxy_trusts_the_forwarded_protocol_header():
    result = run_settings(
        SECRET_KEY="x" * 60,
        BEHIND_PROXY="true",
        DATABASE_URL="postgres://app@db.internal/inspections",
        CSRF_TRUSTED_ORIGINS="https://inspections.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://inspections.example.org"]
    assert values["ENGINE"] == "django.db.backends.postgresql"
