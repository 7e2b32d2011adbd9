from django.urls import path

from .views import assessment

# Included before urls_inspections: "my-cases/" must not be read as an inspection slug.
urlpatterns = [
    path("my-cases/", assessment.my_cases, name="my_cases"),
    path("<slug:slug>/cases/<str:case_ref>/", assessment.case_detail, name="case_detail"),
    path("<slug:slug>/cases/<str:case_ref>/submit/", assessment.assessment_submit, name="assessment_submit"),
    path("<slug:slug>/cases/<str:case_ref>/return/", assessment.assessment_return, name="assessment_return"),
    path("<slug:slug>/cases/<str:case_ref>/interview/", assessment.interview, name="interview"),
    path(
        "<slug:slug>/cases/<str:case_ref>/criteria/<str:criterion_code>/",
        assessment.criterion,
        name="criterion",
    ),
    path("<slug:slug>/judgements/<int:pk>/", assessment.judgement_detail, name="judgement_detail"),
]
