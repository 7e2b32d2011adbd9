from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from criteria.forms import MAX_UPLOAD_BYTES, MAX_UPLOAD_SIZE
from criteria.services import load_criteria_set
from inspection.errors import ServiceError


class Command(BaseCommand):
    help = "Load a criteria set from an inspection-criteria/1 YAML file (loading the same file again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            if file.stat().st_size > MAX_UPLOAD_BYTES:  # checked before the file is read
                raise CommandError(f"{file}: the file is larger than {MAX_UPLOAD_SIZE}; nothing was written")
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read: {exc}") from exc
        try:
            result = load_criteria_set(text=text, source=file.name)
        except ServiceError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            count = len(exc.messages)
            raise CommandError(
                f"{file.name}: rejected with {count:,} {ngettext('error', 'errors', count)}; nothing was written"
            ) from exc
        cs = result.criteria_set
        verb = {"new": "Loaded", "replacement": "Replaced", "unchanged": "Unchanged:"}[result.outcome]
        self.stdout.write(
            f"{verb} criteria set '{cs.slug}' ({cs.name}, {cs.version}): "
            f"{cs.sections.count()} sections, {cs.general_criteria.count()} general criteria, "
            f"{cs.questions.count()} questions"
        )
