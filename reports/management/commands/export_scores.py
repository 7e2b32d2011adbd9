import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Inspection
from reports.exports import SCORES_COLUMNS, scores_table, write_csv
from reports.scoring import is_valid_by


class Command(BaseCommand):
    help = (
        "Write an inspection's scores as inspection-scores/1 CSV: the whole sample, then with --by the "
        "rows of each unit or each value of a characteristic. Submitted work only."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_slug")
        parser.add_argument(
            "--by",
            metavar="unit|FIELD",
            help="add a breakdown: unit, a characteristic or a "
            "derived grouping (age_group, bame, supervision, rosh_band, mappa)",
        )
        parser.add_argument("--out", type=Path, metavar="FILE.csv", help="write to this file (default: stdout)")

    def handle(self, *args, inspection_slug: str, by: str | None = None, out: Path | None = None, **options):
        inspection = Inspection.objects.filter(slug=inspection_slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{inspection_slug}'")
        if by is not None and not is_valid_by(by):
            raise CommandError(f"--by: '{by}' is not unit, a case characteristic or a derived grouping")
        rows = scores_table(inspection=inspection, by=by)
        if out is None:
            buffer = io.StringIO()
            write_csv(rows, SCORES_COLUMNS, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                write_csv(rows, SCORES_COLUMNS, stream)
        except OSError as exc:
            raise CommandError(f"{out}: cannot write: {exc.strerror}") from exc
        if options.get("verbosity", 1) > 1:
            self.stderr.write(f"Wrote {len(rows)} rows to {out}")
