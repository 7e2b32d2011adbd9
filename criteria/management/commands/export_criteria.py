from django.core.management.base import BaseCommand, CommandError

from criteria.exporter import to_yaml
from criteria.models import CriteriaSet


class Command(BaseCommand):
    help = "Print a criteria set as inspection-criteria/1 YAML (loading it again is a no-op)."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        criteria_set = CriteriaSet.objects.filter(slug=slug).first()
        if criteria_set is None:
            raise CommandError(f"no criteria set with slug '{slug}'")
        self.stdout.write(to_yaml(criteria_set), ending="")
