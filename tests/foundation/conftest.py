"""A real Chromium for the foundation's browser checks (Debian's chromium, driven by Playwright).

Skipped when chromium is not installed, unless REQUIRE_BROWSER=1 (CI sets it), which makes a
missing browser a failure instead.
"""

import os
import shutil

import pytest

CHROMIUM = os.getenv("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.getenv("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would refuse the test's own
    # database queries while it runs. The app itself runs in live_server's thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class PageWatch:
    """Everything that went wrong while a page loaded: CSP violations, script errors, failed requests."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        # Runs before any page script, outside the CSP (it is injected by the browser itself).
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at line ' + e.lineNumber));"
        )

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()
