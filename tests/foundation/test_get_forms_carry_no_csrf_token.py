"""No CSRF token in a GET form: it would land in the URL, and so in browser history, server logs and
Referer headers. A GET form changes nothing, so it needs no token.

Two checks: every template is scanned for a GET form (``method="get"``, or no method, which browsers
treat as GET) holding ``{% csrf_token %}``; and the
pages with GET forms built by crispy-forms helpers (the breakdown chooser, the moderation queue) are
fetched and parsed, so a helper that renders a token is caught too.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "static", "staticfiles", ".git"}

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
METHOD = re.compile(r"""\smethod\s*=\s*["']?\s*(\w+)""", re.I)
CSRF_TAG = re.compile(r"{%\s*csrf_token\s*%}")


def templates() -> list[Path]:
    found = []
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if directory.parts[len(ROOT.parts)] in SKIP_DIRS:
            continue
        found += [p for p in directory.rglob("*.html") if p.is_file()]
    return sorted(found)


def is_get(attributes: str) -> bool:
    method = METHOD.search(attributes)
    return method is None or method.group(1).lower() == "get"


def template_problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT)
    return [
        f"{where}:{text.count(chr(10), 0, form.start()) + 1}: a GET form with {{% csrf_token %}}"
        for form in FORM.finditer(text)
        if is_get(form.group(1)) and CSRF_TAG.search(form.group(2))
    ]


class GetFormTokens(HTMLParser):
    """Counts the forms of a page and the CSRF tokens inside its GET forms."""

    def __init__(self):
        super().__init__()
        self.get_forms = 0
        self.in_get_form = False
        self.tokens_in_get_forms: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
            self.get_forms += self.in_get_form
        elif tag == "input" and self.in_get_form and attrs.get("name") == "csrfmiddlewaretoken":
            self.tokens_in_get_forms.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def parsed(html: str) -> GetFormTokens:
    parser = GetFormTokens()
    parser.feed(html)
    parser.close()
    return parser


def test_the_scan_sees_the_templates_with_get_forms():
    names = {str(p.relative_to(ROOT)) for p in templates()}
    assert {"templates/base.html", "cases/templates/cases/moderation/queue.html"} <= names
    assert "reports/templates/reports/scores/breakdown.html" in names


def test_no_template_puts_a_csrf_token_in_a_get_form():
    found = [problem for path in templates() for problem in template_problems(path)]
    assert not found, "CSRF tokens in GET forms (they end up in URLs):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "html",
    [
        '<form method="get">{% csrf_token %}</form>',
        "<form method=GET action='/x'>\n  {%csrf_token%}\n</form>",
        '<form action="/search">{% csrf_token %}<input name="q"></form>',
    ],
)
def test_the_template_scan_catches(tmp_path, html, monkeypatch):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert [p.split(": ", 1)[1] for p in template_problems(page)] == ["a GET form with {% csrf_token %}"]


@pytest.mark.parametrize(
    "html",
    [
        '<form method="post">{% csrf_token %}</form>',
        '<form method="get"><input name="q"></form><form method="post">{% csrf_token %}</form>',
    ],
)
def test_the_template_scan_allows(tmp_path, html, monkeypatch):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert template_problems(page) == []


def test_the_page_parser_finds_a_token_in_a_get_form_only():
    page = (
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a"></form>'
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="b"></form>'
        '<form method="GET"><input type="hidden" name="csrfmiddlewaretoken" value="c"></form>'
    )
    assert parsed(page).tokens_in_get_forms == ["b", "c"]


@pytest.fixture
def scored(inspection, lead):
    unit = factories.UnitFactory(inspection=inspection, name="North")
    factories.CaseFactory(inspection=inspection, case_ref="NS001", unit=unit)
    return inspection


@pytest.mark.parametrize("query", ["", "?by=unit", "?by=unit&preview=1", "?by=nonsense"])
def test_the_breakdown_chooser_puts_no_csrf_token_in_the_url(client, scored, lead, query):
    client.force_login(lead)
    response = client.get(reverse("reports:scores_breakdown", args=[scored.slug]) + query)
    assert response.status_code == 200
    page = parsed(response.content.decode())
    assert page.get_forms == 1  # the chooser
    assert page.tokens_in_get_forms == []


def test_the_scores_page_breakdown_form_puts_no_csrf_token_in_the_url(client, scored, lead):
    client.force_login(lead)
    response = client.get(reverse("reports:scores", args=[scored.slug]))
    assert response.status_code == 200
    page = parsed(response.content.decode())
    assert page.get_forms >= 1
    assert page.tokens_in_get_forms == []


def test_the_moderation_queue_filter_puts_no_csrf_token_in_the_url(client, inspection, lead):
    client.force_login(lead)
    response = client.get(reverse("cases:moderation_queue", args=[inspection.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    page = parsed(html)
    assert page.get_forms == 1  # the filters
    assert page.tokens_in_get_forms == []
    assert "csrfmiddlewaretoken" in html  # the dip sample's POST form keeps its token
