from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from reports.analysis import GROUPINGS, find_question, programme_table, table_csv
from reports.analysis.options import names_checked, programmes_named


class Command(BaseCommand):
    help = (
        "Write one analysis question's counts pooled over programmes as programme-table/1 CSV: all "
        "cases, then with --by each group of each grouping; all programmes pooled, then each."
    )

    def add_arguments(self, parser):
        parser.add_argument("question", help="an analysis code (or the question's code where a set gives none)")
        parser.add_argument("--programmes", required=True, metavar="SLUG[,SLUG…]")
        parser.add_argument(
            "--by",
            metavar="FIELD[,FIELD…]",
            help="groupings: case characteristics or derived groupings "
            "(age_group, bame, supervision, rosh_band, mappa)",
        )
        parser.add_argument("--out", type=Path, metavar="FILE.csv", help="write to this file (default: stdout)")

    def handle(self, *args, question: str, programmes: str, by: str | None, out: Path | None, **options):
        chosen, errors = programmes_named(programmes)
        names, wrong = names_checked(
            by, option="--by", valid=GROUPINGS, what="a case characteristic or a derived grouping"
        )
        errors += wrong
        if chosen and find_question(key=question, programmes=chosen) is None:
            errors.append(f"no question with analysis code '{question}' in the criteria sets of these programmes")
        if errors:
            fail(self, errors, "no table was written")
        write(self, table_csv(programme_table(question=question, programmes=chosen, by=names)), out)


def fail(command: BaseCommand, errors: list[str], outcome: str):
    for error in errors:
        command.stderr.write(error)
    problems = ngettext("%(n)d error", "%(n)d errors", len(errors)) % {"n": len(errors)}
    raise CommandError(f"{outcome} ({problems})")


def write(command: BaseCommand, text: str, out: Path | None) -> None:
    if out is None:
        command.stdout.write(text, ending="")
        return
    try:
        with out.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except OSError as exc:
        raise CommandError(f"{out}: cannot write: {exc.strerror}") from exc
