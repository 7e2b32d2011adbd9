"""The report PDF: rendering assembled data (``reports.report_data``) with WeasyPrint, from
``reports/templates/reports/pdf/`` and ``static/css/report.css``.

    from reports import pdf

    rendered = pdf.render_version(version)                 # a final version's frozen data, or a draft's
    rendered = pdf.render(data, fetcher=...)               # data from report_data.assemble
    rendered.content, rendered.page_count

WeasyPrint loads resources only through ``fetcher.StaticOnlyURLFetcher`` (the app's static files,
nothing else). User text reaches the templates as plain strings and is escaped by Django.
Importing this package loads WeasyPrint (about a second): only the PDF task and command need it.
"""

import logging
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from ..models import ReportVersion
from ..report_data import ReportData, version_data

# WeasyPrint logs every layout step at INFO (from import on), and the app's root logger is at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402

from .fetcher import PDF_ORIGIN, StaticOnlyURLFetcher, pdf_static_url  # noqa: E402

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    requested_urls: tuple[str, ...] = field(default=(), repr=False)


def render_html(data: ReportData) -> str:
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": data,
            "stylesheet_url": pdf_static_url("css/report.css"),
            "watermark_url": pdf_static_url("reports/draft-watermark.svg"),
        },
    )


def render(data: ReportData, *, fetcher: StaticOnlyURLFetcher | None = None) -> RenderedPDF:
    """The PDF of assembled data. Only ``fetcher`` (static files only) is used to load resources."""
    fetcher = fetcher or StaticOnlyURLFetcher()
    document = HTML(string=render_html(data), base_url=PDF_ORIGIN, url_fetcher=fetcher).render()
    # PDF/UA-1: tagged (headings, tables, lists, figures with alternative text), with its title and language.
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPDF(content, len(document.pages), tuple(fetcher.requested))


def render_version(version: ReportVersion, *, as_draft: bool = False) -> RenderedPDF:
    """A version's PDF: a final version's frozen figures, or (``as_draft``, or a draft) the live ones."""
    return render(version_data(version, as_draft=as_draft))
