import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Inspection
from reports.exports import write_csv
from reports.scoring.agreement import AGREEMENT_COLUMNS, inspection_agreement


class Command(BaseCommand):
    help = (
        "Write an inspection's inter-rater agreement of double marking as inspection-agreement/1 CSV: "
        "per question and pooled (all), with --by-pair per pair of assessors."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_slug")
        parser.add_argument("--by-pair", action="store_true", help="one row per pair of assessors")
        parser.add_argument("--out", type=Path, metavar="FILE.csv", help="write to this file (default: stdout)")

    def handle(self, *args, inspection_slug: str, by_pair: bool = False, out: Path | None = None, **options):
        inspection = Inspection.objects.filter(slug=inspection_slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{inspection_slug}'")
        rows = [row.csv_row() for row in inspection_agreement(inspection=inspection, by_pair=by_pair).rows]
        if out is None:
            buffer = io.StringIO()
            write_csv(rows, AGREEMENT_COLUMNS, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                write_csv(rows, AGREEMENT_COLUMNS, stream)
        except OSError as exc:
            raise CommandError(f"{out}: cannot write: {exc.strerror}") from exc
