"""Server response time of every page of the inspector's journey and the lead's pages, 300 cases.

Builds, in a throwaway database, a reinspection on the shipped RoH 2007 criteria set in fieldwork
(300 cases over six units, six inspectors with 50 cases each, about 85% of the assessments submitted,
30 cases double marked, a written report draft) and the 60-case original it is compared with (closed).
Then, in-process through Django's test client (the whole middleware stack: sessions, CSRF, the
second factor, the audit and no-store middleware, the request log; production settings with DEBUG
off, ``bench/load_settings.py``), it requests each page several times and prints per page: the first
(cold) time, the median and the slowest of the others, the SQL queries, and the median as a multiple
of a baseline measured in the same run (``/health/``, and a bare signed-in page: "Your account").

The inspector's journey: My cases, a case page, a criterion page (1.2, the largest) opened and saved
(every answer changed each time), and submitting a complete assessment (a fresh one each run). The
lead's pages: the inspection, dashboard, team, sample, allocation, double marking, moderation queue,
scores, each breakdown, the programme, the report's overview, criterion, examples and summary
pages, and agreement.

Target (issue 12): every page at or under 50 ms median, none over 150 ms. Prints figures; never fails.

    .venv/bin/python bench/pages.py [--cases 300] [--runs 7] [--only scores,breakdown]

PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_pages, a database it
creates and drops); SQLite in memory, with a warning, when no PostgreSQL server answers.
"""

import argparse
import gc
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_pages"


