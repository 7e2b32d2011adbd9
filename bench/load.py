"""Load benchmark: the application under gunicorn on PostgreSQL, driven by locust (headless, on
127.0.0.1 only, bounded in time).

Builds a throwaway database with a 300-case inspection on the RoH 2007 criteria set (six units,
50 inspectors with six cases each, about 70% of the assessments already answered), starts the
application under gunicorn (3 workers, production settings with DEBUG off: ``bench/load_settings.py``)
and runs locust twice. Each simulated inspector opens My cases, one of their cases, its criterion
1.2 page (16 questions) and saves it, every answer and rationale changed, then follows the redirect
back to the case as a browser does:

1. **saturation**: 20 inspectors with no think time, for ``--saturation-seconds``: the throughput
   (requests per second) and the response times at that load;
2. **realistic pace**: 50 inspectors, each saving every 20 to 60 seconds, for ``--realistic-seconds``:
   p95 of every request.

Beside each phase's figures: the CPU time gunicorn used per request, which a machine busy with
other work does not inflate as it does response times. Then it checks that every save locust saw
succeed is in the database (the page's last one in the judgements, every one in their history).
Prints figures; never asserts.

Sign-in: the second factor is required on every page, so each inspector gets a confirmed TOTP
device and a session made directly in the database, as the sign-in pages leave it (user, backend,
password hash, the device that was passed: ``django_otp``'s session key); locust sends its cookie,
with a CSRF cookie and the same token in each form.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py \
        [--saturation-seconds 60] [--realistic-seconds 180] [--workers 3]

Needs PostgreSQL (several processes share the database) and locust (dev dependencies).
"""

import argparse
import contextlib
import csv
import itertools
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SLUG = "load-2026"
CRITERION = "1.2"
PHASES = ("saturation", "realistic")  # in the order they run
INSPECTORS = 50
CASES = 300

# --- the simulated inspectors (this file is also locust's: LOAD_BENCH_ROLE=locust) ----------------

if os.environ.get("LOAD_BENCH_ROLE") == "locust":
    from locust import HttpUser, between, constant, events, task

    IDENTITIES = json.loads(Path(os.environ["LOAD_BENCH_USERS"]).read_text())
    SAVES = Path(os.environ["LOAD_BENCH_SAVES"]).open("a", encoding="utf-8")  # noqa: SIM115 - closed on quitting
    PHASE = os.environ["LOAD_BENCH_PHASE"]
    NEXT = itertools.count()
    VERSION = re.compile(r'name="([^"]+)-version" value="(\d+)"')

    @events.quitting.add_listener
    def close_saves(**kwargs):
        SAVES.close()

    class Inspector(HttpUser):
        abstract = True

        def on_start(self):
            self.me = IDENTITIES[next(NEXT) % len(IDENTITIES)]
            self.client.cookies.set("sessionid", self.me["session"], domain="127.0.0.1")
            self.client.cookies.set("csrftoken", self.me["csrf"], domain="127.0.0.1")
            self.rounds = itertools.count()

        def open(self, url: str, name: str):
            """A page, as this inspector: signed out or sent elsewhere counts as a failure."""
            with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as page:
                if page.status_code != 200:
                    page.failure(f"{name} answered {page.status_code} {page.headers.get('Location', '')}")
                return page

        @task
        def assess_a_criterion(self):
            n = next(self.rounds)
            case = self.me["cases"][n % len(self.me["cases"])]
            case_url = f"/inspections/{SLUG}/cases/{case['ref']}/"
            page_url = f"{case_url}criteria/{CRITERION}/"
            self.open("/inspections/my-cases/", "my cases")
            self.open(case_url, "case")
            page = self.open(page_url, "criterion page")
            if page.status_code != 200:
                return
            versions = dict(VERSION.findall(page.text))
            marker = f"load {PHASE} {self.me['username']} {n} {secrets.token_hex(4)}"
            data = {"csrfmiddlewaretoken": self.me["csrf"], "action": "return"}
            for code, options in case["questions"].items():
                data.update(
                    {
                        f"{code}-answer": options[n % len(options)],
                        f"{code}-rationale": marker,
                        f"{code}-notable": "",
                        f"{code}-example": "",
                        f"{code}-version": versions.get(code, "0"),
                    }
                )
            with self.client.post(page_url, data, name="save", allow_redirects=False, catch_response=True) as saved:
                if saved.status_code != 302 or not saved.headers["Location"].endswith(case_url):
                    saved.failure(f"save answered {saved.status_code} {saved.headers.get('Location', '')}")
                    return
                saved.success()
            SAVES.write(json.dumps({"marker": marker, "case": case["ref"], "questions": len(case["questions"])}) + "\n")
            SAVES.flush()
            self.open(saved.headers["Location"], "case (after save)")

    class SaturationInspector(Inspector):
        wait_time = constant(0)

    class RealisticInspector(Inspector):
        wait_time = between(20, 60)

        def on_start(self):
            super().on_start()
            time.sleep(random.uniform(0, 20))


