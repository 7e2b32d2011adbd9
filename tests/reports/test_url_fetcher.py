"""The PDF's URL fetcher serves the app's static files and refuses everything else."""

import pytest
from django.test import override_settings
from weasyprint import HTML

from reports.pdf.fetcher import PDF_ORIGIN, RefusedURLError, StaticOnlyURLFetcher, pdf_static_url

REFUSED = [
    "file:///etc/passwd",
    "http://127.0.0.1/",
    "http://127.0.0.1:8000/static/css/report.css",
    "https://example.com/static/css/report.css",
    "https://report.invalid.example.com/static/css/report.css",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://report.invalid/static/css/report.css",
    "https://report.invalid/media/reports/pdf/secret.pdf",
    "https://report.invalid/static/../../../../etc/passwd",
    "https://report.invalid/static/%2e%2e/%2e%2e/inspection/settings.py",
    "https://report.invalid/static/css/..%2f..%2fmanage.py",
    "https://report.invalid/static/js/app.js",  # not a stylesheet, font or image
    "https://report.invalid/static/css/no-such-file.css",
    "https://user@report.invalid/static/css/report.css",
]

pytestmark = pytest.mark.pdf  # WeasyPrint really asks the fetcher for each URL


def test_the_fetcher_serves_the_report_stylesheet():
    response = StaticOnlyURLFetcher().fetch(pdf_static_url("css/report.css"))
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize("url", REFUSED)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_a_symlink_out_of_static_is_refused(tmp_path):
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not yours")
    (static / "img" / "leak.png").symlink_to(secret)
    (static / "img" / "ok.png").write_bytes(b"\x89PNG fine")
    with override_settings(STATICFILES_DIRS=[static], STATIC_ROOT=tmp_path / "collected"):
        fetcher = StaticOnlyURLFetcher()
        assert fetcher.fetch(pdf_static_url("img/ok.png")).read() == b"\x89PNG fine"
        with pytest.raises(RefusedURLError):
            fetcher.fetch(pdf_static_url("img/leak.png"))


def test_weasyprint_never_reads_a_local_file_or_the_network_through_it():
    fetcher = StaticOnlyURLFetcher()
    html = """<html><head>
      <link rel="stylesheet" href="http://127.0.0.1/evil.css">
      <style>@font-face { font-family: X; src: url(file:///etc/fonts/x.ttf); }
             body { background: url(https://report.invalid/static/../../etc/passwd); }</style>
      </head><body><img src="file:///etc/passwd"><img src="http://127.0.0.1/tracker.png">
      <img src="https://report.invalid/static/css/report.css"><p>text</p></body></html>"""
    content = HTML(string=html, base_url=PDF_ORIGIN, url_fetcher=fetcher).write_pdf()
    assert content.startswith(b"%PDF")
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1/tracker.png" in fetcher.refused
    assert "http://127.0.0.1/evil.css" in fetcher.refused
    # Everything it asked for was refused except the one real static file.
    assert set(fetcher.requested) - set(fetcher.refused) == {"https://report.invalid/static/css/report.css"}
