"""Sign-in throttling on django-axes: each lockout parameter has a limit of its own.

Failed sign-ins within ``AXES_COOLOFF_TIME`` are counted three ways (``AXES_LOCKOUT_PARAMETERS``),
each with its limit (``SIGN_IN_FAILURE_LIMITS``, in the same order):

- an account at one address: a few (5), so one guesser is stopped quickly;
- an account from any address: more (20), against guessing spread over many addresses;
- an address, whatever the account: many (100), against one address trying many accounts.

Axes refuses a locked attempt in its authentication backend, before the password is hashed, and
does not count it (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``): so one address can
add at most the first limit to an account's count and cannot lock everyone else out of it.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

# Why a lock applies, in the order of AXES_LOCKOUT_PARAMETERS.
ACCOUNT_AT_ADDRESS = "account_at_address"
ACCOUNT = "account"
ADDRESS = "address"
REASONS = (ACCOUNT_AT_ADDRESS, ACCOUNT, ADDRESS)


@dataclass(frozen=True)
class Lock:
    reason: str  # one of REASONS
    until: datetime
    failures: int
    limit: int

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


class SignInThrottle(AxesDatabaseHandler):
    """Axes's database handler with one limit per lockout parameter.

    Axes compares one number (``get_failures``) with one limit (``AXES_FAILURE_LIMIT``, the first
    of ``SIGN_IN_FAILURE_LIMITS``). So each count is reported scaled to that limit: the result
    reaches it exactly when some count reaches its own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        return max(
            count * base // limit for count, limit in zip(self.counts(request, credentials), _limits(), strict=True)
        )

    def counts(self, request, credentials=None) -> list[int]:
        """Failures within the cool-off time, per lockout parameter."""
        return [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]

    def lock(self, request, credentials=None) -> Lock | None:
        """The limit reached that holds longest, and until when; None when sign-in is open."""
        AxesProxyHandler.update_request(request)
        cool_off = get_cool_off(request)
        locks = []
        for reason, limit, attempts in zip(
            REASONS, _limits(), self.get_user_attempts(request, credentials), strict=True
        ):
            rows = list(attempts.order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
            total = sum(failures for _, failures in rows)
            if total >= limit:
                until = _unlocks_at(rows, total=total, limit=limit) + cool_off
                locks.append(Lock(reason=reason, until=until, failures=total, limit=limit))
        return max(locks, key=lambda lock: lock.until, default=None)


def _unlocks_at(rows, *, total: int, limit: int) -> datetime:
    """The last failure of the oldest rows that must expire for the count to fall below the limit."""
    for last_failure, failures in rows:  # oldest first; a row expires a cool-off time after its last failure
        total -= failures
        if total < limit:
            return last_failure
    return rows[-1][0]  # not reached: the caller checked total >= limit


def _limits() -> list[int]:
    return list(settings.SIGN_IN_FAILURE_LIMITS)


def client_address(request) -> str | None:
    """The client's IP address (``AXES_CLIENT_IP_CALLABLE``, and the audit log's).

    ``REMOTE_ADDR``; behind the reverse proxy (``BEHIND_PROXY``) the address the proxy appended to
    ``X-Forwarded-For``: the last one, as those before it come from the client and can be forged.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        address = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip() or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked sign-in gets (``AXES_LOCKOUT_CALLABLE``): when to try again, and who can unlock."""
    lock = AxesProxyHandler.get_implementation().lock(request, credentials)
    context = {
        "lock": lock,
        "username": get_client_username(request, credentials) or "",
        "try_again_at": readable_time(lock.until) if lock else None,
    }
    return render(request, "registration/locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def readable_time(moment: datetime) -> str:
    """GOV.UK style: "2:35pm", with the date when it is not today ("9:05am on 4 March")."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    text = f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    if local.date() != timezone.localdate():
        text += f" on {local.day} {local:%B}"
    return text
