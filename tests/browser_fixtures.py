"""Browser fixtures for every end-to-end test: Playwright driving Debian's chromium against
pytest-django's live server (registered as a plugin by the root conftest.py).

- Chromium is /usr/bin/chromium (or CHROMIUM_PATH) (``apt-get install chromium``). Without it the browser tests are
  skipped with the reason, unless REQUIRE_BROWSER=1 (CI), when they fail instead.
- The live server serves static files itself ('django.contrib.staticfiles' is installed).
- Pages keep their strict Content-Security-Policy: axe-core is injected through the DevTools
  protocol (``page.evaluate``), which the CSP does not govern, instead of an inline <script> tag
  (``add_script_tag``) that the CSP rightly blocks. Any CSP violation a page logs fails the test.
- Every page is watched for script errors too (``Browsing.problems``).
- Screenshots of the main pages go to test-artifacts/screenshots/ (gitignored).
- ``Browsing.sign_in`` signs in through the pages, second factor included: on a persona's first
  sign-in it sets up the authenticator from the key the set-up page shows.
"""

import json
import os
from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def chromium(browsing, monkeypatch):
    """Debian's chromium, started for one test and stopped before its database is flushed.

    Not pytest-playwright's session-wide browser: Playwright's sync API leaves an asyncio loop
    marked as running in this thread for as long as it lives, which Django's ORM refuses to run
    beside (SynchronousOnlyOperation) — so it lives only while a browser test runs, and for
    that time the test's own synchronous ORM calls are allowed.
    """
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    if not AXE.exists():
        _unavailable(f"{AXE} is missing: run 'npm ci'")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, browsing):
    """Opens a page in a fresh browser context (its own cookies: one signed-in person each)."""
    contexts = []

    def open_page():
        context = chromium.new_context(base_url=browsing.base_url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return browsing.watch(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


class Browsing:
    """Helpers bound to the live server: sign in, check accessibility, keep a screenshot."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.csp_violations: list[str] = []
        self.script_errors: list[str] = []

    def watch(self, page):
        page.on(
            "console",
            lambda msg: self.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        # Runs before any page script, outside the CSP (the browser injects it itself): a page can
        # then be asked for the violations it saw, not only those logged to the console.
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at line ' + e.lineNumber));"
        )
        return page

    @staticmethod
    def page_csp_violations(page) -> list[str]:
        return page.evaluate("window.__cspViolations")

    def sign_in(self, page, username: str):
        """Sign in as a person does: username and password, then the second factor."""
        page.goto(f"{self.base_url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        self.pass_second_factor(page, username)

    @staticmethod
    def pass_second_factor(page, username: str):
        """On first sign-in, set up the authenticator from the key the page shows and move past the
        recovery codes; later, enter the code the user's authenticator shows now."""
        from tests.second_factor import authenticator, code_for

        if "/accounts/two-factor/set-up/" in page.url:
            key = page.locator("#setup-key").text_content()
            page.get_by_label("Security code").fill(f"{TOTP(b32decode(''.join(key.split()))).token():06d}")
            page.get_by_role("button", name="Continue").click()
            page.get_by_role("link", name="Continue").click()  # past the recovery codes
        elif "/accounts/two-factor/" in page.url:
            page.get_by_label("Security code").fill(
                code_for(authenticator(get_user_model().objects.get(username=username)))
            )
            page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)

    def axe(self, page, name: str) -> None:
        """Run axe-core on the page: zero WCAG 2.2 A/AA violations, each printed when failing."""
        if page.evaluate("typeof window.axe") == "undefined":
            page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: tags}).then(r => r.violations.map(v => ({"
            "id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': '"
            " + n.failureSummary)})))",
            AXE_TAGS,
        )
        if violations:
            print(f"axe violations on {name}:\n{json.dumps(violations, indent=2)}")
        assert violations == [], f"{len(violations)} accessibility violation(s) on {name}: " + ", ".join(
            v["id"] for v in violations
        )

    def screenshot(self, page, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def browsing(live_server, transactional_db):
    helper = Browsing(live_server.url)
    yield helper
    assert helper.csp_violations == [], helper.csp_violations
    assert helper.script_errors == [], helper.script_errors
