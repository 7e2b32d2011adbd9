"""Finalise an inspection's report: the same checks as the report's Finalise page.

    python manage.py finalise_report INSPECTION_SLUG [--by USERNAME]

Freezes the latest (draft) version's figures and builds its PDF. A report never opened in the
browser is started first, as the report page starts it (version 1, with the figures and no
narrative). Refused, with every reason on stderr, a non-zero exit and nothing written, while a
judgement can still change.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Inspection
from inspection.errors import ServiceError
from reports import selectors
from reports.services import reports as services


class Command(BaseCommand):
    help = "Finalise the latest version of an inspection's report, freezing its figures (DOMAIN.md command line)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the inspection's slug")
        parser.add_argument("--by", metavar="USERNAME", help="the user recorded in the history as finalising")

    def handle(self, *args, slug: str, by: str | None = None, **options):
        inspection = Inspection.objects.select_related("criteria_set").filter(slug=slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{slug}'")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"--by: no user '{by}'")
        version = selectors.newest_version(inspection=inspection)
        if version is not None and not version.is_draft:
            raise CommandError(f"version {version.number} is already final")
        try:
            with transaction.atomic():  # a refusal leaves no report started either
                version = services.ensure_report(inspection=inspection, actor=actor)
                generated = services.finalise_version(version=version, actor=actor)
        except ServiceError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"version {version.number} cannot be finalised yet") from exc
        self.stdout.write(
            f"Finalised version {version.number} of the report on {inspection.name}: its figures are frozen "
            f"(PDF {generated.pk}: {generated.get_status_display().lower()})"
        )