def choose_database() -> str:
    """DATABASE_URL, else the local PostgreSQL server if it answers, else SQLite in memory (warned)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception as error:
        print(f"WARNING: no PostgreSQL at 127.0.0.1:5432 ({type(error).__name__}): measuring on SQLite in memory")
        return "sqlite:///:memory:"
    return DEFAULT_DATABASE


os.environ["DATABASE_URL"] = choose_database()
os.environ.setdefault("TEST_DATABASE_NAME", "bench_pages")
# Production settings, DEBUG off, over plain HTTP (load_settings), quiet request logs.
os.environ["DJANGO_SETTINGS_MODULE"] = "load_settings"
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.setdefault("STATIC_ROOT", str(ROOT / "bench" / "out" / "static-unused"))
Path(os.environ["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"  # no PDF builds here

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench._setup import (  # noqa: E402
    answer,
    build_inspection,
    criterion_post_data,
    questions_of,
    roh_criteria_set,
    second_marking,
    write_draft,
)
from tests.second_factor import pass_second_factor  # noqa: E402

SLUG = "bench-2026"
PROGRAMME = "bench-programme"
CRITERION = "1.2"
TARGET_MEDIAN, TARGET_MAX = 50, 150


def build(cases: int, runs: int, rng: random.Random):
    from django.contrib.auth import get_user_model

    from cases.models import Assessment, Inspection
    from cases.services import inspections, programmes

    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", password="bench-password-not-secret")
    lead = users.create_user("bench-lead", password="bench-password-not-secret")
    team = [users.create_user(f"bench-inspector-{n}", password="bench-password-not-secret") for n in range(6)]
    criteria_set = roh_criteria_set()
    questions = questions_of(criteria_set)

    previous, _ = build_inspection(
        slug="bench-2024", cases=60, rng=rng, criteria_set=criteria_set, admin=admin, lead=lead, team=team, prefix="P"
    )
    answer(
        list(Assessment.objects.filter(case__inspection=previous).select_related("case", "assessor")),
        questions,
        rng,
        status=Assessment.Status.SUBMITTED,
    )
    for status in ("moderation", "reporting", "closed"):
        previous = inspections.change_status(inspection=previous, status=status, actor=lead)

    inspection, allocated = build_inspection(
        slug=SLUG,
        cases=cases,
        rng=rng,
        criteria_set=criteria_set,
        admin=admin,
        lead=lead,
        team=team,
        previous=previous,
    )
    me = team[0]
    mine = allocated[me.pk]
    fresh, to_submit, rest = mine[:5], mine[5 : 10 + runs], mine[10 + runs :]
    assessments = {
        a.case_id: a for a in Assessment.objects.filter(case__inspection=inspection).select_related("case", "assessor")
    }
    # The measured inspector: 5 cases not started (the criterion page), complete ones to submit, the rest submitted.
    answer([assessments[c.pk] for c in to_submit], questions, rng, status=Assessment.Status.IN_PROGRESS)
    submitted = [assessments[c.pk] for c in rest]
    in_progress = []
    for user in team[1:]:
        for case in allocated[user.pk]:
            roll = rng.random()
            if roll < 0.85:
                submitted.append(assessments[case.pk])
            elif roll < 0.95:
                in_progress.append(assessments[case.pk])
    judgements = answer(submitted, questions, rng, status=Assessment.Status.SUBMITTED)
    judgements += answer(in_progress, questions, rng, status=Assessment.Status.IN_PROGRESS)
    double = rng.sample([a.case for a in submitted], 30)
    judgements += second_marking(
        inspection=inspection, lead=lead, team=team, cases=double, rng=rng, questions=questions
    )
    write_draft(inspection=inspection, lead=lead)
    programme = programmes.create_programme(slug=PROGRAMME, name="Bench programme", actor=admin)
    for placed in (previous, inspection):  # the programme page compares its inspections
        programmes.place_inspection(programme=programme, inspection=placed, actor=admin)
    inspection = Inspection.objects.get(pk=inspection.pk)
    print(
        f"Built {inspection.cases.count()} cases ({len(submitted)} submitted, 30 double marked; "
        f"{judgements:,} judgements) and the 60-case original; {connection.vendor}"
    )
    return inspection, lead, me, fresh, to_submit


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a page that fails shows as its 500, and the rest go on
    client.force_login(user)
    pass_second_factor(client, user)
    return client


class Timer:
    """Times one page: a first (cold) request, then ``runs`` more, counting each one's queries.

    ``prepare`` (untimed, its queries not counted) makes what each request needs, given to ``request``.
    Once ``baseline`` is set (the bare signed-in page), one baseline request is timed after each of
    a page's requests, and the page's ratios are to those: on a shared machine whose speed drifts
    within a run, a page and its own baseline see the same machine."""

    def __init__(self, runs: int, profile: list[str] | None = None):
        self.runs = runs
        self.profile = profile or []
        self.rows: list[tuple] = []
        self.baseline = None

    def page(self, label: str, request, *, prepare=None, expect=(200,), group: str = "") -> None:
        def call():
            if prepare is None:
                return request()
            prepared = prepare()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = request(prepared)
                elapsed = (time.perf_counter() - started) * 1000
            return response, elapsed, len(queries)

        times, cpu, base_times, base_cpu = [], [], [], []
        for _ in range(self.runs + 1):
            cpu_started = time.process_time()
            if prepare is None:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = request()
                    elapsed = (time.perf_counter() - started) * 1000
                count = len(queries)
            else:
                response, elapsed, count = call()
            times.append(elapsed)
            cpu.append((time.process_time() - cpu_started) * 1000)
            if response.status_code not in expect:
                print(f"  ! {label}: answered {response.status_code} {response.get('Location', '')}")
                break
            if self.baseline is not None and group != "baseline":
                cpu_started, started = time.process_time(), time.perf_counter()
                self.baseline()
                base_times.append((time.perf_counter() - started) * 1000)
                base_cpu.append((time.process_time() - cpu_started) * 1000)
        warm = times[1:] or times
        own = (statistics.median(base_times[1:]), statistics.median(base_cpu[1:])) if len(base_times) > 1 else None
        self.rows.append(
            (group, label, times[0], statistics.median(warm), max(warm), count, statistics.median(cpu[1:] or cpu), own)
        )
        if any(p in label for p in self.profile):
            self.run_profiler(label, call if prepare is not None else request)

    def run_profiler(self, label: str, call) -> None:
        """cProfile of three more requests: the functions with the most time of their own and under them."""
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            for _ in range(3):
                call()
            profiler.disable()
        print(f"\n--- profile of {label} (3 requests); its queries:")
        for query in queries.captured_queries[: len(queries.captured_queries) // 3]:
            print(f"  {query['time']:>6} s  {query['sql'][: 160 if len(self.profile) > 1 else 4000]}")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        project = f"{ROOT}/(?!.venv)"  # this project's code, then everything by its own time
        stats.sort_stats("cumulative").print_stats(project, 30)
        stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7, help="requests per page after the first (cold) one")
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--only", default="", help="comma-separated substrings of page labels to time")
    parser.add_argument("--profile", default="", help="comma-separated substrings of page labels to profile")
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from criteria.models import GeneralCriterion
        from reports.scoring import groupings

        started = time.perf_counter()
        inspection, lead, me, fresh, to_submit = build(args.cases, args.runs, random.Random(args.seed))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")  # as autovacuum would have after a fieldwork week
        print(f"  in {time.perf_counter() - started:.1f} s; {args.runs} runs per page after a first one")
        # As gunicorn's workers start (deploy/gunicorn.conf.py: pre_fork): what the process holds is out
        # of the garbage collector's reach, so a full collection walks only what the requests made.
        gc.collect()
        gc.freeze()
        if connection.vendor != "postgresql":
            print(
                f"WARNING: measured on {connection.vendor}, not PostgreSQL: the figures do not compare with the target"
            )
        wanted = [w for w in args.only.split(",") if w]
        timer = Timer(args.runs, [p for p in args.profile.split(",") if p])

        def page(label, request, **kwargs):
            if not wanted or any(w in label for w in wanted) or label.startswith("baseline"):
                timer.page(label, request, **kwargs)

        anonymous, inspector, leader = Client(raise_request_exception=False), signed_in(me), signed_in(lead)
        base = f"/inspections/{SLUG}"
        page("baseline: /health/ (no sign-in)", lambda: anonymous.get("/health/"), group="baseline")
        page("baseline: Your account (signed in)", lambda: leader.get("/accounts/"), group="baseline")
        timer.baseline = lambda: leader.get("/accounts/")

        # The inspector's journey.
        case_url = f"{base}/cases/{to_submit[-1].case_ref}/"
        page("My cases", lambda: inspector.get("/inspections/my-cases/"), group="inspector")
        page("case page", lambda: inspector.get(case_url), group="inspector")
        criterion_url = f"{base}/cases/{fresh[0].case_ref}/criteria/{CRITERION}/"
        page(f"criterion {CRITERION} open", lambda: inspector.get(criterion_url), group="inspector")
        rounds = iter(range(10_000))

        def prepare_save():
            """The next case's page, every answer changed since its last save (reads the versions)."""
            n = next(rounds)
            case = fresh[n % len(fresh)]
            return f"{base}/cases/{case.case_ref}/criteria/{CRITERION}/", criterion_post_data(case, CRITERION, n)

        page(
            f"criterion {CRITERION} save (POST)",
            lambda prepared: inspector.post(*prepared),
            prepare=prepare_save,
            expect=(302,),
            group="inspector",
        )
        submits = iter(to_submit)
        page(
            "submit (POST)",
            lambda: inspector.post(f"{base}/cases/{next(submits).case_ref}/submit/"),
            expect=(302,),
            group="inspector",
        )

        # The lead's pages.
        criteria = list(
            GeneralCriterion.objects.filter(criteria_set=inspection.criteria_set)
            .exclude(code=CRITERION)
            .order_by("order")
            .values_list("code", flat=True)
        )
        other_criterion = criteria[-1]  # the last one, beside 1.2 (the largest)
        lead_pages = [
            ("inspection page", f"{base}/"),
            ("dashboard", f"{base}/dashboard/"),
            ("team", f"{base}/team/"),
            ("sample", f"{base}/sample/"),
            ("allocation", f"{base}/allocation/"),
            ("double marking", f"{base}/double-marking/"),
            ("moderation queue", f"{base}/moderation/"),
            ("scores", f"{base}/scores/"),
            *[(f"breakdown by {by}", f"{base}/scores/breakdown/?by={by}") for by in groupings.BREAKDOWN_FIELDS],
            ("programme", f"/inspections/programmes/{PROGRAMME}/scores/"),
            ("report overview", f"{base}/report/"),
            (f"report criterion {other_criterion}", f"{base}/report/criteria/{other_criterion}/"),
            (f"report criterion {CRITERION}", f"{base}/report/criteria/{CRITERION}/"),
            ("report examples", f"{base}/report/making-a-difference/"),
            ("report summary", f"{base}/report/summary/"),
            ("agreement", f"{base}/agreement/"),
        ]
        for label, url in lead_pages:
            page(label, lambda url=url: leader.get(url), group="lead")

        report(timer.rows, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def report(rows, vendor: str) -> None:
    baseline = {row[1]: (row[3], row[6]) for row in rows if row[1].startswith("baseline")}
    signed, signed_cpu = baseline.get("baseline: Your account (signed in)") or (1, 1)
    print()
    print(
        f"{'page':<36} {'first':>7} {'median':>7} {'max':>7} {'CPU':>7} {'queries':>7} {'× signed-in':>11}"
        f" {'max ×':>6} {'CPU ×':>6}"
    )
    slow, ratios = [], []
    for group, label, first, median, high, queries, cpu, own in rows:
        flag = " *" if median > TARGET_MEDIAN or high > TARGET_MAX else ""
        if flag and group != "baseline":
            slow.append(label)
        base, base_cpu = own or (signed, signed_cpu)
        if group != "baseline":
            ratios.append((median / base, high / base, label))
        print(
            f"{label:<36} {first:7.1f} {median:7.1f} {high:7.1f} {cpu:7.1f} {queries:7d} {median / base:11.1f}"
            f" {high / base:6.1f} {cpu / (base_cpu or 1):6.1f}{flag}"
        )
    print(
        f"\nms (CPU: this process's median CPU time, without the database server or waiting for a busy core); "
        f"{vendor}; * misses the target (median <= {TARGET_MEDIAN} ms, none over {TARGET_MAX} ms): "
        + (", ".join(slow) if slow else "none")
    )
    print(
        "The machine may be shared: each page's ratios are to the signed-in baseline timed between its own "
        "requests (× signed-in: medians; max ×: the slowest request over that baseline's median; CPU ×: CPU "
        "medians)."
    )
    if ratios:
        worst, worst_max = max(ratios), max(ratios, key=lambda r: r[1])
        over = [label for median, _, label in ratios if median > 4]
        print(
            f"Pages over 4× their baseline: {', '.join(over) if over else 'none'}; highest median ratio "
            f"{worst[0]:.1f} ({worst[2]}), highest max ratio {worst_max[1]:.1f} ({worst_max[2]})."
        )


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports what went wrong and never fails the run
        import traceback

        traceback.print_exc()
    sys.exit(0)
