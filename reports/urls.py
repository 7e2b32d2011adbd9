"""URLs of the reports app: scores/analysis pages in urls_scores, draft reports in urls_reports."""

from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("reports.urls_scores")),
    path("", include("reports.urls_reports")),
]
