"""Scoring at national size: the service against one hand-written SQL GROUP BY and pandas.

Builds, in a throwaway database, 20 inspections on the shipped RoH 2007 criteria set with 3,000
cases between them (a high-risk-leaning mix over five or six units each), answers every applicable
question of every case through the judgements import service (timed: ~190k rows; the RoH set has
92 questions and at most 79 apply to a case), and adds second-marker (non-primary) assessments on
a third of the cases, as double marking does, so the judgements table holds ~250k rows of which
the scores must ignore the non-primary ones. Then, in one run on the same database, it times:

  (a) the service: every inspection's full scores (questions, criteria, sections, headlines) with
      its unit breakdown, in one call (``compute_breakdowns(inspections=…, by="unit")``, structure
      loading included); also shown, (a1): one ``compute_breakdown`` call per inspection;
  (b) one hand-written SQL GROUP BY giving the same question numerators/denominators per
      inspection and unit;
  (c) pandas reading a raw-judgements CSV export and computing the same;

checks that all three agree, and prints medians and the ratios a/b and a/c ((a), (a1) and (b) run in
turns, so the load of a shared machine falls on each alike). Then a 300-case
inspection (scores + unit breakdown, and the scores page over HTTP), and the import rate.
No assertions: it measures.

    .venv/bin/python bench/scoring.py [--inspections 20] [--cases 3000] [--repeat 7]

SQLite (in memory) by default; with DATABASE_URL pointing at PostgreSQL it creates and drops its
own database (TEST_DATABASE_NAME, default bench_scoring).
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.test_settings")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_scoring")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from tests.second_factor import pass_second_factor  # noqa: E402

MIX = {  # field -> (values, weights): inspection samples lean to high RoSH, licences and MAPPA
    "sentence_type": (["community_order", "suspended_sentence_order", "licence", "custody"], [35, 10, 40, 15]),
    "rosh": (["low", "medium", "high", "very_high"], [10, 40, 40, 10]),
    "tier": (["1", "2", "3", "4"], [10, 30, 40, 20]),
    "mappa_level": (["0", "1", "2", "3"], [60, 30, 8, 2]),
    "ppo": (["yes", "no"], [15, 85]),
    "approved_premises": (["yes", "no"], [10, 90]),
    "victim_contact": (["yes", "no"], [35, 65]),
    "domestic_abuse": (["yes", "no"], [35, 65]),
    "child_safeguarding": (["yes", "no"], [30, 70]),
    "gender": (["male", "female"], [88, 12]),
    "ethnic_group": (["white", "mixed", "asian", "black", "other"], [78, 4, 8, 8, 2]),
}
UNITS = ["Northgate", "Southbank", "Eastfield", "Westmoor", "Riverside", "Hillcrest"]


def interleaved_ms(fns: dict, repeat: int) -> dict[str, tuple[float, object]]:
    """Median ms and last result of each function, run in turns (a, b, c, a, b, c, …) after one
    warm-up each, so a shared machine's changing load falls on all of them alike."""
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            results[name] = fn()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: (statistics.median(times[name]), results[name]) for name in fns}


