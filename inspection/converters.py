"""Path converters for the URL segments that are data rather than slugs: case references,
criterion and question codes, statuses. ``<code:case_ref>`` is Django's ``<str:>`` without control
characters (a NUL reaches PostgreSQL as a DataError, a 500) and at most 100 characters (every code
and reference column is shorter), so such a URL is a 404 before any view runs.

Registered once, when the first URLconf imports this module."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class CodeConverter(StringConverter):
    regex = "[^/\x00-\x1f\x7f-\x9f]{1,100}"


register_converter(CodeConverter, "code")
