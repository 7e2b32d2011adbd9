"""Audit receivers for Django's and django-axes's sign-in signals, and deactivation ending sessions.

A failed sign-in refused because sign-in is locked is told apart by what axes marked on the
request: ``axes_locked_out`` set before any failure was counted (``axes_failures_since_start``
still None). The failure that reaches a limit is counted, then axes sends ``user_locked_out``.
"""

import functools

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from django.utils.timezone import localtime
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from . import services, session_timeout
from .models import AuditEvent
from .throttling import ACCOUNT, ACCOUNT_AT_ADDRESS, ADDRESS, SignInThrottle

Kind = AuditEvent.Kind
User = get_user_model()
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


# --- Changes to a person's access: who, when and from where, however the account is saved ----------
# The request (for the actor and the address) is the one simple-history's middleware keeps; a
# command has none, and is recorded without them.

ACCESS_FLAGS = {  # field: (detail when it is set, detail when it is cleared)
    "is_active": ("reactivated", ""),  # cleared: DEACTIVATED, below
    "is_staff": ("given staff status (the admin site)", "staff status removed"),
    "is_superuser": ("made a superuser (every permission)", "superuser status removed"),
}


def _request():
    return getattr(HistoricalRecords.context, "request", None)


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_access_changes")
def access_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    """Deactivation (ending the account's sessions at once), reactivation, staff and superuser status
    and a password set by someone else: each in the audit log."""
    fields = [*ACCESS_FLAGS, "password"]
    if update_fields is not None:
        fields = [f for f in fields if f in update_fields]
    if raw or instance.pk is None or not fields:
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    request = _request()
    actor = _actor(request)
    record = functools.partial(services.record, request=request, user=instance, actor=actor)
    if before.get("is_active") and not instance.is_active:
        ended = services.end_sessions(user=instance)
        record(
            kind=Kind.DEACTIVATED, detail=ngettext("%(n)d session ended", "%(n)d sessions ended", ended) % {"n": ended}
        )
    for field, (given, removed) in ACCESS_FLAGS.items():
        if field in before and before[field] != getattr(instance, field):
            detail = removed if before[field] else given
            if detail:
                record(kind=Kind.ACCESS_CHANGED, detail=detail)
    # Their own change is recorded by the password change page, with its wording.
    if "password" in before and before["password"] != instance.password and (actor is None or actor.pk != instance.pk):
        record(
            kind=Kind.PASSWORD_CHANGED, detail="set by an administrator" if actor else "set without a signed-in user"
        )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_group_changes")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_permission_changes")
def grants_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Groups and permissions given or taken away on a page (the admin's), from either side (a
    user's or a group's). Outside a request only set-up code and data migrations grant them: no
    command of the project or Django's does."""
    request = _request()
    if request is None or action not in ("post_add", "post_remove", "pre_clear"):
        return
    what = "groups" if sender is User.groups.through else "permissions"
    verb = "added" if action == "post_add" else "removed"
    if reverse:  # a group or permission given to or taken from users
        users = User._default_manager.filter(pk__in=pk_set or ()) if action != "pre_clear" else instance.user_set.all()
        names = [str(instance)]
    else:
        users = [instance]
        related = getattr(instance, "groups" if what == "groups" else "user_permissions")
        names = [
            str(o)
            for o in (related.all() if action == "pre_clear" else model._default_manager.filter(pk__in=pk_set or ()))
        ]
    if not names:
        return
    for user in users:
        services.record(
            kind=Kind.ACCESS_CHANGED,
            request=request,
            user=user,
            actor=_actor(request),
            detail=f"{what} {verb}: {', '.join(names)}",
        )
