"""URLs of the cases app. Inspection set-up, team and sample pages live in urls_inspections;
the assessment journey (my cases, task list, criterion pages) in urls_assessment."""

from django.urls import include, path

app_name = "cases"

# Assessment URLs first: "my-cases/" must win over the inspections' "<slug:slug>/".
urlpatterns = [
    path("", include("cases.urls_assessment")),
    path("", include("cases.urls_inspections")),
]
