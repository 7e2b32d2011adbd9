"""Agreement of double marking on a realistic inspection: the selector, the export and the page.

Builds, in a throwaway test database, the 300-case inspection of ``bench/criterion_save.py`` (RoH
2007 set, six inspectors, most cases answered), submits every answered assessment, then double-marks
60 of them: a second inspector answers each applicable question, agreeing with the primary answer
about four times in five. Times (median and p95 in ms, with the query count) the agreement
selector, the ``inspection-agreement/1`` export (``--by-pair``) and the agreement page over HTTP.
No assertions: it measures.

    .venv/bin/python bench/agreement.py [--cases 300] [--double 60] [--iterations 50]

SQLite (in memory) by default; with DATABASE_URL pointing at PostgreSQL it creates and drops its
own database (TEST_DATABASE_NAME, default test_bench_agreement).
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.test_settings")
os.environ.setdefault("TEST_DATABASE_NAME", "test_bench_agreement")

from criterion_save import build  # noqa: E402  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.second_factor import pass_second_factor  # noqa: E402


def double_mark(inspection, count: int, rng: random.Random) -> int:
    """Submit the answered assessments and give ``count`` of them a second marker's. Returns the pairs."""
    from cases.models import Assessment, Judgement, Membership

    answered = Assessment.objects.filter(case__inspection=inspection, judgements__isnull=False).distinct()
    Assessment.objects.filter(pk__in=answered.values("pk")).update(status="submitted")
    team = [m.user for m in Membership.objects.filter(inspection=inspection, role="inspector").select_related("user")]
    chosen = rng.sample(list(answered.select_related("case")), count)
    seconds, judgements = [], []
    for primary in chosen:
        marker = rng.choice([u for u in team if u.pk != primary.assessor_id])
        seconds.append(Assessment(case=primary.case, assessor=marker, is_primary=False, status="submitted"))
    Assessment.objects.bulk_create(seconds)
    for primary, second in zip(chosen, seconds, strict=True):
        for j in Judgement.objects.filter(assessment=primary).select_related("question__scale"):
            options = list(j.question.scale.options.all())
            option = j.option if rng.random() < 0.8 else rng.choice(options)
            judgements.append(Judgement(assessment=second, question=j.question, option=option))
    Judgement.objects.bulk_create(judgements, batch_size=1000)
    return len(judgements)


def timed(run, iterations: int) -> tuple[float, float, int]:
    with CaptureQueriesContext(connection) as queries:
        run()
    times = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--double", type=int, default=60)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args()
    from cases.models import Membership
    from reports.scoring.agreement import inspection_agreement

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(args.seed)
        started = time.perf_counter()
        inspection, _, _, _ = build(args.cases, rng)
        pairs = double_mark(inspection, args.double, rng)
        print(
            f"Built {inspection.cases.count()} cases, {args.double} double-marked ({pairs} second answers) "
            f"in {time.perf_counter() - started:.1f}s ({connection.vendor})"
        )
        lead = Membership.objects.leads().get(inspection=inspection).user
        client = Client()
        client.force_login(lead)
        pass_second_factor(client, lead)
        url = f"/inspections/{inspection.slug}/agreement/"
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"the agreement page answered {status}")
        rows = [
            ("selector (per question and pooled)", lambda: inspection_agreement(inspection=inspection)),
            ("selector --by-pair", lambda: inspection_agreement(inspection=inspection, by_pair=True)),
            (
                "export_agreement --by-pair",
                lambda: call_command("export_agreement", inspection.slug, "--by-pair", stdout=io.StringIO()),
            ),
            ("agreement page over HTTP", lambda: client.get(url)),
        ]
        print(f"{'what':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for label, run in rows:
            median, p95, queries = timed(run, args.iterations)
            # Over HTTP the request's connection handling hides its queries here: pinned in tests instead.
            shown = str(queries) if queries else "(tests)"
            print(f"{label:40} {median:10.1f} {p95:8.1f} {shown:>8}")
        result = inspection_agreement(inspection=inspection)
        pooled = result.rows[-1]
        print(
            f"Pooled: {pooled.pairs} pairs, agreement {pooled.agreement_answer}% (kappa {pooled.kappa_answer}), "
            f"line {pooled.agreement_line}% (kappa {pooled.kappa_line}); {len(result.disagreements)} disagreements"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
