"""When a signed-in session ends, the warning shown before it does, and "Stay signed in".

A session ends ``SESSION_COOKIE_AGE`` seconds after sign-in: the end is set once, at sign-in
(``start``, from the ``user_logged_in`` receiver in ``inspection/signals.py``), as a fixed time
kept in the session itself, so every page knows how long is left without asking the database.
``SESSION_TIMEOUT_WARNING_SECONDS`` before the end, every page shows GOV.UK's timeout warning
(``templates/includes/timeout_warning.html``, ``static/js/timeout-warning.js``); its "Stay signed
in" posts to ``keep_alive``, which moves the end ``SESSION_COOKIE_AGE`` seconds on from now.
"""

from datetime import timedelta

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def start(request) -> None:
    """Set when the session ends: ``SESSION_COOKIE_AGE`` from now (at sign-in, or "Stay signed in")."""
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def seconds_left(request) -> int:
    return max(0, request.session.get_expiry_age())


@never_cache
def keep_alive(request):
    """GET: how many seconds the session has left (another tab may have extended it); POST: stay
    signed in. Sign-in (and the second factor) is required, as for every page: a session that has
    ended gets the sign-in page, which the script takes as signed out."""
    if request.method == "POST":
        start(request)
    elif request.method != "GET":
        return JsonResponse({"error": "GET or POST only"}, status=405)
    return JsonResponse({"seconds_left": seconds_left(request)})


def timeout_warning(request) -> dict:
    """Context processor: the warning's timings, for a person fully signed in (second factor too)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not getattr(user, "is_verified", lambda: True)():
        return {}
    return {
        "session_timeout": {
            "seconds_left": seconds_left(request),
            "warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        }
    }
