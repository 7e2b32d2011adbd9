"""The one way a view runs a service and shows what it refused; the audit of downloads; the second
sign-in step (authenticator app or recovery code, set up on first sign-in), the account page and
password change."""

import functools
import io
import math
from base64 import b32encode, b64encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.shortcuts import redirect, render, resolve_url
from django.template.defaultfilters import pluralize
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token

from . import services
from .errors import ServiceError
from .forms import GovUKPasswordChangeForm, RecoveryCodeForm, SecurityCodeForm
from .middleware import second_factor_not_required
from .models import AuditEvent


def add_service_errors(form, exc: ServiceError) -> None:
    """Show a refused write on ``form``: against a field where the service named one, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def run_service(form, service, **kwargs):
    """Call ``service(**kwargs)``; if it refuses, put its messages on ``form`` and return None."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        add_service_errors(form, exc)
        return None


# --- Downloads of case data: each one in the audit log ---------------------------------------------


def audit_download(what: str):
    """Record each successful download by the decorated view in the audit log: who, when, from where, which file."""

    def decorate(view):
        @functools.wraps(view)
        def audited(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                services.record(
                    kind=AuditEvent.Kind.DOWNLOAD,
                    request=request,
                    user=request.user,
                    detail=f"{what}: {request.get_full_path()}",
                )
            return response

        return audited

    return decorate


# --- The second factor, the account page and password change -----------------------------------------

RECOVERY_CODES_TO_SHOW = "recovery_codes_to_show"  # session key: new codes, shown once
RECOVERY_CODES_REPLACED = "recovery_codes_replaced"  # session key: they replaced earlier ones


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would read a bare word ("²") as a URL name and fail.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    url = reverse(name)
    wanted = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': wanted}, safe='/')}" if wanted else url


def _wait(until) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 120:
        return f"{seconds} second{pluralize(seconds)}"
    return f"{math.ceil(seconds / 60)} minutes"


def _verify(request, form, device, *, what: str) -> bool:
    """Check the form's code against ``device``; on success this session has passed the second factor."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = _wait(why["locked_until"]) if why and "locked_until" in why else "a minute"
        form.add_error("code", f"Too many wrong codes. Wait {wait}, then try again.")
        return False
    if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]) is None:
        services.record(kind=AuditEvent.Kind.SIGN_IN_FAILED, request=request, user=request.user, detail=f"wrong {what}")
        form.add_error("code", f"The {what} is wrong. Check it and try again.")
        return False
    _passed(request, device)
    return True


def _passed(request, device) -> None:
    """This session has passed the second factor with ``device``; a new session key, as at any sign-in step."""
    otp_login(request, device)
    request.session.cycle_key()


@second_factor_not_required
def two_factor(request):
    """The second sign-in step: a code from the user's authenticator app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = services.authenticator_for(request.user)
    if device is None:
        return redirect(_with_next("two_factor_setup", request))
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, form, device, what="security code"):
        services.record(kind=AuditEvent.Kind.SIGNED_IN, request=request, user=request.user, detail="authenticator app")
        return redirect(_next_url(request))
    return render(request, "registration/two_factor.html", {"form": form, "next": _next_url(request)})


@second_factor_not_required
def two_factor_recovery(request):
    """The second sign-in step with a recovery code, for when the authenticator app is not to hand."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = services.recovery_codes_for(request.user)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is None:
            form.add_error(
                "code", "You have no recovery codes. Ask an administrator to reset two-factor authentication."
            )
        elif _verify(request, form, device, what="recovery code"):
            left = services.recovery_codes_left(request.user)
            services.record(
                kind=AuditEvent.Kind.RECOVERY_CODE_USED, request=request, user=request.user, detail=f"{left} left"
            )
            services.record(kind=AuditEvent.Kind.SIGNED_IN, request=request, user=request.user, detail="recovery code")
            messages.warning(
                request,
                f"You signed in with a recovery code: it cannot be used again. You have {left} left. "
                "You can create new ones from Your account.",
            )
            return redirect(_next_url(request))
    return render(request, "registration/two_factor_recovery.html", {"form": form, "next": _next_url(request)})


@second_factor_not_required
def two_factor_setup(request):
    """First sign-in: connect an authenticator app (QR code or key), confirm it with a code it shows."""
    if services.authenticator_for(request.user) is not None:
        return redirect(_with_next("two_factor", request))
    device = services.start_authenticator_setup(user=request.user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = run_service(
            form,
            services.confirm_authenticator,
            user=request.user,
            device=device,
            code=form.cleaned_data["code"],
            request=request,
        )
        if codes is not None:
            _passed(request, services.authenticator_for(request.user))
            services.record(kind=AuditEvent.Kind.SIGNED_IN, request=request, user=request.user, detail="set up")
            request.session[RECOVERY_CODES_TO_SHOW] = codes
            return redirect(_with_next("recovery_codes", request))
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": _qr_code(device.config_url),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _qr_code(text: str) -> str:
    """A QR code as a ``data:`` SVG image, which the Content-Security-Policy allows (img-src data:)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + b64encode(out.getvalue()).decode()


def recovery_codes(request):
    """New recovery codes, shown once (after set-up, or when the user asked for new ones)."""
    codes = request.session.pop(RECOVERY_CODES_TO_SHOW, None)
    replaced = request.session.pop(RECOVERY_CODES_REPLACED, False)
    if not codes:
        return redirect("account")
    context = {"codes": codes, "replaced": replaced, "next": _next_url(request)}
    return render(request, "registration/recovery_codes.html", context)


@require_POST
def recovery_codes_new(request):
    request.session[RECOVERY_CODES_TO_SHOW] = services.replace_recovery_codes(user=request.user, request=request)
    request.session[RECOVERY_CODES_REPLACED] = True
    return redirect(f"{reverse('recovery_codes')}?{urlencode({'next': reverse('account')}, safe='/')}")


def account(request):
    """Your account: password and two-factor authentication."""
    context = {
        "authenticator": services.authenticator_for(request.user),
        "recovery_codes_left": services.recovery_codes_left(request.user),
    }
    return render(request, "registration/account.html", context)


class PasswordChange(PasswordChangeView):
    """Change your own password (the password policy in settings applies); other sessions end."""

    form_class = GovUKPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record(kind=AuditEvent.Kind.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(
            self.request, "Your password has been changed. Anywhere else you were signed in, you are now signed out."
        )
        return response
