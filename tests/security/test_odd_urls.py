"""Every URL pattern (walked from the resolver, the Django admin's too) requested with odd values in
each of its parameters and in the query string, as an admin and as a lead: never a 500.

Each odd value in a parameter has the other parameters real; the odd query string goes with every
parameter real, so it reaches the view rather than a "not found" for the path.

Odd values: a NUL byte (PostgreSQL refuses it: DataError), "²" (str.isdigit() is true, int() fails),
a very long value, unicode, "..". Run on PostgreSQL too (DATABASE_URL=... TEST_DATABASE_NAME=...),
where the NUL byte shows.
"""

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import StringConverter

from tests import factories

ODD = ["\x00", "²", "x" * 300, "é漢字\u202e", "..", "a\x00b"]
ODD_QUERY = (
    "&".join(
        f"{name}={quote(value)}"
        for name in ("version", "unit", "assessor", "by", "page", "next", "status", "inspection", "charts")
        for value in ("²",)
    )
    + "&q=%00&marking=%00"
)
SENTINEL = "zzsentinel{}zz"


def routes(patterns=None, namespace="", converters=None):
    """(name, {parameter: converter}) for every named route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        found = (converters or {}) | getattr(entry.pattern, "converters", {})
        if not getattr(entry.pattern, "converters", None):  # a regex route: named groups have fixed choices
            regex = entry.pattern.regex
            found = found | dict.fromkeys(regex.groupindex)
            found = found | {i: StringConverter() for i in range(regex.groups - len(regex.groupindex))}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


def real_values(name: str, inspection, case) -> dict:
    """Values that exist, so the odd one in another parameter reaches the view's lookups."""
    slug = inspection.criteria_set.slug if name.startswith("criteria:") else inspection.slug
    return {
        "slug": slug,
        "criteria_slug": inspection.criteria_set.slug,
        "case_ref": case.case_ref,
        "criterion_code": "A.1",
        "question_code": "A.1.01",
        "code": "A",
        "status": "moderation",
        "app_label": "cases",
    }


def urls_for(name: str, converters: dict, inspection, case) -> list[str]:
    """The route's URL with each parameter in turn made odd, the others real; then its URL with every
    parameter real, for the odd query string (which a real address takes through to the view)."""
    known = real_values(name, inspection, case)
    fixed = {param: known[param] for param, converter in converters.items() if converter is None}
    sentinels = {
        param: 900000 + i if converter.regex.startswith("[0-9]") else SENTINEL.format(i)
        for i, (param, converter) in enumerate(converters.items())
        if converter is not None
    }
    if any(isinstance(param, int) for param in sentinels):  # unnamed groups: positional arguments
        template = reverse(name, args=list(sentinels.values()))
    else:
        template = reverse(name, kwargs=fixed | sentinels)

    def url_with(param=None, odd=None):
        url = template
        for other, sentinel in sentinels.items():
            url = url.replace(str(sentinel), quote(odd if other == param else str(known.get(other, 1))))
        return url

    real = url_with()
    return [url_with(param, odd) for param in sentinels for odd in ODD] + [real, f"{real}?{ODD_QUERY}"]


@pytest.fixture
def case(inspection):
    return factories.CaseFactory(inspection=inspection, case_ref="NS001")


# The sweep in parts of similar size (a part per test, so pytest-xdist's workers share it).
PARTS = ["admin", "cases", "reports", "others"]


def part(name: str) -> str:
    namespace = name.partition(":")[0] if ":" in name else ""
    return namespace if namespace in PARTS else "others"


@pytest.mark.parametrize("routes_of", PARTS)
@pytest.mark.parametrize("persona", ["admin", "lead"])
def test_no_url_pattern_gives_a_500_for_odd_values(client, request, persona, routes_of, inspection, case, lead):
    user = request.getfixturevalue(persona)
    if persona == "admin":
        user.is_superuser = True  # every admin page, so the sweep reaches their lookups too
        user.save()
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    swept = sorted((name, converters) for name, converters in routes() if part(name) == routes_of)
    assert swept, f"no route in the part {routes_of!r}"
    for name, converters in swept:
        for url in urls_for(name, converters, inspection, case):
            status = client.get(url).status_code
            if status >= 500:
                failures.append((name, url[:120], status))

    assert failures == []


def test_the_sweep_covers_every_app_and_the_admin():
    names = {name for name, _ in routes()}
    assert {"cases:case_detail", "reports:report_docx", "criteria:set_detail", "admin:auth_user_change"} <= names
    assert {part(name) for name in names} == set(PARTS)  # every route falls in one of the parts swept
