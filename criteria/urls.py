from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("", views.set_list, name="set_list"),
    path("upload/", views.upload, name="upload"),
    path("upload/preview/", views.upload_preview, name="upload_preview"),
    path("upload/confirm/", views.upload_confirm, name="upload_confirm"),
    path("sets/<slug:slug>/", views.set_detail, name="set_detail"),
    path("sets/<slug:slug>/status/", views.set_status, name="set_status"),
    path("sets/<slug:slug>/export/", views.set_export, name="set_export"),
]