# --- the benchmark ---------------------------------------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    # The app signs sessions and checks their password hash with its SECRET_KEY: the sessions made
    # here must be made with the same one.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.test_settings")
    os.environ.setdefault("TEST_DATABASE_NAME", "test_bench_load")
    import django

    django.setup()


def build(rng: random.Random) -> list[dict]:
    """The inspection, its inspectors and their sessions: one identity per inspector for locust."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from simple_history.utils import bulk_create_with_history

    from bench._setup import build_inspection, roh_criteria_set
    from cases.models import Assessment, Judgement
    from criteria.models import Question

    criteria_set = roh_criteria_set()
    users = get_user_model().objects
    admin = users.create_superuser("load-admin", password="load-password-not-secret")
    lead = users.create_user("load-lead", password="load-password-not-secret")
    team = [
        users.create_user(f"load-inspector-{n:02d}", password="load-password-not-secret") for n in range(INSPECTORS)
    ]
    inspection, allocated = build_inspection(
        slug=SLUG, cases=CASES, rng=rng, criteria_set=criteria_set, admin=admin, lead=lead, team=team
    )

    questions = list(Question.objects.filter(criteria_set=criteria_set).prefetch_related("scale__options"))
    prefilled = []
    for assessment in Assessment.objects.filter(case__inspection=inspection).select_related("case", "assessor"):
        if rng.random() > 0.7:
            continue
        for question in questions:
            if assessment.case.applies(question):
                prefilled.append(
                    Judgement(
                        assessment=assessment,
                        question=question,
                        option=rng.choice(list(question.scale.options.all())),
                        rationale="Seen on file.",
                        updated_by=assessment.assessor,
                    )
                )
    bulk_create_with_history(prefilled, Judgement, batch_size=1000, default_change_reason="import")

    page_questions = [q for q in questions if q.general_criterion.code == CRITERION]
    identities = []
    for user in team:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        mine = allocated[user.pk]
        identities.append(
            {
                "username": user.username,
                "session": session.session_key,
                "csrf": secrets.token_hex(16),  # 32 characters: a CSRF secret Django accepts as sent
                "cases": [
                    {
                        "ref": case.case_ref,
                        "questions": {
                            q.code: [o.value for o in q.scale.options.all()] for q in page_questions if case.applies(q)
                        },
                    }
                    for case in mine
                ],
            }
        )
    print(
        f"Built {sum(map(len, allocated.values()))} cases, {len(prefilled)} judgements prefilled, "
        f"{len(team)} inspectors with {len(identities[0]['cases'])} cases each; "
        f"criterion {CRITERION} has {len(page_questions)} questions"
    )
    return identities


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(*, database_url: str, port: int, workers: int, media: Path) -> subprocess.Popen:
    media.mkdir(exist_ok=True)
    (media.parent / "static").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(media.parent / "static"),  # empty: the benchmark fetches pages only
    }
    command = [sys.executable, "-m", "gunicorn", "inspection.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--pythonpath", f"{BENCH},{ROOT}", "--log-level", "warning"]
    app = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - fixed command
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as answer:
                if answer.status == 200:
                    return app
        except OSError:
            time.sleep(0.5)
    app.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def run_locust(*, phase: str, user_class: str, users: int, seconds: int, port: int, work: Path) -> dict:
    """Run one locust phase headless; its aggregated figures from locust's CSV."""
    env = {
        **os.environ,
        "LOAD_BENCH_ROLE": "locust",
        "LOAD_BENCH_USERS": str(work / "identities.json"),
        "LOAD_BENCH_SAVES": str(work / f"saves-{phase}.jsonl"),
        "LOAD_BENCH_PHASE": phase,
    }
    prefix = work / phase
    command = [sys.executable, "-m", "locust", "-f", __file__, "--headless", "--host", f"http://127.0.0.1:{port}"]
    command += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "10"]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", user_class]
    with open(f"{prefix}.log", "w") as log:  # locust's own tables; the figures are read from its CSV
        subprocess.run(  # noqa: S603 - a fixed command
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False, timeout=seconds + 120
        )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    return rows


def app_cpu_seconds(app: subprocess.Popen) -> float:
    """CPU time used so far by gunicorn's master and workers (user + system): what the application
    costs, however busy the machine (waiting for a core is not counted)."""
    import psutil  # locust's dependency

    master = psutil.Process(app.pid)
    total = 0.0
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def database_cpu_seconds() -> float | None:
    """CPU time of the local PostgreSQL server so far: its postmaster, the backends alive now and
    those that have ended (counted in the postmaster's children times). Also other databases'
    work: the machine may be shared. None when it cannot be read (another user's processes)."""
    import psutil

    try:
        postmasters = [
            p
            for p in psutil.process_iter(["name", "ppid"])
            if p.info["name"] == "postgres" and psutil.Process(p.info["ppid"]).name() != "postgres"
        ]
        total = 0.0
        for master in postmasters:
            times = master.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
            for child in master.children():
                with contextlib.suppress(psutil.NoSuchProcess):
                    child_times = child.cpu_times()
                    total += child_times.user + child_times.system
        return total if postmasters else None
    except (psutil.AccessDenied, psutil.NoSuchProcess):
        return None


