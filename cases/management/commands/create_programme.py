from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cases.services.programmes import create_programme
from inspection.errors import ServiceError

from .create_inspection import _date, _option_messages


class Command(BaseCommand):
    help = "Create a programme: one cycle of inspections (then place inspections in it with --programme)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the programme's reference, e.g. omi2-2009")
        parser.add_argument("--name", required=True, help='e.g. "OMI2 2009–2012"')
        parser.add_argument("--start", type=_date, metavar="YYYY-MM-DD")
        parser.add_argument("--end", type=_date, metavar="YYYY-MM-DD")

    def handle(self, *args, slug, name, start, end, **options):
        try:
            programme = create_programme(slug=slug, name=name, start=start, end=end)
        except ServiceError as exc:
            errors = _option_messages(exc)
            for error in errors:
                self.stderr.write(error)
            problems = ngettext("%(n)d error", "%(n)d errors", len(errors)) % {"n": len(errors)}
            raise CommandError(f"programme '{slug}' was not created ({problems})") from None
        self.stdout.write(f"Created programme '{programme.slug}' ({programme.name})")
