"""The page for a post refused by the CSRF check (``CSRF_FAILURE_VIEW``).

A form left open too long, or opened before signing in again elsewhere, carries a token that is no
longer accepted. A criterion page's answers are not lost: for a page whose view keeps its answers
(``cases.kept_answers.keeps_answers``), they are kept and the person is sent back to the page, where
they are put back into the form for them to check and save (never saved by themselves: a forged
post cannot save anything). Only a post from this site's own pages is kept (the browser's
``Origin``, or ``Referer`` when there is no ``Origin``). Anything else gets a GOV.UK page saying what
happened and what to do.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render


def _from_this_site(request) -> bool:
    """Whether the browser says the post came from one of this site's pages. A browser that says
    nothing (no Origin or Referer header) is believed: every current browser sends Origin."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None and request.META.get("HTTP_REFERER"):
        parts = urlsplit(request.META["HTTP_REFERER"])
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin is None:
        return True
    try:
        here = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    return origin == here or origin in settings.CSRF_TRUSTED_ORIGINS


def csrf_failure(request, reason=""):
    match = getattr(request, "resolver_match", None)
    keep = getattr(match.func, "keep_posted_answers", None) if match is not None else None
    if request.method == "POST" and keep is not None and _from_this_site(request) and keep(request, reason="expired"):
        return redirect(request.get_full_path())
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "back_url": _same_site_referer(request)},
        status=403,
    )


def _same_site_referer(request) -> str:
    """The page the form was on, to go back to and reload, when it was one of this site's."""
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    if not referer or not _from_this_site(request) or not parts.path.startswith("/"):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")
