from django.urls import path

from .views import allocation, dashboard, inspections, sample, team

# Fixed paths ("new/") come before "<slug:slug>/"; services reserve those words as slugs.
urlpatterns = [
    path("", inspections.inspection_list, name="inspection_list"),
    path("new/", inspections.inspection_create, name="inspection_create"),
    path("<slug:slug>/", inspections.inspection_detail, name="inspection_detail"),
    path("<slug:slug>/status/", inspections.inspection_status, name="inspection_status"),
    path("<slug:slug>/team/", team.team, name="team"),
    path("<slug:slug>/team/add/", team.team_add, name="team_add"),
    path("<slug:slug>/team/lead/", team.appoint_lead, name="appoint_lead"),
    path("<slug:slug>/team/<int:membership_id>/remove/", team.team_remove, name="team_remove"),
    path("<slug:slug>/sample/", sample.sample, name="sample"),
    path("<slug:slug>/sample/upload/", sample.sample_upload, name="sample_upload"),
    path("<slug:slug>/sample/minimums/", sample.sample_minimums, name="sample_minimums"),
    path("<slug:slug>/sample/add/", sample.case_add, name="case_add"),
    path("<slug:slug>/sample/<str:case_ref>/edit/", sample.case_edit, name="case_edit"),
    path("<slug:slug>/allocation/", allocation.allocation, name="allocation"),
    path("<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
]
