"""Writes for sign-in security: the audit log, second-factor set-up and reset, unlocking, ending sessions.

Second factors are django-otp devices: a TOTP device (an authenticator app) and a
``RecoveryCodeDevice`` holding the recovery codes as salted digests (each shown once, when made).
Refusals are ``inspection.errors.ServiceError``; the acting user, when someone else than the
account's owner, is ``actor``.
"""

import base64
import secrets

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import ServiceError
from .models import AuditEvent, RecoveryCode, RecoveryCodeDevice
from .throttling import client_address

RECOVERY_CODES = 10
AUTHENTICATOR_APP = "Authenticator app"
RECOVERY_CODES_DEVICE = "Recovery codes"


def record(*, kind: str, request=None, user=None, username: str | None = None, actor=None, detail: str = ""):
    """Add one row to the audit log: what happened, to which account, from which address."""
    if username is None:
        username = user.get_username() if user is not None else ""
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        actor=actor,
        address=client_address(request) if request is not None else None,
        detail=detail[:300],
    )


def authenticator_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_for(user) -> RecoveryCodeDevice | None:
    """The user's confirmed set of recovery codes, if they have one."""
    return RecoveryCodeDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def start_authenticator_setup(*, user) -> TOTPDevice:
    """The unconfirmed authenticator the set-up page shows (the same one until it is confirmed)."""
    if authenticator_for(user) is not None:
        raise ServiceError("Two-factor authentication is already set up for this account.")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, confirmed=False)


@transaction.atomic
def confirm_authenticator(*, user, device: TOTPDevice, code: str, request=None) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(code):
        raise ServiceError({"code": "The security code is wrong or has expired. Enter the code your app shows now."})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    record(kind=AuditEvent.Kind.FACTOR_ENROLLED, request=request, user=user, detail="authenticator app")
    return codes


@transaction.atomic
def replace_recovery_codes(*, user, request=None) -> list[str]:
    """New recovery codes for a signed-in user; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    record(kind=AuditEvent.Kind.RECOVERY_CODES_REPLACED, request=request, user=user)
    return codes


def _replace_recovery_codes(user) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_CODES_DEVICE, confirmed=True)
    # 8 characters of base32 (40 bits), as django-otp's static tokens: easy to type from paper.
    codes = [base64.b32encode(secrets.token_bytes(5)).decode().lower() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode.for_code(device=device, code=code) for code in codes)
    return codes


@transaction.atomic
def reset_second_factor(*, user, actor, request=None) -> None:
    """An admin's reset: the user's authenticator and recovery codes are removed and their sessions end,
    so they set up a new authenticator after signing in again with their password."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    end_sessions(user=user)
    record(kind=AuditEvent.Kind.FACTOR_RESET, request=request, user=user, actor=actor)


def unlock_sign_in(*, user, actor, request=None) -> int:
    """An admin's unlock: the account's failed sign-ins are forgotten (at every address)."""
    from axes.utils import reset

    count = reset(username=user.get_username())
    record(kind=AuditEvent.Kind.UNLOCKED, request=request, user=user, actor=actor)
    return count


def end_sessions(*, user) -> int:
    """Delete every session signed in as ``user`` (database sessions, the engine this project uses)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
