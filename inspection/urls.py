from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from reports.urls import research_patterns

from . import health, pages, session_timeout, views
from .forms import SignInForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:inspection_list"), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", pages.sign_out, name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/recovery-code/", views.two_factor_recovery, name="two_factor_recovery"),
    path("accounts/", views.account, name="account"),
    path("accounts/session/", session_timeout.keep_alive, name="session_keep_alive"),
    path("accounts/password/", views.PasswordChange.as_view(), name="password_change"),
    path("accounts/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("accounts/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("criteria/", include("criteria.urls")),
    path("inspections/", include("cases.urls")),
    path("inspections/", include("reports.urls")),
    path("research/", include(research_patterns)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("help/", pages.help_page, name="help"),
]

# Error pages (templates/400.html … 500.html): 400 and 500 render without the request or the database.
handler400 = "inspection.error_views.bad_request"
handler500 = "inspection.error_views.server_error"
