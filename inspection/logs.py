"""Logs as JSON lines, and one log line per request, without case data.

A line carries the time, level, logger and message; a request line also carries the method, the
path, the status, the duration and the user's id. Never logged: query strings, form data, headers,
cookies, and URL parts that can hold case data (only ``int`` and ``slug`` URL parameters keep their
values: a case reference becomes ``<case_ref>``). Tracebacks keep the exception's type and stack
but not its message, which can quote data (a database error names the duplicate key's values).
"""

import json
import logging
import re
import time
import traceback
from datetime import UTC, datetime

REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")
KEPT_CONVERTERS = ("int", "slug")
_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")

request_logger = logging.getLogger("inspection.requests")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra attributes only from REQUEST_FIELDS (never a request object)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message_without_path_data(record),
        }
        entry.update({field: getattr(record, field) for field in REQUEST_FIELDS if hasattr(record, field)})
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = exception_without_message(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def message_without_path_data(record: logging.LogRecord) -> str:
    """The message, with the request's path as loggable_path gives it (Django's "Not Found: /path")."""
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if not isinstance(path, str) or not isinstance(record.args, tuple) or not record.args:
        return record.getMessage()
    # django.utils.log.log_message escapes its arguments.
    raw = (path, path.encode("unicode_escape").decode("ascii"))
    return str(record.msg) % tuple(loggable_path(request) if arg in raw else arg for arg in record.args)


def exception_without_message(exc_info) -> str:
    exc_type, _, tb = exc_info
    stack = "".join(traceback.format_tb(tb))
    return (
        f"Traceback (most recent call last):\n{stack}{exc_type.__module__}.{exc_type.__qualname__} (message not logged)"
    )


def loggable_path(request) -> str:
    """The request's path without the values of URL parameters that may hold case data."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        from django.conf import settings

        static = "/" + settings.STATIC_URL.lstrip("/")
        return request.path if request.path.startswith(static) else "(no matching URL)"
    route = match.route
    if "(" in route:  # a regular-expression route (the admin's app index): the pattern holds no data
        return "/" + route

    def value(parameter: re.Match) -> str:
        converter, name = parameter[1] or "str", parameter[2]
        return str(match.kwargs.get(name)) if converter in KEPT_CONVERTERS else f"<{name}>"

    return "/" + _PARAMETER.sub(value, route)


class RequestLogMiddleware:
    """Logs one line per request (the outermost middleware, so the duration covers the others)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        fields = {
            "method": request.method,
            "path": loggable_path(request),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        request_logger.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        return response
