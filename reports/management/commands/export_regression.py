from pathlib import Path

from django.core.management.base import BaseCommand

from reports.analysis import VARIABLES, find_question, logistic_regression, regression_csv
from reports.analysis.options import names_checked, programmes_named

from .export_programme_table import fail, write


class Command(BaseCommand):
    help = (
        "Write the forward stepwise logistic regression of one analysis question over programmes as "
        "programme-regression/1 CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("question", help="an analysis code (or the question's code where a set gives none)")
        parser.add_argument("--programmes", required=True, metavar="SLUG[,SLUG…]")
        parser.add_argument(
            "--variables",
            metavar="NAME[,NAME…]",
            help="candidate variables (default: programme,gender,age_group,bame,supervision,rosh_band,mappa; "
            "programme only with two or more programmes)",
        )
        parser.add_argument("--out", type=Path, metavar="FILE.csv", help="write to this file (default: stdout)")

    def handle(self, *args, question: str, programmes: str, variables: str | None, out: Path | None, **options):
        chosen, errors = programmes_named(programmes)
        names, wrong = names_checked(
            variables,
            option="--variables",
            valid=VARIABLES,
            what="programme, a case characteristic or a derived grouping (other than age)",
        )
        errors += wrong
        if variables is not None and not names:
            errors.append("--variables: name one or more variables")
        if chosen and find_question(key=question, programmes=chosen) is None:
            errors.append(f"no question with analysis code '{question}' in the criteria sets of these programmes")
        if errors:
            fail(self, errors, "no model was written")
        fit = logistic_regression(question=question, programmes=chosen, variables=names or None)
        write(self, regression_csv(fit), out)
