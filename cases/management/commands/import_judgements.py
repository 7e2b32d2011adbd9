from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cases.models import Inspection
from cases.services.judgement_import import import_judgements
from inspection.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Import an inspection-judgements/1 CSV file into an inspection (all or nothing); importing "
        "again updates the same judgements."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="the user recorded in the history as making the import (default: each row's assessor)",
        )

    def handle(self, *args, inspection_slug: str, file: Path, by: str | None = None, **options):
        inspection = Inspection.objects.filter(slug=inspection_slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{inspection_slug}'")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"--by: no user '{by}'")
        try:
            data = file.open("rb")  # read as a stream by the import, after its size is checked
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}") from exc
        try:
            with data:
                result = import_judgements(inspection=inspection, data=data, source=file.name, actor=actor)
        except ServiceError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            total = getattr(exc, "total", len(exc.messages))
            raise CommandError(
                f"{file.name}: rejected with {total:,} {ngettext('error', 'errors', total)}; nothing was written"
            ) from exc
        self.stdout.write(
            f"Imported {result.rows} judgements into '{inspection.slug}': {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged; {result.cases} cases "
            f"({result.submitted} submitted, {result.in_progress} in progress)"
        )
