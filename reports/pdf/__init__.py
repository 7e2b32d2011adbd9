"""The report PDF: rendering assembled data (``reports.report_data``) with WeasyPrint, from
``reports/templates/reports/pdf/`` and ``static/css/report.css``.

    from reports import pdf

    rendered = pdf.render_version(version)                 # a final version's frozen data, or a draft's
    rendered = pdf.render(data, fetcher=...)               # data from report_data.assemble
    rendered.content, rendered.page_count

WeasyPrint loads resources only through ``fetcher.StaticOnlyURLFetcher`` (the app's static files,
nothing else). User text reaches the templates as plain strings and is escaped by Django.
Importing this package loads WeasyPrint (about a second): only the PDF task and command need it.

Speed (``bench/report.py``): WeasyPrint makes a few hundred thousand objects, in reference cycles,
for a 40-page report. Left to itself, Python's cyclic garbage collector ran two full collections
per PDF (0.4-0.8 s: each scans the whole heap, Django and WeasyPrint included) and promoted the
box tree to the oldest generation, where only a full collection frees it. Rendering pauses the
collector (``inspection.collector``), drops the document and collects only the youngest
generation, which then holds the render's objects and little else (about 0.3 s, counted in the
render; about 5 MB more at the peak). The fonts of ``report.css`` are loaded once per thread (``_font_config``)
instead of once per PDF, when the default fetcher is used.
"""

import gc
import logging
import threading
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from inspection.collector import collector_paused

from ..models import ReportVersion
from ..report_data import ReportData, version_data

# WeasyPrint logs every layout step at INFO (from import on), and the app's root logger is at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from . import accessibility  # noqa: E402
from .fetcher import PDF_ORIGIN, StaticOnlyURLFetcher, pdf_static_url  # noqa: E402

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    requested_urls: tuple[str, ...] = field(default=(), repr=False)


_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """This thread's WeasyPrint font configuration: the @font-face fonts of report.css, decoded and
    registered with Fontconfig on the first PDF only (WeasyPrint keys them by their rules)."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


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
    """The PDF of assembled data. Only ``fetcher`` (static files only) is used to load resources.

    A fetcher passed in sees every request of this PDF, fonts included (a fresh font configuration).
    """
    font_config = _font_config() if fetcher is None else None
    fetcher = fetcher or StaticOnlyURLFetcher()
    html = render_html(data)
    with collector_paused():
        document = HTML(string=html, base_url=PDF_ORIGIN, url_fetcher=fetcher).render(font_config=font_config)
        # PDF/UA-1: tagged (headings, tables, lists, figures with alternative text), with its title and language.
        content = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=accessibility.finish)
        page_count = len(document.pages)
        del document
        gc.collect(0)  # the render's garbage, still in the youngest generation: no scan of the whole heap
    return RenderedPDF(content, page_count, tuple(fetcher.requested))


def render_version(version: ReportVersion, *, as_draft: bool = False) -> RenderedPDF:
    """A version's PDF: a final version's frozen figures, or (``as_draft``, or a draft) the live ones."""
    return render(version_data(version, as_draft=as_draft))
