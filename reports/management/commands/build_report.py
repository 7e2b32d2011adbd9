"""Build an inspection's current report version (normally the draft) as a PDF file.

    python manage.py build_report INSPECTION_SLUG --out FILE.pdf

Reads only: nothing is stored (the web page's "Generate a PDF" keeps its PDFs). Before the lead
has written anything the PDF is an empty draft: the figures without narrative.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Inspection
from reports import pdf, selectors
from reports.report_data import assemble


class Command(BaseCommand):
    help = "Build the current draft report of an inspection as a PDF (DOMAIN.md command line)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the inspection's slug")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, slug: str, out: str, **options):
        inspection = Inspection.objects.select_related("criteria_set").filter(slug=slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{slug}'")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"--out: folder '{target.parent}' does not exist")
        version = selectors.newest_version(inspection=inspection)
        started = time.perf_counter()
        data = assemble(inspection=inspection, version=version)
        rendered = pdf.render(data)
        try:
            target.write_bytes(rendered.content)
        except OSError as error:
            raise CommandError(f"--out: cannot write '{target}': {error.strerror}") from error
        what = "an empty draft" if version is None else f"version {version.number} ({version.get_status_display()})"
        self.stdout.write(
            f"Wrote {target}: {inspection.name}, {what}, {rendered.page_count} pages "
            f"in {time.perf_counter() - started:.1f} s"
        )
