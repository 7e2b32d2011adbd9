"""No inline script or style in any template, so the strict CSP (no 'unsafe-inline') holds.

Scripts go in static/js/*.js and styles in static/css/*.css. A page that truly needs an inline
script must carry the nonce (`<script nonce="{{ csp_nonce }}">`); that is allowed here.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "static", "staticfiles", ".git"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.I | re.S)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def templates() -> list[Path]:
    found = []
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if directory.parts[len(ROOT.parts)] in SKIP_DIRS:
            continue
        found += [p for p in directory.rglob("*") if p.is_file() and p.suffix in {".html", ".txt", ".xml", ".svg"}]
    return sorted(found)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT)
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if not re.search(r"\ssrc\s*=", attributes) and "csp_nonce" not in attributes:
            found.append(f"{where}:{line_of(text, match.start())}: inline <script> (use a static/js file)")
    for pattern, what in [
        (STYLE_ATTRIBUTE, "style= attribute (use a class in static/css)"),
        (EVENT_HANDLER, "inline event handler (use static/js)"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ]:
        found += [f"{where}:{line_of(text, m.start())}: {what}" for m in pattern.finditer(text)]
    return found


def test_the_scan_sees_the_project_and_app_templates():
    names = {str(p.relative_to(ROOT)) for p in templates()}
    assert "templates/base.html" in names
    assert "templates/registration/login.html" in names
    assert any(name.startswith(("cases/templates/", "criteria/templates/")) for name in names)


def test_no_template_has_inline_script_style_or_event_handlers():
    found = [problem for path in templates() for problem in problems(path)]
    assert not found, "Templates break the Content-Security-Policy:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
        '<div class="a" style="color: red">',
        '<p\n  style="margin:0">',
        '<button onclick="go()">',
        '<a href="javascript:void(0)">',
    ],
)
def test_the_scan_catches(tmp_path, html, monkeypatch):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert problems(page)


@pytest.mark.parametrize(
    "html",
    [
        "<script src=\"{% static 'js/app.js' %}\"></script>",
        '<script type="module" src="/static/js/app.js"></script>',
        '<script nonce="{{ csp_nonce }}">start()</script>',
        '<p class="app-style">Styles and onward journeys are fine in text: style="x", onclick="y".</p>',
        '<input data-once="1" name="on">',
    ],
)
def test_the_scan_allows(tmp_path, html, monkeypatch):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert problems(page) == []
