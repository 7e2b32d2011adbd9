"""Pooled analysis at the inspectorate's scale: the programme table against a hand-written GROUP BY,
and the stepwise logistic regression, at the research bulletin's size and at 100,000 cases.

Builds, in a throwaway database, two datasets on a small criteria set (eight questions, one of them
the analysis question RISK1, yes / no / not applicable):

  bulletin: programmes omi2 and qi, 2,796 cases in 50 inspections (research bulletin 2018/02);
  decade:   programmes decade-a and decade-b, 100,000 cases in 400 inspections;

every case with a primary assessment (5% in progress, the rest submitted) answering all eight
questions, and a second marker's assessment on a tenth of the cases (not counted): about 900,000
judgements. Rows go in with COPY on PostgreSQL (bulk_create on SQLite). The answer depends on RoSH,
gender, supervision and programme, so the model has variables to find. Then, per dataset:

  (a) ``programme_table`` with the bulletin's six groupings (median of --repeat runs);
  (b) a hand-written SQL query of the same counts (GROUPING SETS on PostgreSQL), in the same run;
      the two are checked to agree, and a/b printed;
  (c) ``logistic_regression`` with the default variables (median), and the peak Python memory
      (tracemalloc) of one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/analysis.py

Aims (issue 16): (a) at most 1.5 × (b) and under 100 ms at the bulletin's size; (c) under 1 s there
and under 10 s at 100,000 cases, in bounded memory. No assertions: it measures.
"""

import argparse
import itertools
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.test_settings")
os.environ.setdefault("TEST_DATABASE_NAME", "bench_analysis")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

QUESTION = "RISK1"
MIX = {  # field -> (values, weights); empty values are unknown
    "sentence_type": (["community_order", "suspended_sentence_order", "licence", "custody"], [40, 12, 33, 15]),
    "rosh": (["low", "medium", "high", "very_high"], [20, 45, 30, 5]),
    "gender": (["male", "female", ""], [86, 12, 2]),
    "ethnic_group": (["white", "mixed", "asian", "black", "other", ""], [78, 4, 7, 7, 2, 2]),
    "mappa_level": (["0", "1", "2", "3", ""], [70, 20, 5, 1, 4]),
}
EFFECTS = {"high": 0.5, "very_high": 0.6, "female": -0.3, "licence": 0.35, "custody": -0.2}


def median_ms(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm up
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def criteria_set():
    from criteria.models import AnswerOption, AnswerScale, CriteriaSet, GeneralCriterion, Question, Section

    criteria = CriteriaSet.objects.create(slug="bench-analysis", name="Bench analysis")
    section = Section.objects.create(criteria_set=criteria, code="1", title="Assessment", order=1)
    criterion = GeneralCriterion.objects.create(
        criteria_set=criteria, section=section, code="1.2", title="Risk of harm", order=1
    )
    scale = AnswerScale.objects.create(criteria_set=criteria, code="ynna", order=1)
    for order, (value, scoring) in enumerate([("yes", "above"), ("no", "below"), ("na", "excluded")], start=1):
        AnswerOption.objects.create(scale=scale, value=value, label=value, scoring=scoring, order=order)
    for n in range(8):
        Question.objects.create(
            criteria_set=criteria,
            general_criterion=criterion,
            code=f"1.2.{n:02d}",
            text=f"Question {n}",
            scale=scale,
            order=n,
            analysis_code=QUESTION if n == 3 else "",
        )
    options = {o.value: o.pk for o in AnswerOption.objects.filter(scale=scale)}
    return criteria, list(Question.objects.filter(criteria_set=criteria).order_by("order")), options


def copy_rows(model, columns: list[str], rows) -> None:
    """Rows (tuples in ``columns`` order) into ``model``'s table, every other field at its default:
    COPY on PostgreSQL, bulk_create elsewhere."""
    now = timezone.now()
    rest = [f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key]
    defaults = tuple(
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default() for f in rest
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = ", ".join([model._meta.get_field(c).column for c in columns] + [f.column for f in rest])
            with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + defaults)
        return
    for batch in itertools.batched(rows, 5000):
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in batch])


def reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def next_id(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def case_values(rng: random.Random) -> dict:
    values = {field: rng.choices(*MIX[field])[0] for field in MIX}
    values["mappa_category"] = rng.choice(["1", "2", "3"]) if values["mappa_level"] in ("1", "2", "3") else ""
    values["age"] = rng.randint(18, 75) if rng.random() > 0.01 else None
    return values


def answer(values: dict, programme_effect: float, rng: random.Random) -> str:
    if rng.random() < 0.04:
        return "na"
    eta = 0.6 + programme_effect + sum(EFFECTS.get(v, 0) for v in values.values() if isinstance(v, str))
    return "yes" if rng.random() < 1 / (1 + 2.718281828**-eta) else "no"


def build(*, name: str, cases: int, inspections: int, criteria, questions, options, rng):
    """Two programmes of ``inspections`` inspections holding ``cases`` cases, answered as described above."""
    from cases.models import Assessment, Case, Inspection, Judgement, Programme, Unit

    programmes = [Programme.objects.create(slug=f"{name}-{n}", name=f"{name.title()} {n}") for n in "ab"]
    made = [
        Inspection.objects.create(
            slug=f"{name}-{n:03d}",
            name=f"{name} {n}",
            area=f"Area {n}",
            criteria_set=criteria,
            programme=programmes[n % 2],
            status="closed",
        )
        for n in range(inspections)
    ]
    units = {i.pk: Unit.objects.create(inspection=i, name="North").pk for i in made}
    case_id, assessment_id, now = next_id(Case), next_id(Assessment), timezone.now()
    case_rows, assessment_rows, judgement_rows = [], [], []
    for n in range(cases):
        inspection = made[n % inspections]
        values = case_values(rng)
        case_rows.append(
            (case_id + n, inspection.pk, units[inspection.pk], f"{name[0].upper()}{n:06d}", *values.values())
        )
        status = "in_progress" if rng.random() < 0.05 else "submitted"
        markers = [(assessment_id, True, status)]
        if rng.random() < 0.1:
            markers.append((assessment_id + 1, False, "submitted"))
        for pk, primary, state in markers:
            assessment_rows.append((pk, case_id + n, primary, state, now if state == "submitted" else None))
            for question in questions:
                option = options[answer(values, 0.3 * (n % 2), rng)]
                judgement_rows.append((pk, question.pk, option, True, 1))
            assessment_id = pk + 1
    columns = ["id", "inspection_id", "unit_id", "case_ref", *MIX, "mappa_category", "age"]
    copy_rows(Case, columns, case_rows)
    copy_rows(Assessment, ["id", "case_id", "is_primary", "status", "submitted_at"], assessment_rows)
    copy_rows(Judgement, ["assessment_id", "question_id", "option_id", "applicable", "version"], judgement_rows)
    reset_sequences(Case, Assessment)
    return programmes, len(judgement_rows)


# The same counts written by hand: each grouping's key as SQL, one GROUPING SETS query (PostgreSQL)
# or a UNION ALL of GROUP BYs (SQLite).
KEYS = {
    "gender": "CASE WHEN c.gender = '' THEN 'unknown' ELSE c.gender END",
    "age_group": "CASE WHEN c.age IS NULL THEN 'unknown' WHEN c.age <= 20 THEN '18-20' WHEN c.age <= 24 THEN '21-24'"
    " WHEN c.age <= 29 THEN '25-29' WHEN c.age <= 39 THEN '30-39' WHEN c.age <= 49 THEN '40-49' ELSE '50+' END",
    "bame": "CASE WHEN c.ethnic_group = 'white' THEN 'white'"
    " WHEN c.ethnic_group IN ('mixed', 'asian', 'black', 'other') THEN 'bame' ELSE 'unknown' END",
    "supervision": "CASE WHEN c.sentence_type IN ('community_order', 'suspended_sentence_order') THEN 'community'"
    " ELSE c.sentence_type END",
    "rosh_band": "CASE WHEN c.rosh IN ('high', 'very_high') THEN 'high_very_high' WHEN c.rosh = '' THEN 'unknown'"
    " ELSE c.rosh END",
    "mappa": "CASE WHEN c.mappa_level IN ('1', '2', '3') OR c.mappa_category <> '' THEN 'yes'"
    " WHEN c.mappa_level = '0' THEN 'no' ELSE 'unknown' END",
}
FROM = """
FROM cases_judgement j
JOIN cases_assessment a ON a.id = j.assessment_id
JOIN cases_case c ON c.id = a.case_id
JOIN cases_inspection i ON i.id = c.inspection_id
JOIN criteria_question q ON q.id = j.question_id
JOIN criteria_answeroption o ON o.id = j.option_id
WHERE a.is_primary AND a.status = 'submitted' AND j.applicable AND o.scoring IN ('above', 'below')
  AND (q.analysis_code = %s OR (q.analysis_code = '' AND q.code = %s)) AND i.programme_id IN ({ids})
"""
COUNTS = "SUM(CASE WHEN o.scoring = 'above' THEN 1 ELSE 0 END), COUNT(*)"


def hand_sql(ids: list[int]) -> tuple[str, list]:
    where = FROM.format(ids=", ".join(str(int(i)) for i in ids))
    if connection.vendor == "postgresql":
        keys = ", ".join(f"{sql} AS {name}" for name, sql in KEYS.items())
        sets = ", ".join(["(programme_id)"] + [f"(programme_id, {name})" for name in KEYS])
        flags = ", ".join(f"GROUPING({name})" for name in KEYS)
        above = "CASE WHEN o.scoring = 'above' THEN 1 ELSE 0 END AS above"
        query = (
            f"SELECT programme_id, {', '.join(KEYS)}, {flags}, SUM(above), COUNT(*) "
            f"FROM (SELECT i.programme_id, {keys}, {above} {where}) AS counted GROUP BY GROUPING SETS ({sets})"
        )
        return query, [QUESTION, QUESTION]
    parts = [f"SELECT i.programme_id, 'all', 'all', {COUNTS} {where} GROUP BY i.programme_id"]
    parts += [f"SELECT i.programme_id, '{name}', {sql}, {COUNTS} {where} GROUP BY 1, 3" for name, sql in KEYS.items()]
    return " UNION ALL ".join(parts), [QUESTION, QUESTION] * len(parts)


def run_hand_sql(ids: list[int]) -> dict:
    """(grouping, group, programme id or "all") → (yes, counted), as the table's cells."""
    query, params = hand_sql(ids)
    cells: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            if connection.vendor == "postgresql":
                programme, keys, flags, (yes, total) = row[0], row[1:7], row[7:13], row[13:]
                named = [(n, k) for n, k, f in zip(KEYS, keys, flags, strict=True) if not f]
                grouping, group = named[0] if named else ("all", "all")
            else:
                programme, grouping, group, yes, total = row
            for target in (programme, "all"):
                y, t = cells.get((grouping, group, target), (0, 0))
                cells[(grouping, group, target)] = (y + int(yes), t + int(total))
    return cells


def table_cells(table, programmes) -> dict:
    ids = {p.slug: p.pk for p in programmes}
    return {
        (r.group_by, r.group, ids.get(r.programme, "all")): (r.numerator, r.denominator)
        for r in table.rows
        if r.denominator
    }


def measure(name: str, programmes, repeat: int) -> None:
    from reports.analysis import TABLE_GROUPINGS, logistic_regression, programme_table

    ids = [p.pk for p in programmes]
    a_ms, table = median_ms(
        lambda: programme_table(question=QUESTION, programmes=programmes, by=TABLE_GROUPINGS), repeat
    )
    b_ms, cells = median_ms(lambda: run_hand_sql(ids), repeat)
    agree = table_cells(table, programmes) == cells
    print(f"  (a) programme table, six groupings: median {a_ms:.1f} ms")
    print(f"  (b) hand-written SQL of the same counts: median {b_ms:.1f} ms   a/b = {a_ms / b_ms:.2f}   agree: {agree}")
    c_ms, fit = median_ms(lambda: logistic_regression(question=QUESTION, programmes=programmes), max(3, repeat // 2))
    tracemalloc.start()
    logistic_regression(question=QUESTION, programmes=programmes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    steps = ", ".join(f"{s.action} {s.variable}" for s in fit.steps) or "none"
    print(
        f"  (c) logistic regression, {len(fit.variables)} candidates, n = {fit.n:,}: median {c_ms:.0f} ms; "
        f"peak Python memory {peak / 1e6:.1f} MB; steps: {steps}"
    )


def build_all(big: int, rng: random.Random) -> list:
    criteria, questions, options = criteria_set()
    datasets = []
    for name, cases, inspections in (("bulletin", 2796, 50), ("decade", big, 400)):
        started = time.perf_counter()
        programmes, judgements = build(
            name=name,
            cases=cases,
            inspections=inspections,
            criteria=criteria,
            questions=questions,
            options=options,
            rng=rng,
        )
        seconds = time.perf_counter() - started
        print(f"built {name}: {cases:,} cases, {inspections} inspections, {judgements:,} judgements, {seconds:.1f} s")
        datasets.append((name, cases, programmes))
    return datasets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--big", type=int, default=100_000, help="cases of the decade dataset")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--keep", action="store_true", help="keep the database, and reuse one kept before")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        print(
            f"database: {connection.vendor} ({connection.settings_dict['NAME']}); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        from cases.models import Case, Programme

        if args.keep and Programme.objects.filter(slug="bulletin-a").exists():
            datasets = [
                (
                    name,
                    Case.objects.filter(inspection__programme__slug__startswith=name).count(),
                    list(Programme.objects.filter(slug__startswith=name).order_by("slug")),
                )
                for name in ("bulletin", "decade")
            ]
        else:
            datasets = build_all(args.big, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, cases, programmes in datasets:
            print(f"{name} ({cases:,} cases):")
            measure(name, programmes, args.repeat)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory of the process (builds included): {rss:.0f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)
        teardown_test_environment()


if __name__ == "__main__":
    main()
