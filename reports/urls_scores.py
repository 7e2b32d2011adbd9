"""Scores, breakdowns, exports and the judgements upload of an inspection; the programme view."""

from django.urls import path

from . import views_scores

urlpatterns = [
    path("programme/<slug:criteria_slug>/", views_scores.programme, name="programme"),
    path("<slug:slug>/scores/", views_scores.scores, name="scores"),
    path("<slug:slug>/scores/breakdown/", views_scores.breakdown, name="scores_breakdown"),
    path("<slug:slug>/scores/scores.csv", views_scores.scores_csv, name="scores_csv"),
    path("<slug:slug>/scores/scores.xlsx", views_scores.scores_xlsx, name="scores_xlsx"),
    path("<slug:slug>/scores/judgements.csv", views_scores.judgements_csv, name="judgements_csv"),
    path("<slug:slug>/judgements/import/", views_scores.judgements_upload, name="judgements_upload"),
]
