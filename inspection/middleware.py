"""Every page needs the second factor too; no signed-in response is kept by a cache.

``SecondFactorRequiredMiddleware`` goes after django-otp's ``OTPMiddleware`` (which tells whether
this session has passed a second factor) and Django's ``LoginRequiredMiddleware``: a user who has
given their password but not yet a code from their authenticator app (or a recovery code) reaches
only the views marked ``second_factor_not_required``: the two-factor pages and sign-out.

``LoginRequiredMiddleware`` is Django's, except that a post whose session has ended, to a page
whose view keeps its answers (``cases.kept_answers.keeps_answers``), keeps them before sending the
person to sign in, so that nothing typed is lost.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin


def second_factor_not_required(view):
    """Mark a view as open to a session that has not passed the second factor yet."""
    view.second_factor_required = False
    return view


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    def handle_no_permission(self, request, view_func):
        keep = getattr(view_func, "keep_posted_answers", None)
        if request.method == "POST" and keep is not None:
            keep(request, reason="signed_out")
        return super().handle_no_permission(request, view_func)


class SecondFactorRequiredMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "second_factor_required", True):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        return redirect_to_login(request.get_full_path(), reverse("two_factor"))


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user that sets no policy itself.

    Pages and files show case data: no browser or proxy cache may keep them. Static files keep
    their own caching: WhiteNoise or the proxy serves them before this runs, and any that reach
    it (under ``STATIC_URL``) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = urlsplit(urljoin("/", settings.STATIC_URL)).path

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.user.is_authenticated
            and not response.has_header("Cache-Control")
            and not request.path.startswith(self.static_prefix)
        ):
            response["Cache-Control"] = "no-store"
        return response
