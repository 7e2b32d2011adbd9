from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .forms import SignInForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:inspection_list"), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("criteria/", include("criteria.urls")),
    path("inspections/", include("cases.urls")),
    path("inspections/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
