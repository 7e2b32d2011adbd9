from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cases.models import Inspection
from cases.services.sample import import_sample
from inspection.errors import ServiceError


class Command(BaseCommand):
    help = "Add the cases of an inspection-sample/1 CSV file to an inspection (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args, inspection_slug: str, file: Path, **options):
        inspection = Inspection.objects.filter(slug=inspection_slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{inspection_slug}'")
        try:
            data = file.open("rb")  # read as a stream by the import, after its size is checked
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        try:
            with data:
                result = import_sample(inspection=inspection, data=data, source=file.name)
        except ServiceError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            total = getattr(exc, "total", len(exc.messages))
            raise CommandError(
                f"{file.name}: rejected with {total:,} {ngettext('error', 'errors', total)}; nothing was written"
            ) from exc
        units = f"; new units: {', '.join(result.units_created)}" if result.units_created else ""
        self.stdout.write(f"Imported {result.cases} cases into '{inspection.slug}'{units}")