def cpu_per_request(rows: dict, app_seconds: float, database_seconds: float | None) -> str:
    requests = max(int(rows["Aggregated"]["Request Count"]), 1)
    line = f"  CPU a request: gunicorn {app_seconds * 1000 / requests:.1f} ms"
    if database_seconds is not None:
        line += f", PostgreSQL {database_seconds * 1000 / requests:.1f} ms (the whole server: may include others' work)"
    return line


def cpu_now(app: subprocess.Popen) -> tuple[float, float | None]:
    return app_cpu_seconds(app), database_cpu_seconds()


def cpu_since(app: subprocess.Popen, before: tuple[float, float | None]) -> tuple[float, float | None]:
    app_seconds, database_seconds = cpu_now(app)
    return app_seconds - before[0], (
        None if database_seconds is None or before[1] is None else database_seconds - before[1]
    )


def summary(rows: dict) -> str:
    total = rows["Aggregated"]
    lines = [
        f"  {int(total['Request Count']):,} requests, {int(total['Failure Count'])} failed, "
        f"{float(total['Requests/s']):.1f} req/s; median {total['50%']} ms, p95 {total['95%']} ms, "
        f"p99 {total['99%']} ms"
    ]
    for name, row in rows.items():
        if name != "Aggregated":
            lines.append(
                f"    {name:22} {int(row['Request Count']):6,}  median {row['50%']:>5} ms  p95 {row['95%']:>5} ms  "
                f"failed {row['Failure Count']}"
            )
    return "\n".join(lines)


def check_saves(work: Path) -> str:
    """Every save locust saw succeed: in the history (each of its judgements), and the page's last one live."""
    from cases.models import Judgement

    paths = [work / f"saves-{phase}.jsonl" for phase in PHASES if (work / f"saves-{phase}.jsonl").exists()]
    saves = [json.loads(line) for path in paths for line in path.read_text().splitlines()]
    markers = {save["marker"] for save in saves}
    history = {}
    for marker in Judgement.history.filter(rationale__startswith="load ").values_list("rationale", flat=True):
        history[marker] = history.get(marker, 0) + 1
    missing_history = [s["marker"] for s in saves if history.get(s["marker"], 0) != s["questions"]]
    last = {}
    for save in saves:  # in the order each inspector saved
        last[save["case"]] = save["marker"]
    live = dict(
        Judgement.objects.filter(
            assessment__case__case_ref__in=last, question__general_criterion__code=CRITERION
        ).values_list("assessment__case__case_ref", "rationale")
    )
    missing_live = [ref for ref, marker in last.items() if live.get(ref) != marker]
    return (
        f"  {len(markers):,} successful saves: {len(markers) - len(missing_history):,} with every judgement in the "
        f"history, {len(last) - len(missing_live)} of {len(last)} pages showing their last save"
        + (
            f"; MISSING history {missing_history[:5]} live {missing_live[:5]}"
            if missing_history or missing_live
            else ""
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saturation-seconds", type=int, default=60)
    parser.add_argument("--realistic-seconds", type=int, default=180)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Skipped: the load benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
        return
    setup_django()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    app = None
    try:
        started = time.perf_counter()
        identities = build(random.Random(args.seed))
        print(f"  in {time.perf_counter() - started:.1f}s")
        url = urlsplit(os.environ["DATABASE_URL"])
        database_url = urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))
        with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
            work = Path(folder)
            (work / "identities.json").write_text(json.dumps(identities))
            port = free_port()
            app = start_app(database_url=database_url, port=port, workers=args.workers, media=work / "media")
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}, PostgreSQL, DEBUG off")
            cpu_before = cpu_now(app)
            rows = run_locust(
                phase="saturation",
                user_class="SaturationInspector",
                users=20,
                seconds=args.saturation_seconds,
                port=port,
                work=work,
            )
            print(f"Saturation: 20 inspectors, no think time, {args.saturation_seconds} s")
            print(summary(rows))
            print(cpu_per_request(rows, *cpu_since(app, cpu_before)))
            cpu_before = cpu_now(app)
            rows = run_locust(
                phase="realistic",
                user_class="RealisticInspector",
                users=INSPECTORS,
                seconds=args.realistic_seconds,
                port=port,
                work=work,
            )
            print(f"Realistic pace: {INSPECTORS} inspectors, a save every 20-60 s each, {args.realistic_seconds} s")
            print(summary(rows))
            print(cpu_per_request(rows, *cpu_since(app, cpu_before)))
            app.terminate()
            app.wait(timeout=30)
            app = None
            print("Saves:")
            print(check_saves(work))
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


if __name__ == "__main__":
    main()
