"""Every page each role reaches, at a phone's width and a desktop's (WCAG 2.2: 1.4.10 reflow, 2.5.8
target size): the demo data (``seed_demo``), then for the admin, the lead, an inspector, the local
assessor and quality assurance, a crawl that follows the site's own links from the landing page. At
375 px no page is wider than the screen (a wide table scrolls inside its own region) and axe finds
no violation; at 1280 px axe finds none either. Downloads, sign-out and Django's admin are not
followed; one page of each kind (route and query keys) is visited per role."""

import io
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.browser_fixtures import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
ROLES = ["demo-admin", "demo-lead", "demo-inspector2", "demo-assessor", "demo-qa"]
# Links that are not pages: files, JSON, the session's keep-alive, signing out.
NOT_PAGES = {
    "set_export",
    "scores_csv",
    "scores_xlsx",
    "judgements_csv",
    "agreement_csv",
    "moderation_figures_csv",
    "report_docx",
    "report_pdf_download",
    "report_pdf_status",
    "session_keep_alive",
    "logout",
}
# Pages that read the same for everyone: visited once, by the first role.
SAME_FOR_EVERYONE = {"help", "accessibility", "privacy", "account", "password_change"}
# Pages whose rows are written in Python (cases/views/tables.py, reports/views/*tables.py) among them.
SCREENSHOTS = {
    "inspection_list",
    "sample",
    "set_list",
    "dashboard",
    "moderation_queue",
    "report_finalise",
    "allocation",
    "agreement",
    "scores",
    "breakdown",
    "double_marking",
}


def _kind(url: str, base: str) -> tuple[str, tuple[str, ...]] | None:
    """What kind of page a link opens (its route and query keys), or None when it is not followed."""
    parts = urlsplit(url)
    if not url.startswith(base) or parts.path.startswith(("/admin/", "/static/", "/media/")):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name in NOT_PAGES:
        return None
    keys = tuple(sorted(f"{k}={v}" if k == "marking" else k for k, v in parse_qsl(parts.query)))
    return match.route, keys


def _too_wide(page) -> str:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return ""
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => {"
        "  if (e.getBoundingClientRect().right <= 376) return false;"
        "  if (getComputedStyle(e).position === 'absolute') return true;"
        "  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)"
        "    if (getComputedStyle(a).overflowX !== 'visible') return false;"
        "  return true; })"
        ".slice(-3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    return f"{width} px wide ({', '.join(wide)})"


def _violations(browsing, page) -> list[str]:
    try:
        browsing.axe(page, page.url)
    except AssertionError as failure:
        return [str(failure).split(": ", 1)[-1]]
    return []


def crawl(browsing, page, username: str, everyones: set) -> tuple[int, list[str]]:
    """Visit one page of each kind the user's links reach; the pages visited and the problems found.
    ``everyones``: the pages the same for everyone already visited (by another role)."""
    base = browsing.base_url
    queue, seen, problems, visited = [f"{base}/inspections/"], set(), [], 0
    while queue:
        url = queue.pop(0)
        kind = _kind(url, base)
        if kind is None or kind in seen or kind in everyones:
            continue
        seen.add(kind)
        if resolve(urlsplit(url).path).url_name in SAME_FOR_EVERYONE:
            everyones.add(kind)
        page.set_viewport_size(PHONE)
        response = page.goto(url)
        visited += 1
        where = f"{username} {urlsplit(url).path}?{urlsplit(url).query}"
        if response is None or response.status != 200:
            problems.append(f"{where}: a link leads to a {response.status if response else 'missing'} page")
            continue
        if wide := _too_wide(page):
            problems.append(f"{where} at 375 px: {wide}")
        problems += [f"{where} at 375 px: axe {v}" for v in _violations(browsing, page)]
        name = resolve(urlsplit(url).path).url_name
        if name in SCREENSHOTS and username == "demo-lead":
            browsing.screenshot(page, f"crawl-{name}-375")
        page.set_viewport_size(DESKTOP)
        problems += [f"{where} at 1280 px: axe {v}" for v in _violations(browsing, page)]
        if name in SCREENSHOTS and username == "demo-lead":
            browsing.screenshot(page, f"crawl-{name}-1280")
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href.split('#')[0])")
        queue += [link for link in links if link not in queue]
    return visited, problems


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    for user in get_user_model().objects.filter(username__in=ROLES):
        user.set_password(PASSWORD)
        user.save()


def test_every_page_each_role_reaches_fits_a_phone_and_passes_axe_at_both_widths(browsing, new_page, demo):
    problems, visits, everyones = [], {}, set()
    for username in ROLES:
        page = new_page()
        page.set_default_timeout(60_000)  # a long crawl on a shared machine: a slow page is not a failure here
        browsing.sign_in(page, username)
        visits[username], found = crawl(browsing, page, username, everyones)
        problems += found
    print(f"pages visited per role: {visits}")
    assert all(count >= 5 for count in visits.values()), visits
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems)
