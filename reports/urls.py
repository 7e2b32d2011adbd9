"""URLs of the reports app, under /inspections/ (names in the "reports" namespace); the research pages'
under /research/ (``research_patterns``, the "research" namespace)."""

from django.urls import path

import inspection.converters  # noqa: F401 - registers <code:>

from .views import (
    agreement,
    exchange,
    exclusions,
    programmes,
    publication,
    reports,
    research,
    retention,
    scores,
    word_files,
    writing,
)

app_name = "reports"

urlpatterns = [
    # A programme's inspections compared (beside the programme pages of cases.urls, /inspections/programmes/)
    path("programmes/<slug:slug>/scores/", programmes.programme, name="programme"),
    path("settings/publication/", publication.publication_settings, name="publication_settings"),
    path("<slug:slug>/scores/", scores.scores, name="scores"),
    path("<slug:slug>/scores/breakdown/", scores.breakdown, name="scores_breakdown"),
    path("<slug:slug>/scores/scores.csv", exchange.scores_csv, name="scores_csv"),
    path("<slug:slug>/scores/scores.xlsx", exchange.scores_xlsx, name="scores_xlsx"),
    path("<slug:slug>/scores/judgements.csv", exchange.judgements_csv, name="judgements_csv"),
    path("<slug:slug>/judgements/import/", exchange.judgements_upload, name="judgements_upload"),
    path("<slug:slug>/agreement/", agreement.agreement, name="agreement"),
    path("<slug:slug>/agreement/agreement.csv", agreement.agreement_csv, name="agreement_csv"),
    path(
        "<slug:slug>/agreement/resolve/<code:case_ref>/<code:question_code>/",
        agreement.resolve,
        name="agreement_resolve",
    ),
    path("<slug:slug>/report/", reports.report_overview, name="report_overview"),
    path("<slug:slug>/report/summary/", reports.report_summary, name="report_summary"),
    path("<slug:slug>/report/criteria/<code:code>/", writing.report_criterion, name="report_criterion"),
    path(
        "<slug:slug>/report/criteria/<code:code>/accept/",
        writing.report_criterion_accept,
        name="report_criterion_accept",
    ),
    path("<slug:slug>/report/making-a-difference/", reports.report_examples, name="report_examples"),
    path(
        "<slug:slug>/report/making-a-difference/titles/",
        reports.report_example_titles,
        name="report_example_titles",
    ),
    path("<slug:slug>/report/finalise/", reports.report_finalise, name="report_finalise"),
    path("<slug:slug>/report/finalise/exclude/", exclusions.report_exclude_cases, name="report_exclude_cases"),
    path("<slug:slug>/report/new-draft/", reports.report_new_draft, name="report_new_draft"),
    path("<slug:slug>/report/pdfs/", reports.report_generate, name="report_generate"),
    path("<slug:slug>/report/report.docx", reports.report_docx, name="report_docx"),
    path("<slug:slug>/report/word/", word_files.report_generate_word, name="report_generate_word"),
    path("<slug:slug>/report/pdfs/<int:pk>/", reports.report_pdf_download, name="report_pdf_download"),
    path("<slug:slug>/report/pdfs/<int:pk>/status/", reports.report_pdf_status, name="report_pdf_status"),
    path("<slug:slug>/retention/", retention.retention_erase, name="retention_erase"),
]

research_patterns = (
    [
        path("", research.choose, name="index"),
        path("figures/", research.figures, name="figures"),
        path("programme-table.csv", research.table_csv, name="table_csv"),
        path("programme-regression.csv", research.regression_csv, name="regression_csv"),
        path("programme-analysis.xlsx", research.workbook, name="xlsx"),
        path("bulletin.docx", research.bulletin_docx, name="docx"),
    ],
    "research",
)
