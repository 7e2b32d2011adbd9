"""Pages anyone may read, signed in or not: the footer's accessibility statement, privacy notice and
help page (they show no case data), and sign-out, which tells the person they have signed out.

The footer pages are open before sign-in and before the second factor too: someone who cannot sign
in needs the help page most.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LogoutView
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .middleware import second_factor_not_required

SIGNED_OUT = "You have signed out"


def open_page(view):
    """A page readable without signing in, and by someone who has not passed the second factor yet."""
    return second_factor_not_required(login_not_required(require_safe(view)))


def _contact() -> dict:
    return {"support_email": settings.SUPPORT_EMAIL}


def _lockout_minutes() -> int:
    """How long sign-in stays locked after too many failed attempts (django-axes)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


@open_page
def accessibility(request):
    return render(request, "pages/accessibility.html", _contact())


@open_page
def privacy(request):
    context = {
        "retention_days": settings.RETENTION_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "lockout_minutes": _lockout_minutes(),
        **_contact(),
    }
    return render(request, "pages/privacy.html", context)


@open_page
def help_page(request):
    context = {"lockout_minutes": _lockout_minutes(), **_contact()}
    return render(request, "pages/help.html", context)


class SignOut(LogoutView):
    """Django's sign-out, then the sign-in page says "You have signed out" (a message kept in a
    cookie: the session it would have gone in has just ended)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, SIGNED_OUT)
        return response


sign_out = second_factor_not_required(SignOut.as_view())