def median_ms(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def make_inspection(*, slug, cases, criteria_set, rng, team):
    from cases.models import Case, Inspection, Membership, Unit

    inspection = Inspection.objects.create(
        slug=slug, name=slug.replace("-", " ").title(), criteria_set=criteria_set, status=Inspection.Status.FIELDWORK
    )
    Membership.objects.bulk_create([Membership(inspection=inspection, user=u, role="inspector") for u in team])
    units = Unit.objects.bulk_create([Unit(inspection=inspection, name=name) for name in UNITS[: rng.choice([5, 6])]])
    rows = []
    for n in range(cases):
        values = {field: rng.choices(*MIX[field])[0] for field in MIX}
        rows.append(
            Case(
                inspection=inspection,
                unit=units[n % len(units)],
                case_ref=f"{slug[:3].upper()}{n:04d}",
                mappa_category=rng.choice(["1", "2", "3"]) if values["mappa_level"] != "0" else "",
                age=rng.randint(18, 75),
                offence_type=rng.choice(["Violence against the person", "Drug offences"]),
                **values,
            )
        )
    Case.objects.bulk_create(rows, batch_size=1000)
    return inspection


def judgements_csv(inspection, questions, team, rng) -> tuple[str, int]:
    """Every applicable question of every case answered (a few cases left unfinished)."""
    from cases.models import Case
    from criteria import vocabulary

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_ref", "question_code", "answer", "rationale", "assessor"])
    rows = 0
    for case in Case.objects.filter(inspection=inspection).order_by("case_ref"):
        characteristics = case.characteristics()
        unfinished = rng.random() < 0.05
        assessor = rng.choice(team).username
        for code, scale, rule in questions:
            if not vocabulary.applies(rule, characteristics) or (unfinished and rng.random() < 0.3):
                continue
            answer = rng.choices(*scale)[0]
            writer.writerow(
                [case.case_ref, code, answer, "Evidence in the case record." if rng.random() < 0.3 else "", assessor]
            )
            rows += 1
    return out.getvalue(), rows


def copy_baseline(inspections) -> tuple[float, float, int, float]:
    """Seconds to COPY the imported judgement rows (the same values, through psycopg's ``copy``)
    into a staging table shaped like the judgements table (``LIKE … INCLUDING ALL``: its columns,
    defaults, checks and indexes; no foreign keys, no history), and into a bare one (columns only),
    both temporary (no WAL); then, as the import writes, in the binary format into an ordinary
    (WAL-logged) table LIKE the judgements table. PostgreSQL only."""
    from psycopg import sql

    from cases.models import Judgement
    from cases.services.bulk_writes import column_types
    from cases.services.judgement_import import JUDGEMENT_FIELDS

    rows = list(
        Judgement.objects.filter(assessment__case__inspection__in=inspections, assessment__is_primary=True)
        .order_by("pk")
        .values_list(*JUDGEMENT_FIELDS)
    )
    columns = [Judgement._meta.get_field(f).column for f in JUDGEMENT_FIELDS]
    seconds = []
    with connection.cursor() as cursor:
        for name, create, binary in [
            ("bench_staging_like", "CREATE TEMP TABLE bench_staging_like (LIKE cases_judgement INCLUDING ALL)", False),
            (
                "bench_staging_bare",
                f"CREATE TEMP TABLE bench_staging_bare AS SELECT {', '.join(columns)} "
                "FROM cases_judgement WITH NO DATA",
                False,
            ),
            ("bench_staging_logged", "CREATE TABLE bench_staging_logged (LIKE cases_judgement INCLUDING ALL)", True),
        ]:
            cursor.execute(create)
            statement = sql.SQL("COPY {} ({}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")).format(
                sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            started = time.perf_counter()
            with cursor.cursor.copy(statement) as copy:
                if binary:
                    copy.set_types(column_types(Judgement, columns))
                for row in rows:
                    copy.write_row(row)
            seconds.append(time.perf_counter() - started)
            cursor.execute(f"DROP TABLE {name}")
    return seconds[0], seconds[1], len(rows), seconds[2]


def add_second_marking(inspections, rng) -> int:
    """Non-primary assessments (double marking) on a third of the cases: copies with some answers changed."""
    from cases.models import Assessment, Judgement

    created = 0
    for inspection in inspections:
        primaries = list(Assessment.objects.filter(case__inspection=inspection, is_primary=True))
        chosen = [a for a in primaries if rng.random() < 0.34]
        seconds = Assessment.objects.bulk_create(
            [Assessment(case_id=a.case_id, is_primary=False, status="submitted") for a in chosen]
        )
        second_of = {a.case_id: s for a, s in zip(chosen, seconds, strict=True)}
        copies = [
            Judgement(assessment=second_of[case_id], question_id=qid, option_id=oid, applicable=applicable)
            for case_id, qid, oid, applicable in Judgement.objects.filter(assessment__in=chosen).values_list(
                "assessment__case_id", "question_id", "option_id", "applicable"
            )
        ]
        Judgement.objects.bulk_create(copies, batch_size=5000)
        created += len(copies)
    return created


SQL = """
SELECT c.inspection_id, c.unit_id, j.question_id,
       SUM(CASE WHEN o.scoring = 'above' THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM cases_judgement j
JOIN cases_assessment a ON a.id = j.assessment_id
JOIN cases_case c ON c.id = a.case_id
JOIN criteria_answeroption o ON o.id = j.option_id
WHERE a.is_primary AND a.status = 'submitted' AND j.applicable AND o.scoring IN ('above', 'below')
  AND c.inspection_id IN ({ids})
GROUP BY c.inspection_id, c.unit_id, j.question_id
"""


def run_sql(ids) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(SQL.format(ids=",".join(str(int(i)) for i in ids)))
        return {(i, u, q): (int(n), int(d)) for i, u, q, n, d in cursor.fetchall()}


def run_service(inspections) -> dict:
    from reports.scoring import compute_breakdowns

    return compute_breakdowns(inspections=inspections, by="unit")


def run_service_each(inspections) -> dict:
    from reports.scoring import compute_breakdown

    return {inspection.pk: compute_breakdown(inspection=inspection, by="unit") for inspection in inspections}


def analyze() -> None:
    """Fresh statistics for the planner, as autovacuum would have after a fieldwork week."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def service_counts(breakdowns, units_by_name, question_ids) -> dict:
    result = {}
    for inspection_id, breakdown in breakdowns.items():
        for group in breakdown.groups:
            unit_id = units_by_name[(inspection_id, group.key)]
            for question in group.scores.questions:
                score = question.score
                if score.denominator:
                    result[(inspection_id, unit_id, question_ids[question.code])] = (score.numerator, score.denominator)
    return result


def export_raw(inspections, path: Path) -> None:
    from reports.exports import JUDGEMENT_COLUMNS, judgement_rows

    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["inspection", *JUDGEMENT_COLUMNS])
        for inspection in inspections:
            for row in judgement_rows(inspection=inspection):
                writer.writerow([inspection.slug, *row])


def export_download(inspections) -> int:
    """Bytes of every inspection's raw judgements download, as the view sends them (UTF-8)."""
    from reports import exports

    size = 0
    for inspection in inspections:
        chunks = (
            exports.judgements_csv_chunks(inspection=inspection)
            if hasattr(exports, "judgements_csv_chunks")
            else [exports.judgements_csv(inspection=inspection)]  # before the export streamed
        )
        for chunk in chunks:
            size += len(chunk.encode("utf-8"))
    return size


def copy_export(inspections) -> int:
    """Bytes of ``COPY (SELECT every exported column) TO STDOUT (FORMAT csv)``, each inspection:
    the same rows and columns, formatted by the server (no derived groupings, no neutralising)."""
    from psycopg import ClientCursor

    size = 0
    with connection.cursor() as cursor:
        for inspection in inspections:
            rows = _export_query(inspection)
            sql, params = rows.query.get_compiler(connection=connection).as_sql()
            statement = ClientCursor(cursor.connection).mogrify(sql, params)
            with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    size += len(block)
    return size


# The judgement columns of the raw export, after the case's, as one SELECT joins them (the export
# itself now reads ids and the judgement's own values, and makes these cells once per question,
# option and assessor: the baseline stays the server producing every column of every row).
EXPORTED_JUDGEMENT_FIELDS = (
    "question__code",
    "question__general_criterion__code",
    "question__general_criterion__section__code",
    "option__value",
    "option__label",
    "option__scoring",
    "applicable",
    "assessment__status",
    "assessment__is_primary",
    "assessment__assessor__username",
    "rationale",
    "notable_practice",
    "version",
    "updated_at",
)


def _export_query(inspection):
    """Every column of the raw export (``reports.exports.judgement_rows``) in one SELECT, in its order."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from cases.models import Assessment, Judgement
    from criteria import vocabulary
    from criteria.models import AnswerOption

    # ``JudgementQuerySet.counting()``, written out so that the bench runs on the code before it too
    counting = Assessment.counting("assessment__") & Q(
        applicable=True, option__scoring__in=[AnswerOption.Scoring.ABOVE, AnswerOption.Scoring.BELOW]
    )
    return (
        Judgement.objects.filter(assessment__case__inspection=inspection)
        .annotate(counted=ExpressionWrapper(counting, output_field=BooleanField()))
        .order_by("assessment__case__case_ref", "-assessment__is_primary", "assessment_id", "question__order")
        .values_list(
            "assessment__case__case_ref",
            "assessment__case__unit__name",
            *[f"assessment__case__{field}" for field in vocabulary.CHARACTERISTICS],
            *EXPORTED_JUDGEMENT_FIELDS,
            "counted",
        )
    )


def export_figures(inspections) -> str:
    """The raw export against COPY TO of the same rows (in turns), and the export's peak memory."""
    import tracemalloc

    timed = interleaved_ms(
        {"copy": lambda: copy_export(inspections), "export": lambda: export_download(inspections)}, 1
    )
    (copy_ms, copy_bytes), (export_ms, export_bytes) = timed["copy"], timed["export"]
    tracemalloc.start()
    export_download(inspections[:1])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (
        f"raw judgements CSV export, every inspection ({export_bytes / 1e6:.0f} MB): {export_ms:.0f} ms; "
        f"COPY (the same SELECT) TO STDOUT ({copy_bytes / 1e6:.0f} MB): {copy_ms:.0f} ms; "
        f"export / COPY = {export_ms / copy_ms:.2f}; peak Python memory (tracemalloc) exporting one "
        f"inspection ({inspections[0].cases.count()} cases) {peak / 1e6:.1f} MB"
    )


def run_pandas(path: Path) -> dict:
    import pandas as pd

    frame = pd.read_csv(
        path,
        usecols=["inspection", "unit", "question_code", "scoring", "applicable", "assessment_status", "is_primary"],
        dtype=str,
        keep_default_na=False,
    )
    counted = frame[
        (frame.is_primary == "yes")
        & (frame.assessment_status == "submitted")
        & (frame.applicable == "yes")
        & frame.scoring.isin(["above", "below"])
    ]
    grouped = counted.assign(above=counted.scoring.eq("above")).groupby(["inspection", "unit", "question_code"])
    table = grouped.above.agg(["sum", "size"])
    return {key: (int(n), int(d)) for key, (n, d) in zip(table.index, table.to_numpy(), strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=20)
    parser.add_argument("--cases", type=int, default=3000, help="cases over all the inspections")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from django.contrib.auth import get_user_model

        from cases.models import Judgement, Unit
        from cases.services.judgement_import import import_judgements
        from criteria.models import Question
        from criteria.services import load_criteria_set
        from reports.scoring import compute_breakdown, compute_scores

        print(
            f"database: {connection.vendor} ({connection.settings_dict['NAME']}); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        path = ROOT / "criteria" / "sets" / "roh-2007.yaml"
        criteria_set = load_criteria_set(text=path.read_text(encoding="utf-8"), source=path.name).criteria_set
        questions = []
        for q in (
            Question.objects.filter(criteria_set=criteria_set)
            .select_related("scale")
            .prefetch_related("scale__options")
        ):
            values = [o.value for o in q.scale.options.all()]
            weights = [{"above": 70, "below": 22, "excluded": 8}[o.scoring] for o in q.scale.options.all()]
            questions.append((q.code, (values, weights), q.applies_when))
        question_ids = dict(Question.objects.filter(criteria_set=criteria_set).values_list("code", "id"))
        team = get_user_model().objects.bulk_create([get_user_model()(username=f"inspector{n}") for n in range(8)])

        # --- build: cases, then every judgement through the import service (timed) ---
        per = args.cases // args.inspections
        inspections = [
            make_inspection(slug=f"area-{n:02d}", cases=per, criteria_set=criteria_set, rng=rng, team=team)
            for n in range(args.inspections)
        ]
        files = [judgements_csv(i, questions, team, rng) for i in inspections]
        imported_rows = sum(rows for _, rows in files)
        started = time.perf_counter()
        for inspection, (text, _) in zip(inspections, files, strict=True):
            import_judgements(inspection=inspection, data=text, source=f"{inspection.slug}.csv")
        import_seconds = time.perf_counter() - started
        baseline = copy_baseline(inspections) if connection.vendor == "postgresql" else None
        second = add_second_marking(inspections, rng)
        analyze()
        total = Judgement.objects.count()
        print(
            f"dataset: {args.inspections} inspections, {per * args.inspections} cases, {total} judgements "
            f"({imported_rows} primary, imported; {second} second-marker, not counted)"
        )
        print(
            f"import service: {imported_rows} rows in {import_seconds:.1f} s "
            f"({imported_rows / import_seconds:,.0f} rows/s; 250k rows at this rate: "
            f"{250_000 / (imported_rows / import_seconds):.1f} s)"
        )
        if baseline:
            like, bare, copied, logged = baseline
            print(
                f"COPY baseline, the same {copied} rows: into a staging table LIKE cases_judgement INCLUDING ALL "
                f"{like:.1f} s, into a bare one {bare:.1f} s; import / COPY = {import_seconds / like:.1f} "
                f"({import_seconds / bare:.1f} against the bare table); binary COPY into a WAL-logged table LIKE "
                f"cases_judgement (as the import writes) {logged:.1f} s, import / that = {import_seconds / logged:.1f}"
            )

        # --- (a) service, (b) SQL, (c) pandas ---
        ids = [i.pk for i in inspections]
        units_by_name = {(u.inspection_id, u.name): u.pk for u in Unit.objects.filter(inspection__in=inspections)}
        timed = interleaved_ms(
            {
                "a": lambda: run_service(inspections),
                "a1": lambda: run_service_each(inspections),
                "b": lambda: run_sql(ids),
            },
            args.repeat,
        )
        (a_ms, breakdowns), (a1_ms, each), (b_ms, sql_counts) = timed["a"], timed["a1"], timed["b"]
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "judgements.csv"
            started = time.perf_counter()
            export_raw(inspections, raw)
            export_ms = (time.perf_counter() - started) * 1000
            c_ms, pandas_counts = median_ms(lambda: run_pandas(raw), args.repeat)
            size_mb = raw.stat().st_size / 1e6

        a_counts = service_counts(breakdowns, units_by_name, question_ids)
        unit_name = {pk: name for (_, name), pk in units_by_name.items()}
        slug_of = {i.pk: i.slug for i in inspections}
        c_counts = {
            (slug_of[i], unit_name[u], code): v
            for (i, u, q), v in sql_counts.items()
            for code in [next(c for c, qid in question_ids.items() if qid == q)]
        }
        print(
            f"agreement: service == SQL: {a_counts == sql_counts}; one call == per inspection: {breakdowns == each}; "
            f"pandas == SQL: {pandas_counts == c_counts} "
            f"({len(sql_counts)} inspection x unit x question cells)"
        )
        print(
            f"(a) service, {args.inspections} inspections, full scores + unit breakdown, one call: median {a_ms:.1f} ms"
        )
        print(
            f"(a1) service, one compute_breakdown per inspection: median {a1_ms:.1f} ms "
            f"({a1_ms / args.inspections:.1f} ms per inspection)"
        )
        print(f"(b) one hand-written SQL GROUP BY (question n/d per inspection and unit): median {b_ms:.1f} ms")
        print(
            f"(c) pandas from the raw judgements CSV ({size_mb:.0f} MB; export took {export_ms:.0f} ms): "
            f"median {c_ms:.1f} ms"
        )
        print(f"ratios: a/b = {a_ms / b_ms:.2f}   a/c = {a_ms / c_ms:.2f}   a1/b = {a1_ms / b_ms:.2f}")
        if connection.vendor == "postgresql":
            print(export_figures(inspections))

        # --- a 300-case inspection ---
        big = make_inspection(slug="big-300", cases=300, criteria_set=criteria_set, rng=rng, team=team)
        text, rows = judgements_csv(big, questions, team, rng)
        started = time.perf_counter()
        import_judgements(inspection=big, data=text, source="big-300.csv")
        big_import = time.perf_counter() - started
        analyze()
        scores_ms, _ = median_ms(lambda: compute_scores(inspection=big), args.repeat)
        breakdown_ms, _ = median_ms(lambda: compute_breakdown(inspection=big, by="unit"), args.repeat)
        age_ms, _ = median_ms(lambda: compute_breakdown(inspection=big, by="age_group"), args.repeat)
        lead = get_user_model().objects.create(username="lead300")
        from cases.models import Membership

        Membership.objects.create(inspection=big, user=lead, role="lead")
        client = Client()
        client.force_login(lead)
        pass_second_factor(client, lead)  # every page needs the second factor too
        page_ms, _ = median_ms(lambda: client.get(f"/inspections/{big.slug}/scores/"), args.repeat)
        unit_page_ms, _ = median_ms(
            lambda: client.get(f"/inspections/{big.slug}/scores/breakdown/?by=unit"), args.repeat
        )
        print(
            f"300-case inspection ({rows} judgements, imported in {big_import * 1000:.0f} ms): "
            f"scores {scores_ms:.1f} ms; scores + unit breakdown {breakdown_ms:.1f} ms; "
            f"age-group breakdown {age_ms:.1f} ms; scores page (HTTP) {page_ms:.1f} ms; "
            f"unit breakdown page (HTTP) {unit_page_ms:.1f} ms"
        )
        # A corrected file: every answer moved to another option of its scale (updates, not inserts).
        options = {code: values for code, (values, _), _ in questions}
        corrected = [next(csv.reader(io.StringIO(text)))]
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            values = options[row[1]]
            row[2] = values[(values.index(row[2]) + 1) % len(values)]
            corrected.append(row)
        out = io.StringIO()
        csv.writer(out).writerows(corrected)
        started = time.perf_counter()
        result = import_judgements(inspection=big, data=out.getvalue(), source="big-300-corrected.csv")
        print(
            f"re-import of the 300-case inspection, every answer changed ({result.updated} updated): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
