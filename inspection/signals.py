"""Audit receivers for Django's and django-axes's sign-in signals, and deactivation ending sessions.

A failed sign-in refused because sign-in is locked is told apart by what axes marked on the
request: ``axes_locked_out`` set before any failure was counted (``axes_failures_since_start``
still None). The failure that reaches a limit is counted, then axes sends ``user_locked_out``.
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from . import services, session_timeout
from .models import AuditEvent
from .throttling import ACCOUNT, ACCOUNT_AT_ADDRESS, ADDRESS, SignInThrottle

Kind = AuditEvent.Kind
LOCK_REASONS = {
    ACCOUNT_AT_ADDRESS: "this account at this address",
    ACCOUNT: "this account from any address",
    ADDRESS: "this address, any account",
}


def _account(username: str | None):
    """The account a typed username names, or None. Unknown names are not stored: people sometimes
    type their password in the username box."""
    if not username:
        return None
    return get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def _refused(request) -> bool:
    return bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start", 0) is None


@receiver(user_logged_in, dispatch_uid="audit_password_accepted")
def password_accepted(sender, request, user, **kwargs):
    services.record(kind=Kind.PASSWORD_ACCEPTED, request=request, user=user, detail="second factor next")


@receiver(user_logged_in, dispatch_uid="session_ends_at_a_fixed_time")
def session_ends_at_a_fixed_time(sender, request, user, **kwargs):
    session_timeout.start(request)  # the end the timeout warning counts down to


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        services.record(kind=Kind.SIGNED_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    user = _account(credentials.get("username"))
    if request is not None and _refused(request):
        detail = "refused: sign-in locked after too many failed attempts"
    else:
        detail = "wrong username or password" if user else "wrong username or password (no such account)"
    services.record(kind=Kind.SIGN_IN_FAILED, request=request, user=user, username=None if user else "", detail=detail)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def locked_out(sender, request, username=None, **kwargs):
    if _refused(request):
        return  # already locked: recorded as a refused sign-in
    lock = SignInThrottle().lock(request, getattr(request, "axes_credentials", None))
    detail = "locked"
    if lock:
        until = localtime(lock.until)
        detail = (
            f"{lock.failures} failed attempts for {LOCK_REASONS[lock.reason]}: locked until {until:%Y-%m-%d %H:%M %Z}"
        )
    user = _account(username)
    services.record(kind=Kind.LOCKED_OUT, request=request, user=user, username=None if user else "", detail=detail)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="deactivation_ends_sessions")
def deactivation_ends_sessions(sender, instance, raw=False, update_fields=None, **kwargs):
    """An account being deactivated loses its sessions at once, whichever way it is saved."""
    if raw or instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    if sender._default_manager.filter(pk=instance.pk, is_active=True).exists():
        ended = services.end_sessions(user=instance)
        detail = ngettext("%(n)d session ended", "%(n)d sessions ended", ended) % {"n": ended}
        services.record(kind=Kind.DEACTIVATED, user=instance, detail=detail)
