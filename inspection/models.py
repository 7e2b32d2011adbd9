"""The audit log: sign-ins, failures, lockouts, sign-outs, second-factor changes, downloads of case data
and its erasure (retention).

Rows are only ever added (``inspection.services.record``); admins read them in the Django admin,
which allows no change or deletion.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
        DOWNLOAD = "download", "Download"
        CASE_DATA_ERASED = "case_data_erased", "Case data erased (retention)"

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
