"""Checks a running deployment over HTTP as a load balancer and a lead inspector would (standard
library only; run by scripts/topology_check.sh):

    python scripts/topology_probe.py http://127.0.0.1:PORT --username U --password P \
        --inspection SLUG --logs web.log worker.log

Waits for /health/ to answer 200, signs in through the sign-in form and the two-factor set-up
(computing the authenticator app's code), opens a case page and a static file, requests a report
PDF and waits for the task worker to build it, then downloads it. Requests carry
X-Forwarded-Proto: https, as the TLS-terminating proxy would send them, except the health checks
(load balancers probe over plain HTTP). Then checks that every line of the log files is a JSON
object and that none holds a secret (the password, the authenticator key, the session cookie,
the case reference opened) or a query string. Exits non-zero, saying what failed, at the first
failure.
"""

import argparse
import base64
import hmac
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie


class Failure(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A minimal browser: keeps cookies (also Secure ones: TLS ends at the proxy), follows no redirects."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.origin = "https://" + urllib.parse.urlsplit(self.base).netloc
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, path: str, data: dict | None = None, *, proxied: bool = True) -> tuple[int, dict, bytes]:
        headers = {"X-Forwarded-Proto": "https"} if proxied else {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers |= {"Origin": self.origin, "Referer": self.origin + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 (our own server)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, header, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, header, content = error.code, error.headers, error.read()
        for value in header.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(value)
            self.cookies |= {name: morsel.value for name, morsel in cookie.items()}
        return status, dict(header), content

    def page(self, path: str) -> str:
        status, _, content = self.request(path)
        if status != 200:
            raise Failure(f"GET {path}: {status}")
        return content.decode()


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise Failure("no CSRF token in the form")
    return found[1]


def wait_healthy(browser: Browser, timeout: float = 90) -> None:
    deadline, reason = time.monotonic() + timeout, "no answer"
    while time.monotonic() < deadline:
        try:
            status, _, content = browser.request("/health/", proxied=False)
            if status == 200 and content == b"ok\n":
                print("ok: /health/ answers 200 (database and worker heartbeat)")
                return
            reason = f"{status} {content.decode(errors='replace').strip()}"
        except OSError as error:
            reason = str(error)
        time.sleep(1)
    raise Failure(f"/health/ did not answer 200 within {timeout:.0f} s: {reason}")


def totp(key: str, at: float | None = None) -> str:
    """The code an authenticator app shows for a base32 ``key`` (RFC 6238: SHA-1, 30 s, 6 digits)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(key + "=" * (-len(key) % 8)), struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(browser: Browser, username: str, password: str) -> str:
    """The sign-in form, then the second factor as on a first sign-in: the set-up page's key goes into
    an "authenticator app" (totp), whose code confirms it. Returns the key (it must never be logged)."""
    token = csrf_token(browser.page("/accounts/login/"))
    status, headers, _ = browser.request(
        "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    if status != 302 or "/accounts/login/" in headers.get("Location", ""):
        raise Failure(f"sign-in as {username}: {status}, not a redirect away from the sign-in page")
    setup = browser.page("/accounts/two-factor/set-up/")
    key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', setup)
    if not key:
        raise Failure("no authenticator key on the two-factor set-up page")
    key = key[1].replace(" ", "")
    status, _, _ = browser.request(
        "/accounts/two-factor/set-up/", {"code": totp(key), "csrfmiddlewaretoken": csrf_token(setup)}
    )
    if status != 302:
        raise Failure(f"two-factor set-up as {username}: {status}, the code was not accepted")
    print(f"ok: signed in as {username} through the sign-in form and the two-factor set-up")
    return key


def open_a_case(browser: Browser, slug: str) -> str:
    """Opens the first case of the dashboard (with a query string) and its stylesheet; returns its reference."""
    dashboard = browser.page(f"/inspections/{slug}/dashboard/")
    refs = re.findall(rf'href="/inspections/{re.escape(slug)}/cases/([^/"]+)/"', dashboard)
    if not refs:
        raise Failure("no case linked from the dashboard")
    html = browser.page(f"/inspections/{slug}/cases/{refs[0]}/?from=topology-check")
    stylesheet = re.search(r'<link[^>]+href="(/static/[^"]+\.css)"', html)
    if not stylesheet:
        raise Failure("no stylesheet on the case page")
    status, headers, content = browser.request(stylesheet[1])
    if status != 200 or not content or "max-age" not in headers.get("Cache-Control", ""):
        raise Failure(f"static file {stylesheet[1]}: {status}, Cache-Control {headers.get('Cache-Control')!r}")
    print(f"ok: a case page and its stylesheet ({stylesheet[1]}, served by WhiteNoise)")
    return urllib.parse.unquote(refs[0])


def build_pdf(browser: Browser, slug: str, timeout: float = 180) -> None:
    overview = f"/inspections/{slug}/report/"
    token = csrf_token(browser.page(overview))
    status, _, _ = browser.request(f"/inspections/{slug}/report/pdfs/", {"csrfmiddlewaretoken": token})
    if status != 302:
        raise Failure(f"requesting a PDF: {status}")
    ids = [int(pk) for pk in re.findall(rf"/inspections/{re.escape(slug)}/report/pdfs/(\d+)/", browser.page(overview))]
    if not ids:
        raise Failure("the requested PDF is not listed on the report page")
    status_path = f"/inspections/{slug}/report/pdfs/{max(ids)}/status/"
    deadline, state = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        state = json.loads(browser.page(status_path))
        if state["status"] == "done":
            break
        if state["status"] == "failed":
            raise Failure(f"the worker failed to build the PDF: {state['reason']}")
        time.sleep(1)
    else:
        raise Failure(f"the PDF was not built within {timeout:.0f} s: {state}")
    status, headers, content = browser.request(state["download_url"])
    if status != 200 or not content.startswith(b"%PDF") or "no-store" not in headers.get("Cache-Control", ""):
        raise Failure(f"downloading the PDF: {status}, {headers.get('Content-Type')}")
    print(f"ok: the worker built the report PDF ({state['pages']} pages, {len(content) // 1024} KiB)")


def check_logs(paths: list[str], secrets: list[str]) -> None:
    requests = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                try:
                    entry = json.loads(line)
                except ValueError:
                    raise Failure(f"{path}:{number} is not a JSON line: {line[:200]!r}") from None
                if not isinstance(entry, dict) or "?" in entry.get("path", ""):
                    raise Failure(f"{path}:{number}: not a log object, or a path with a query string")
                if any(secret in line for secret in secrets):
                    raise Failure(f"{path}:{number} holds a secret or case data: {entry.get('message')!r}")
                requests += entry.get("logger") == "inspection.requests"
    if not requests:
        raise Failure("no request was logged")
    print(f"ok: logs are JSON lines without secrets or case data ({requests} requests logged)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--inspection", required=True, help="the slug of an inspection the user leads")
    parser.add_argument("--logs", nargs="+", required=True, metavar="FILE", help="the processes' log files")
    args = parser.parse_args()
    browser = Browser(args.base)
    try:
        wait_healthy(browser)
        key = sign_in(browser, args.username, args.password)
        case_ref = open_a_case(browser, args.inspection)
        build_pdf(browser, args.inspection)
        time.sleep(1)  # the last lines reach the files
        check_logs(args.logs, [args.password, key, browser.cookies.get("sessionid", key), case_ref])
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
