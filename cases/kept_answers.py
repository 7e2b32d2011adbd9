"""Answers typed on a criterion page that could not be saved, kept in the session until the person
is back on the page.

A criterion page posted after the session ended (sign-in is required again) or with an expired
CSRF token would otherwise lose everything typed. Instead the posted answers are kept in the
(new) session, keyed by the page's path, and put back into the page's form when it is next opened
by someone who may edit that assessment: unsaved, under a banner asking them to check and save.
They are never saved on their own, so a forged post can at most fill in a form the person still
has to read and save themselves.

What is kept: only the form's own fields (``<question code>-answer``, ``-rationale``,
``-notable``, ``-example`` and ``-version``, so that a save still detects someone else's change
made in between); never the CSRF token or anything else posted. Each kept page is used once and
expires after ``KEEP_FOR``; a session keeps at most ``MAX_PAGES`` pages.

The criterion view is marked with ``@keeps_answers``; the project's sign-in middleware
(``inspection.middleware.LoginRequiredMiddleware``) and CSRF failure view (``inspection.csrf``)
call the marked view's ``keep_posted_answers`` without knowing about criterion pages.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.utils import timezone

SESSION_KEY = "kept_answers"
KEEP_FOR = timedelta(hours=24)
MAX_PAGES = 5
MAX_FIELDS = 1000
MAX_VALUE_LENGTH = 20_000  # longer than any field of the page takes (its form refuses more)
FIELD = re.compile(r"^[A-Za-z0-9._]{1,40}-(answer|rationale|notable|example|version)$")

SIGNED_OUT = "signed_out"  # the session had ended: sign-in was required again
EXPIRED = "expired"  # the page's CSRF token was no longer accepted


@dataclass(frozen=True)
class Kept:
    """Answers kept from one post of a page: the form's fields by name, and why they were not saved."""

    data: dict[str, str]
    reason: str  # SIGNED_OUT or EXPIRED
    kept_at: datetime

    @property
    def signed_out(self) -> bool:
        return self.reason == SIGNED_OUT


def answer_fields(post) -> dict[str, str]:
    """The criterion form's fields in ``post`` (a QueryDict), nothing else posted."""
    fields = {}
    for name in post:
        if FIELD.match(name) and len(fields) < MAX_FIELDS:
            fields[name] = post.get(name, "")[:MAX_VALUE_LENGTH]
    return fields


def keep(request, *, reason: str) -> bool:
    """Keep the answers posted to this page in the session; False when nothing was posted to keep."""
    data = answer_fields(request.POST)
    if not data:
        return False
    pages = dict(request.session.get(SESSION_KEY, {}))
    pages.pop(request.get_full_path(), None)
    pages[request.get_full_path()] = {"data": data, "reason": reason, "kept_at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = dict(list(pages.items())[-MAX_PAGES:])  # the newest pages
    if not request.user.is_authenticated:
        messages.info(
            request,
            "You were signed out, so your answers have not been saved yet. "
            "Sign in again to get back to them: we kept what you typed.",
        )
    return True


def restore(request) -> Kept | None:
    """The answers kept for this page (by its path), removed from the session: they are used once.
    None when there are none, or they are older than ``KEEP_FOR``. The caller decides whether the
    signed-in person may see them (only someone who may edit the page's assessment)."""
    pages = request.session.get(SESSION_KEY)
    if not pages or request.get_full_path() not in pages:
        return None
    pages = dict(pages)
    entry = pages.pop(request.get_full_path())
    if pages:
        request.session[SESSION_KEY] = pages
    else:
        del request.session[SESSION_KEY]
    kept_at = datetime.fromisoformat(entry["kept_at"])
    if timezone.now() - kept_at > KEEP_FOR:
        return None
    return Kept(data=entry["data"], reason=entry["reason"], kept_at=kept_at)


def keeps_answers(view):
    """Mark a page's view: a post to it that cannot be handled (signed out, expired CSRF token)
    keeps its answers for the next time the page is opened."""
    view.keep_posted_answers = keep
    return view
