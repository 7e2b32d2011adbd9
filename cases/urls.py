"""URLs of the cases app: inspection set-up, team, sample and allocation pages, then the
assessment journey (my cases, a case's task list, criterion pages, the interview)."""

from django.urls import path

import inspection.converters  # noqa: F401 - registers <code:>

from .views import (
    allocation,
    analysts,
    assessment,
    caseload,
    criterion,
    dashboard,
    double_marking,
    inspections,
    moderation,
    programmes,
    sample,
    submission,
    team,
)

app_name = "cases"

# Fixed paths ("new/", "my-cases/", "programmes/") come before "<slug:slug>/"; services reserve those words as slugs.
urlpatterns = [
    path("", inspections.inspection_list, name="inspection_list"),
    path("new/", inspections.inspection_create, name="inspection_create"),
    path("my-cases/", assessment.my_cases, name="my_cases"),
    # Programmes and analysts (admins); "new" and "analysts" are reserved programme slugs
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/analysts/", analysts.analyst_list, name="analyst_list"),
    path("programmes/analysts/<int:user_id>/", analysts.analyst_change, name="analyst_change"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/created/", programmes.programme_created, name="programme_created"),
    path("programmes/<slug:slug>/place/", programmes.programme_place, name="programme_place"),
    path("programmes/<slug:slug>/change/", programmes.programme_change, name="programme_change"),
    path("programmes/<slug:slug>/history/", programmes.programme_history, name="programme_history"),
    path(
        "programmes/<slug:slug>/take-out/<slug:inspection_slug>/",
        programmes.programme_remove,
        name="programme_remove",
    ),
    path("<slug:slug>/", inspections.inspection_detail, name="inspection_detail"),
    path("<slug:slug>/status/<code:status>/", inspections.inspection_status, name="inspection_status"),
    path("<slug:slug>/team/", team.team, name="team"),
    path("<slug:slug>/team/add/", team.team_add, name="team_add"),
    path("<slug:slug>/team/lead/", team.appoint_lead, name="appoint_lead"),
    path("<slug:slug>/team/<int:membership_id>/remove/", team.team_remove, name="team_remove"),
    path("<slug:slug>/team/<int:membership_id>/role/", team.team_change_role, name="team_change_role"),
    path("<slug:slug>/sample/", sample.sample, name="sample"),
    path("<slug:slug>/sample/upload/", sample.sample_upload, name="sample_upload"),
    path("<slug:slug>/sample/replace/", sample.sample_replace, name="sample_replace"),
    path("<slug:slug>/sample/minimums/", sample.sample_minimums, name="sample_minimums"),
    path("<slug:slug>/sample/caseload/", caseload.caseload, name="caseload"),
    path("<slug:slug>/sample/add/", sample.case_add, name="case_add"),
    path("<slug:slug>/sample/<code:case_ref>/edit/", sample.case_edit, name="case_edit"),
    path("<slug:slug>/sample/<code:case_ref>/remove/", sample.case_remove, name="case_remove"),
    path("<slug:slug>/allocation/", allocation.allocation, name="allocation"),
    path("<slug:slug>/double-marking/", double_marking.double_marking, name="double_marking"),
    path("<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    # The assessment journey
    path("<slug:slug>/cases/<code:case_ref>/", assessment.case_detail, name="case_detail"),
    path("<slug:slug>/cases/<code:case_ref>/check/", submission.check_answers, name="check_answers"),
    path("<slug:slug>/cases/<code:case_ref>/submit/", submission.assessment_submit, name="assessment_submit"),
    path("<slug:slug>/cases/<code:case_ref>/submitted/", submission.assessment_submitted, name="assessment_submitted"),
    path("<slug:slug>/cases/<code:case_ref>/return/", submission.assessment_return, name="assessment_return"),
    path("<slug:slug>/cases/<code:case_ref>/interview/", assessment.interview, name="interview"),
    path(
        "<slug:slug>/cases/<code:case_ref>/criteria/<code:criterion_code>/",
        criterion.criterion,
        name="criterion",
    ),
    path("<slug:slug>/judgements/<int:pk>/", assessment.judgement_detail, name="judgement_detail"),
    # Moderation (lead and quality assurance)
    path("<slug:slug>/moderation/", moderation.queue, name="moderation_queue"),
    path("<slug:slug>/moderation/dip-sample/", moderation.dip_sample, name="moderation_dip_sample"),
    path("<slug:slug>/moderation/figures/", moderation.figures, name="moderation_figures"),
    path("<slug:slug>/moderation/figures.csv", moderation.figures_csv, name="moderation_figures_csv"),
    path(
        "<slug:slug>/moderation/cases/<code:case_ref>/",
        moderation.assessment_moderation,
        name="moderation_assessment",
    ),
    path(
        "<slug:slug>/moderation/cases/<code:case_ref>/criteria/<code:criterion_code>/",
        moderation.criterion_moderation,
        name="moderation_criterion",
    ),
    path("<slug:slug>/moderation/cases/<code:case_ref>/finish/", moderation.finish, name="moderation_finish"),
]
