"""The only way WeasyPrint may load anything: the app's static files, through a pseudo-origin.

WeasyPrint only ever sees ``PDF_ORIGIN``; the URL fetcher serves files under its ``/static/`` path
from the app's static files and refuses everything else: no network, no file://, no data: URLs.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_ORIGIN = "https://report.invalid/"
_STATIC_PREFIX = "/static/"
_ALLOWED_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".ttf", ".otf"}


class RefusedURLError(ValueError):
    """The PDF asked for something that is not one of the app's static files."""


def pdf_static_url(path: str) -> str:
    """The address a PDF template uses for a static file (independent of STATIC_URL or a CDN)."""
    return f"{PDF_ORIGIN}static/{path.lstrip('/')}"


def _static_roots() -> list[Path]:
    """Where static files live: STATICFILES_DIRS, each app's static/ and STATIC_ROOT."""
    roots = [Path(root if isinstance(root, str | Path) else root[1]) for root in settings.STATICFILES_DIRS]
    roots += [Path(app.path) / "static" for app in apps.get_app_configs()]
    roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def resolve_static(url: str) -> Path:
    """The static file a PDF URL names, or raise RefusedURLError."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != urlsplit(PDF_ORIGIN).netloc:
        raise RefusedURLError(f"Refused (not a static file of this app): {url[:200]}")
    if not parts.path.startswith(_STATIC_PREFIX):
        raise RefusedURLError(f"Refused (outside static): {url[:200]}")
    relative = unquote(parts.path[len(_STATIC_PREFIX) :])
    pieces = relative.split("/")
    if not relative or "\\" in relative or "\x00" in relative or any(p in ("", ".", "..") for p in pieces):
        raise RefusedURLError(f"Refused (bad static path): {url[:200]}")
    if Path(relative).suffix.lower() not in _ALLOWED_SUFFIXES:
        raise RefusedURLError(f"Refused (not a stylesheet, font or image): {url[:200]}")
    found = finders.find(relative)
    candidate = Path(found) if found else Path(settings.STATIC_ROOT) / relative
    resolved = candidate.resolve()
    # A symlink must not lead outside the static roots.
    if not resolved.is_file() or not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise RefusedURLError(f"Refused (no such static file): {url[:200]}")
    return resolved


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the app's static files and nothing else.

    ``requested`` lists every URL WeasyPrint asked for and ``refused`` those it did not get (tests
    check user text never leads to a request).
    """

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = resolve_static(url)
        except RefusedURLError:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
