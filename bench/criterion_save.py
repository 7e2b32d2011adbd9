"""Criterion-page save latency on a realistic inspection.

Builds, in a throwaway test database, an inspection on the RoH 2007 criteria set with ~300 cases
(a realistic mix of sentence types, RoSH levels and other characteristics) over six units,
allocated to six inspectors, most cases already answered throughout (so the judgement and history
tables are full-sized). Then, signed in as one inspector through the Django test client, it saves
criterion pages (POST, every answer changed each time, round-robin over that inspector's cases)
and, interleaved as a baseline, opens the same pages (GET). Prints median and p95 in ms and the
POST/GET ratio. No assertions: it measures.

    .venv/bin/python bench/criterion_save.py [--cases 300] [--iterations 200] [--criterion 1.2]

SQLite (in memory) by default; with DATABASE_URL pointing at PostgreSQL it creates and drops its
own database (TEST_DATABASE_NAME, default test_bench_criterion_save).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.test_settings")
os.environ.setdefault("TEST_DATABASE_NAME", "test_bench_criterion_save")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from bench._setup import build_inspection, roh_criteria_set  # noqa: E402 - shared set-up
from bench._setup import criterion_post_data as post_data  # noqa: E402
from tests.second_factor import pass_second_factor  # noqa: E402


def build(cases: int, rng: random.Random):
    """The inspection, the measured inspector and their cases. Uses the services throughout."""
    from cases.models import Assessment, Case, Judgement
    from criteria.models import Question

    criteria_set = roh_criteria_set()
    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", password="bench-password-not-secret")
    lead = users.create_user("bench-lead", password="bench-password-not-secret")
    team = [users.create_user(f"bench-inspector-{n}", password="bench-password-not-secret") for n in range(6)]
    inspection, _ = build_inspection(
        slug="bench-2026", cases=cases, rng=rng, criteria_set=criteria_set, admin=admin, lead=lead, team=team
    )

    # Most cases already answered throughout: full-sized judgement and history tables.
    questions = list(Question.objects.filter(criteria_set=criteria_set).prefetch_related("scale__options"))
    judgements = []
    for assessment in Assessment.objects.filter(case__inspection=inspection).select_related("case", "assessor"):
        if assessment.assessor_id == team[0].pk or rng.random() > 0.7:
            continue  # the measured inspector's cases start empty; so do 30% of the others
        for question in questions:
            if assessment.case.applies(question):
                option = rng.choice(list(question.scale.options.all()))
                judgements.append(
                    Judgement(
                        assessment=assessment,
                        question=question,
                        option=option,
                        rationale="Seen on file.",
                        updated_by=assessment.assessor,
                    )
                )
    bulk_create_with_history(judgements, Judgement, batch_size=1000, default_change_reason="import")
    mine = list(Case.objects.filter(inspection=inspection, assessments__assessor=team[0]).order_by("case_ref"))
    return inspection, team[0], mine, len(judgements)


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--criterion", default="1.2", help="criterion code of the page (1.2 has the most questions)")
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args()

    # No setup_test_environment(): its template instrumentation would slow rendering unlike production.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        inspection, inspector, cases, prefilled = build(args.cases, random.Random(args.seed))
        print(
            f"Built {inspection.cases.count()} cases, {prefilled} judgements prefilled, "
            f"{len(cases)} cases for {inspector.username} in {time.perf_counter() - started:.1f}s "
            f"({connection.vendor})"
        )
        client = Client()
        client.force_login(inspector)
        pass_second_factor(client, inspector)  # every page needs the second factor too
        urls = {
            case.pk: f"/inspections/{inspection.slug}/cases/{case.case_ref}/criteria/{args.criterion}/"
            for case in cases
        }

        saves: list[float] = []
        opens: list[float] = []
        warmup = 10
        for n in range(args.iterations + warmup):
            case = cases[n % len(cases)]
            data = post_data(case, args.criterion, n // len(cases))
            t0 = time.perf_counter()
            response = client.post(urls[case.pk], data)
            t1 = time.perf_counter()
            if response.status_code != 302:
                raise SystemExit(f"save failed with {response.status_code} for {case.case_ref}")
            client.get(urls[case.pk])  # the page as the redirect shows it: the baseline
            t2 = time.perf_counter()
            if n >= warmup:
                saves.append((t1 - t0) * 1000)
                opens.append((t2 - t1) * 1000)

        case = cases[0]
        with CaptureQueriesContext(connection) as save_queries:
            client.post(urls[case.pk], post_data(case, args.criterion, 99))
        with CaptureQueriesContext(connection) as open_queries:
            client.get(urls[case.pk])
        questions = sum(1 for key in post_data(case, args.criterion, 0) if key.endswith("-answer"))

        print(
            f"Criterion {args.criterion} page ({questions} applicable questions on the first case), "
            f"{args.iterations} iterations after {warmup} warm-up:"
        )
        print(
            f"  save (POST):  median {statistics.median(saves):7.2f} ms   p95 {percentile(saves, 95):7.2f} ms   "
            f"{len(save_queries)} queries"
        )
        print(
            f"  open (GET):   median {statistics.median(opens):7.2f} ms   p95 {percentile(opens, 95):7.2f} ms   "
            f"{len(open_queries)} queries   (baseline)"
        )
        print(f"  ratio save/open (medians): {statistics.median(saves) / statistics.median(opens):.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


if __name__ == "__main__":
    main()
