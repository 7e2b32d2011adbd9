"""Logs are JSON lines without case data: requests are logged with method, path (no query string,
no case reference), status, duration and user id; form data and exception messages never are."""

import json
import logging
import sys

import pytest
from django.urls import reverse

from inspection.logs import JsonFormatter
from tests import factories

CASE_REF = "ZQ-CASE-4711"


def lines(caplog) -> list[str]:
    formatter = JsonFormatter()
    return [formatter.format(record) for record in caplog.records]


def request_entries(caplog) -> list[dict]:
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "inspection.requests"]


@pytest.fixture
def case(inspection):
    return factories.CaseFactory(inspection=inspection, case_ref=CASE_REF)


def test_a_log_line_is_one_json_object_with_time_level_logger_and_message():
    record = logging.LogRecord("inspection.example", logging.WARNING, __file__, 1, "%s\nrecords", ("two",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.pop("time").endswith("+00:00")
    assert entry == {"level": "WARNING", "logger": "inspection.example", "message": "two\nrecords"}


def test_a_traceback_is_logged_with_its_stack_but_without_the_exception_message():
    try:
        raise ValueError(f"duplicate key (case_ref)=({CASE_REF})")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert CASE_REF not in json.dumps(entry)
    assert "test_logs.py" in entry["exception"]
    assert entry["exception"].endswith("builtins.ValueError (message not logged)")


def test_a_request_is_logged_with_method_path_status_duration_and_user_id(client, lead, case, caplog):
    client.force_login(lead)
    caplog.set_level(logging.INFO)
    client.get(reverse("cases:case_detail", args=[case.inspection.slug, CASE_REF]) + "?q=secret-search")
    (entry,) = request_entries(caplog)
    assert entry["message"] == "GET /inspections/northshire-2026/cases/<case_ref>/ " + str(entry["status"])
    assert entry["method"] == "GET"
    assert entry["path"] == "/inspections/northshire-2026/cases/<case_ref>/"
    assert entry["user_id"] == lead.pk
    assert entry["status"] in (200, 403, 404)
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert not any(CASE_REF in line or "secret-search" in line for line in lines(caplog))


def test_anonymous_requests_and_unknown_addresses_are_logged_without_the_path_typed(client, db, caplog):
    caplog.set_level(logging.INFO)
    client.get(f"/no-such-page/{CASE_REF}/")
    client.get("/health/")
    first, second = request_entries(caplog)
    assert (first["path"], first["status"], first["user_id"]) == ("(no matching URL)", 404, None)
    assert (second["path"], second["status"]) == ("/health/", 200)
    assert not any(CASE_REF in line for line in lines(caplog))


def test_form_data_and_case_references_never_reach_the_logs(client, lead, case, caplog):
    client.force_login(lead)
    caplog.set_level(logging.DEBUG)
    slug = case.inspection.slug
    client.post(reverse("cases:case_add", args=[slug]), {"case_ref": "ZQ-NEW-0815", "unit": "Secret unit"})
    client.post(reverse("cases:case_edit", args=[slug, CASE_REF]), {"case_ref": CASE_REF, "offence_type": "x" * 9})
    client.get(reverse("cases:case_detail", args=[slug, "ZQ-MISSING-1"]))
    logged = "\n".join(lines(caplog))
    assert "inspection.requests" in logged
    for secret in (CASE_REF, "ZQ-NEW-0815", "Secret unit", "ZQ-MISSING-1", "xxxxxxxxx"):
        assert secret not in logged


def test_djangos_own_not_found_warning_names_the_path_without_the_case_reference(client, lead, inspection, caplog):
    client.force_login(lead)
    caplog.set_level(logging.WARNING, logger="django.request")
    client.get(reverse("cases:case_detail", args=[inspection.slug, "ZQ-MISSING-2"]))
    messages = [json.loads(line)["message"] for line in lines(caplog) if '"django.request"' in line]
    assert messages == ["Not Found: /inspections/northshire-2026/cases/<case_ref>/"]
