"""``make run``'s set-up step: migrate, load the shipped criteria set and seed the demo, skipped
whole when nothing they depend on changed since the last time (a stamp of the migrations, the
criteria file and the seeding code) and the demo is in the database (one cheap query). The demo
users' passwords are printed either way. Seeding needs ``--allow-production`` with DEBUG off, as
the demo runs (a throwaway local installation)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from cases.models import Inspection, Membership

from ..demo_data import CRITERIA_FILE, USERS, demo_password

DEMO_INSPECTION = "demoshire-2026"
SEEDING_CODE = [Path(__file__).with_name("seed_demo.py"), Path(__file__).parent.parent / "demo_data.py"]


def inputs_digest() -> str:
    """What the set-up depends on: every migration, the criteria file, the seeding code."""
    base = Path(settings.BASE_DIR)
    files = [*sorted(base.glob("*/migrations/*.py")), CRITERIA_FILE, *SEEDING_CODE]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def demo_in_database() -> bool:
    try:
        return Inspection.objects.filter(slug=DEMO_INSPECTION).exists()
    except DatabaseError:  # no database yet, or not migrated
        return False


class Command(BaseCommand):
    help = "Migrate, load the criteria set and seed the demo, unless already done (make run)."

    def add_arguments(self, parser):
        parser.add_argument("--stamp", default=str(Path(settings.BASE_DIR) / ".demo-prepared"), help="stamp file")

    def handle(self, *args, stamp: str, **options):
        stamp_file, digest = Path(stamp), inputs_digest()
        done = stamp_file.exists() and stamp_file.read_text().strip() == digest and demo_in_database()
        if done:
            self.stdout.write("The demo is set up already (nothing changed since): starting straight away.")
            self._passwords()
            return
        stamp_file.unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        call_command("load_criteria", str(CRITERIA_FILE), stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo", allow_production=True, stdout=self.stdout, stderr=self.stderr)
        stamp_file.write_text(digest + "\n")

    def _passwords(self) -> None:
        self.stdout.write("Demo users (username, password, role):")
        for demo in USERS:
            role = "admin (superuser)" if demo.role == "admin" else Membership.Role(demo.role).label.lower()
            self.stdout.write(f"  {demo.username:<16} {demo_password(demo.username)}  {role}")
        self.stdout.write(f"Inspection: /inspections/{DEMO_INSPECTION}/")
