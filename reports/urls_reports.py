"""Draft report pages, under /inspections/<slug>/report/ (names in the "reports" namespace)."""

from django.urls import path

from . import views_reports as views

urlpatterns = [
    path("<slug:slug>/report/", views.report_overview, name="report_overview"),
    path("<slug:slug>/report/summary/", views.report_summary, name="report_summary"),
    path("<slug:slug>/report/criteria/<str:code>/", views.report_criterion, name="report_criterion"),
    path("<slug:slug>/report/making-a-difference/", views.report_examples, name="report_examples"),
    path("<slug:slug>/report/finalise/", views.report_finalise, name="report_finalise"),
    path("<slug:slug>/report/new-draft/", views.report_new_draft, name="report_new_draft"),
    path("<slug:slug>/report/pdfs/", views.report_generate, name="report_generate"),
    path("<slug:slug>/report/pdfs/<int:pk>/", views.report_pdf_download, name="report_pdf_download"),
    path("<slug:slug>/report/pdfs/<int:pk>/status/", views.report_pdf_status, name="report_pdf_status"),
]
