"""Two demo programmes of several areas each, for the programme pages, the research pages and the
report's comparison with other areas (``seed_demo`` runs it after its own demo; idempotent).

Each area's inspection is built through the services: its sample imported (``inspection-sample/1``),
its primary judgements imported (``inspection-judgements/1``, which submits the complete
assessments), moved on to reporting, and some reports finalised (their figures frozen). Answers
depend on the case's characteristics (RoSH level, gender, age, supervision) and on the programme,
so pooled tables and the regression have differences to find. Fixed random seeds: every
installation gets the same figures.
"""

import csv
import io
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.management.demo_data import CRITERIA_SLUG, sample_csv
from cases.models import Case, Inspection, Membership, Programme
from cases.services import inspections as inspection_services
from cases.services import programmes as programme_services
from cases.services.judgement_import import import_judgements
from cases.services.sample import import_sample
from criteria.models import CriteriaSet, Question
from reports.services import reports as report_services


@dataclass(frozen=True)
class DemoProgramme:
    slug: str
    name: str
    start: date
    end: date
    quality: float  # the share of answers above the line, before the case's effects
    areas: tuple[tuple[str, int, bool], ...]  # (area, cases, report final)


PROGRAMMES = (
    DemoProgramme(
        "omi2-2009",
        "OMI2 2009–2012",
        date(2009, 4, 1),
        date(2012, 3, 31),
        0.66,
        (
            ("Avonvale Probation Trust", 40, True),
            ("Brackenshire Probation Trust", 34, True),
            ("Coldharbour Probation Trust", 44, True),
            ("Dunmere Probation Trust", 30, False),
        ),
    ),
    DemoProgramme(
        "qi-2016",
        "Quality & Impact 2016–2017",
        date(2016, 6, 1),
        date(2017, 12, 31),
        0.72,
        (
            ("Fernleigh Community Rehabilitation Company", 42, True),
            ("Greystone Community Rehabilitation Company", 32, True),
            ("Hollowmere Community Rehabilitation Company", 38, False),
            ("Ivybridge Community Rehabilitation Company", 30, False),
        ),
    ),
)
ASSESSORS = ("demo-lead", "demo-inspector", "demo-inspector2")


def case_effect(case: Case) -> float:
    """How much likelier sufficient work is for this case: RoSH level, gender, age and supervision."""
    effect = 0.0
    if case.rosh in ("high", "very_high"):
        effect += 0.12
    if case.gender == "female":
        effect += 0.06
    if case.age is not None and case.age < 21:
        effect -= 0.10
    if case.sentence_type == "licence":
        effect -= 0.07
    return effect


def judgements_csv(*, inspection: Inspection, rng: random.Random, quality: float) -> str:
    """Every applicable question of every case answered (``inspection-judgements/1``), by the team."""
    questions = list(
        Question.objects.filter(criteria_set=inspection.criteria_set)
        .select_related("scale")
        .prefetch_related("scale__options")
        .order_by("order")
    )
    options = {q.pk: {} for q in questions}
    for question in questions:
        for option in question.scale.options.all():
            options[question.pk].setdefault(option.scoring, []).append(option.value)
    difficulty = {q.pk: rng.uniform(-0.15, 0.12) for q in questions}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case_ref", "question_code", "answer", "assessor"])
    for case in Case.objects.filter(inspection=inspection).order_by("case_ref"):
        assessor = rng.choice(ASSESSORS)
        p_above = min(0.97, max(0.2, quality + case_effect(case)))
        for question in case.applicable_questions(questions):
            choices = options[question.pk]
            if "excluded" in choices and rng.random() < 0.04:
                scoring = "excluded"
            else:
                scoring = "above" if rng.random() < p_above + difficulty[question.pk] else "below"
            writer.writerow(
                [case.case_ref, question.code, rng.choice(choices.get(scoring) or choices["above"]), assessor]
            )
    return out.getvalue()


class Command(BaseCommand):
    help = "Create two demo programmes of several areas each (after seed_demo; idempotent)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        criteria_set = CriteriaSet.objects.filter(slug=CRITERIA_SLUG).first()
        users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
        if criteria_set is None or "demo-admin" not in users:
            raise CommandError("run seed_demo first: it loads the criteria set and creates the demo users")
        for demo in PROGRAMMES:
            if Programme.objects.filter(slug=demo.slug).exists():
                self.stdout.write(f"Programme '{demo.slug}' already exists: left as it is.")
                continue
            with transaction.atomic():
                self._programme(demo, criteria_set=criteria_set, users=users)
        self.stdout.write(f"Programmes seeded in {time.perf_counter() - started:.1f} s.")

    def _programme(self, demo: DemoProgramme, *, criteria_set, users) -> None:
        admin = users["demo-admin"]
        programme = programme_services.create_programme(
            slug=demo.slug, name=demo.name, start=demo.start, end=demo.end, actor=admin
        )
        finals = 0
        for index, (area, count, final) in enumerate(demo.areas):
            fieldwork = demo.start + timedelta(days=120 * index + 30)
            self._area(programme, demo, area, count, fieldwork, criteria_set=criteria_set, users=users, final=final)
            finals += final
        self.stdout.write(
            f"Created programme '{demo.slug}' ({demo.name}): {len(demo.areas)} areas, {finals} reports final."
        )

    def _area(self, programme, demo, area, count, fieldwork, *, criteria_set, users, final) -> Inspection:
        admin, lead = users["demo-admin"], users["demo-lead"]
        short = area.split()[0]
        slug = f"{short.lower()}-{fieldwork.year}"
        rng = random.Random(f"seed_demo:{slug}")
        inspection = inspection_services.create_inspection(
            slug=slug,
            name=f"{short} {demo.name.split()[0]} inspection {fieldwork.year}",
            area=area,
            programme=programme,
            criteria_set=criteria_set,
            fieldwork_start=fieldwork,
            fieldwork_end=fieldwork + timedelta(days=4),
            sample_date=fieldwork - timedelta(days=28),
            actor=admin,
        )
        inspection_services.appoint_lead(inspection=inspection, user=lead, actor=admin)
        for username in ASSESSORS[1:]:
            inspection_services.add_member(
                inspection=inspection, user=users[username], role=Membership.Role.INSPECTOR, actor=lead
            )
        prefix = "".join(word[0] for word in area.split()[:2]).upper() + str(fieldwork.year)[2:]
        sample = sample_csv(rng=rng, prefix=prefix, count=count)
        import_sample(inspection=inspection, data=sample, source=f"{slug}-sample.csv", actor=lead)
        inspection_services.change_status(inspection=inspection, status=Inspection.Status.FIELDWORK, actor=lead)
        answers = judgements_csv(inspection=inspection, rng=rng, quality=demo.quality + rng.uniform(-0.05, 0.05))
        import_judgements(inspection=inspection, data=answers, source=f"{slug}-judgements.csv", actor=lead)
        for status in (Inspection.Status.MODERATION, Inspection.Status.REPORTING):
            inspection = inspection_services.change_status(inspection=inspection, status=status, actor=lead)
        if final:
            version = report_services.ensure_report(inspection=inspection, actor=lead)
            report_services.finalise_version(version=version, actor=lead)
        return inspection
