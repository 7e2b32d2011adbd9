from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cases.models import Inspection, Programme
from cases.services.inspections import create_inspection
from criteria.models import CriteriaSet
from inspection.errors import ServiceError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"'{value}' is not a date in the form YYYY-MM-DD") from exc


def _option_messages(exc: ServiceError) -> list[str]:
    """The service's messages, each prefixed with the option it is about (``fieldwork-end: …``)."""
    if not hasattr(exc, "error_dict"):
        return exc.messages
    return [
        f"{field.replace('_', '-')}: {message}" for field, messages in exc.message_dict.items() for message in messages
    ]


class Command(BaseCommand):
    help = "Create an inspection on a published criteria set (then appoint its lead in the web interface)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the inspection's reference, e.g. northshire-2026")
        parser.add_argument("--criteria", required=True, metavar="CRITERIA_SLUG", help="a published criteria set")
        parser.add_argument("--name", required=True)
        parser.add_argument("--area", default="", help="the probation area or trust inspected")
        parser.add_argument("--programme", metavar="SLUG", help="the programme the inspection is part of")
        parser.add_argument("--previous", metavar="SLUG", help="the original inspection, for a reinspection")
        parser.add_argument("--fieldwork-start", type=_date, metavar="YYYY-MM-DD")
        parser.add_argument("--fieldwork-end", type=_date, metavar="YYYY-MM-DD")
        parser.add_argument("--sample-date", type=_date, metavar="YYYY-MM-DD")

    def handle(self, *args, slug, criteria, name, area, programme, previous, **options):
        fieldwork_start, fieldwork_end = options["fieldwork_start"], options["fieldwork_end"]
        sample_date = options["sample_date"]
        errors = []
        criteria_set = CriteriaSet.objects.filter(slug=criteria).first()
        if criteria_set is None:
            errors.append(f"--criteria: no criteria set with slug '{criteria}'")
        in_programme = None
        if programme:
            in_programme = Programme.objects.filter(slug=programme).first()
            if in_programme is None:
                errors.append(f"--programme: no programme with slug '{programme}'")
        previous_inspection = None
        if previous:
            previous_inspection = Inspection.objects.filter(slug=previous).first()
            if previous_inspection is None:
                errors.append(f"--previous: no inspection with slug '{previous}'")
        if not errors:
            try:
                inspection = create_inspection(
                    slug=slug,
                    name=name,
                    area=area,
                    programme=in_programme,
                    criteria_set=criteria_set,
                    previous=previous_inspection,
                    fieldwork_start=fieldwork_start,
                    fieldwork_end=fieldwork_end,
                    sample_date=sample_date,
                )
            except ServiceError as exc:
                errors.extend(_option_messages(exc))
        if errors:
            for error in errors:
                self.stderr.write(error)
            problems = ngettext("%(n)d error", "%(n)d errors", len(errors)) % {"n": len(errors)}
            raise CommandError(f"inspection '{slug}' was not created ({problems})")
        self.stdout.write(
            f"Created inspection '{inspection.slug}' ({inspection.name}) on criteria set "
            f"'{criteria_set.slug}'"
            + (f", a reinspection of '{previous}'" if previous else "")
            + (f", in programme '{programme}'" if programme else "")
        )
