from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import health, views
from .forms import SignInForm
from .middleware import second_factor_not_required

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:inspection_list"), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", second_factor_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/recovery-code/", views.two_factor_recovery, name="two_factor_recovery"),
    path("accounts/", views.account, name="account"),
    path("accounts/password/", views.PasswordChange.as_view(), name="password_change"),
    path("accounts/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("accounts/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("criteria/", include("criteria.urls")),
    path("inspections/", include("cases.urls")),
    path("inspections/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
]
