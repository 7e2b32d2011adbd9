from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.models import Inspection
from cases.permissions import is_admin
from inspection.errors import ServiceError
from reports.services.retention import erase_case_data, retention_state


class Command(BaseCommand):
    help = (
        "Erase a published inspection's case-level data once the retention period (RETENTION_DAYS) has "
        "passed, keeping its scores and final report (see reports/retention.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_slug")
        parser.add_argument("--by", metavar="USERNAME", required=True, help="the admin recorded as erasing it")
        parser.add_argument("--yes", action="store_true", help="erase without asking to confirm")

    def handle(self, *args, inspection_slug: str, by: str, yes: bool = False, **options):
        inspection = Inspection.objects.filter(slug=inspection_slug).first()
        if inspection is None:
            raise CommandError(f"no inspection with slug '{inspection_slug}'")
        actor = get_user_model().objects.filter(username=by).first()
        if actor is None:
            raise CommandError(f"--by: no user '{by}'")
        if not is_admin(actor):
            raise CommandError(f"--by: '{by}' is not an admin (who may manage inspections)")
        state = retention_state(inspection=inspection)
        if not state.can_erase:
            raise CommandError(f"{inspection.slug}: {state.refusal} Nothing was erased.")
        if not yes:
            answer = input(
                f"Erase the case data of {inspection.name} ({inspection.slug})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing was erased.")
        try:
            result = erase_case_data(inspection=inspection, actor=actor)
        except ServiceError as exc:
            raise CommandError(f"{inspection.slug}: {' '.join(exc.messages)} Nothing was erased.") from exc
        self.stdout.write(
            f"Erased the case data of '{inspection.slug}': {result.cases} cases, {result.assessments} assessments, "
            f"{result.judgements} judgements, {result.history_records} history records, "
            f"{result.draft_pdfs_deleted} draft PDFs; scores and the final report are kept"
        )
