"""Build a version of an inspection's report as a PDF or an editable Word file.

    python manage.py build_report INSPECTION_SLUG [--version N] [--format pdf|docx] --out FILE

Without ``--version``, the latest version. A final version is built from the figures frozen when
it was finalised; a draft from the live figures. Reads only: nothing is stored (the web page's
"Generate a PDF" keeps its PDFs). Before the lead has written anything the report is an empty
draft: the figures without narrative.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Inspection
from reports.models import ReportVersion
from reports.report_data import assemble, version_data


class Command(BaseCommand):
    help = "Build a version of an inspection's report as PDF or Word (DOMAIN.md command line)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the report version (DOMAIN.md), replacing Django's "show the program's version".
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the inspection's slug")
        parser.add_argument("--version", type=int, dest="number", metavar="N", help="the version (default: latest)")
        parser.add_argument("--format", choices=("pdf", "docx"), default="pdf", help="pdf (default) or docx")
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, slug: str, number: int | None, format: str, out: str, **options):
        inspection = Inspection.objects.select_related("criteria_set").filter(slug=slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{slug}'")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"--out: folder '{target.parent}' does not exist")
        versions = ReportVersion.objects.filter(report__inspection=inspection).select_related("report__inspection")
        if number is None:
            version = versions.newest()
        else:
            version = versions.filter(number=number).first()
            if version is None:
                numbers = ", ".join(str(n) for n in versions.order_by("number").values_list("number", flat=True))
                raise CommandError(f"--version: the report has no version {number} (versions: {numbers or 'none'})")
        started = time.perf_counter()
        data = assemble(inspection=inspection, version=None) if version is None else version_data(version)
        if format == "docx":
            from reports import word

            content, pages = word.render(data), None
        else:
            from reports import pdf

            rendered = pdf.render(data)
            content, pages = rendered.content, rendered.page_count
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(f"--out: cannot write '{target}': {error.strerror}") from error
        what = "an empty draft" if version is None else f"version {version.number} ({version.get_status_display()})"
        size = f"{pages} pages" if pages is not None else f"{len(content) // 1024} KB"
        self.stdout.write(f"Wrote {target}: {inspection.name}, {what}, {size} in {time.perf_counter() - started:.1f} s")
