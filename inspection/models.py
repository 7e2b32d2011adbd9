"""The audit log: sign-ins, failures, lockouts, sign-outs, second-factor changes, downloads of case data
and its erasure (retention); and recovery codes, kept hashed, as a django-otp device.

Rows are only ever added (``inspection.services.record``); admins read them in the Django admin,
which allows no change or deletion.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        PASSWORD_ACCEPTED = "password_accepted", "Password accepted"
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Sign-in locked"
        UNLOCKED = "unlocked", "Sign-in unlocked"
        SIGNED_OUT = "signed_out", "Signed out"
        FACTOR_ENROLLED = "factor_enrolled", "Two-factor authentication set up"
        FACTOR_RESET = "factor_reset", "Two-factor authentication reset"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_CODES_REPLACED = "recovery_codes_replaced", "New recovery codes"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        DEACTIVATED = "deactivated", "Account deactivated"
        ACCESS_CHANGED = "access_changed", "Access changed"
        DOWNLOAD = "download", "Download"
        CASE_DATA_ERASED = "case_data_erased", "Case data erased (retention)"
        ANALYST_GRANTED = "analyst_granted", "Analyst role granted"
        ANALYST_WITHDRAWN = "analyst_withdrawn", "Analyst role withdrawn"

    when = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    # The account concerned; its name is kept too, so the row still reads after the account is deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    username = models.CharField(max_length=150, blank=True)
    # Who did it, when that is someone else (an admin resetting a user's second factor).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["user", "-when"])]

    def __str__(self):
        who = self.username or "unknown account"
        return f"{self.get_kind_display()}: {who} at {timezone.localtime(self.when):%Y-%m-%d %H:%M:%S}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's recovery codes, a django-otp device like its ``StaticDevice`` but keeping only salted
    digests: the codes are 40-bit lookup secrets, so OWASP ASVS (2.6.2) asks for them salted and
    hashed, never stored as they are. Each code works once."""

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip().lower()
        match = next((code for code in self.codes.all() if code.matches(token)), None)
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, related_name="codes", on_delete=models.CASCADE)
    salt = models.CharField(max_length=16)  # 64 random bits, hex
    digest = models.CharField(max_length=64)  # SHA-256 of salt and code, hex

    def __str__(self):
        return f"Recovery code {self.pk} of {self.device}"

    @staticmethod
    def digest_of(salt: str, code: str) -> str:
        return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()

    @classmethod
    def for_code(cls, *, device: RecoveryCodeDevice, code: str) -> "RecoveryCode":
        salt = secrets.token_hex(8)
        return cls(device=device, salt=salt, digest=cls.digest_of(salt, code))

    def matches(self, code: str) -> bool:
        return constant_time_compare(self.digest, self.digest_of(self.salt, code))
