"""A living demo: users for every role, a reinspection in fieldwork and the closed original, and
two programmes of several areas (``seed_demo_programmes``).

Idempotent: what exists already is left alone, so running it twice adds nothing. Random choices
use a fixed seed, so every installation gets the same sample and judgements. Passwords are derived
from SECRET_KEY (stable for an installation, so they can be printed again on every run; with the
DEBUG-only default key they are the same everywhere, which is why this runs only with DEBUG on).
"""

import random
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases import lifecycle
from cases.management.demo_data import (
    AREA,
    CRITERIA_FILE,
    CRITERIA_SLUG,
    GOOD_PRACTICE,
    POOR_PRACTICE,
    RATIONALE,
    UNITS,
    USERS,
    demo_password,
    sample_csv,
)
from cases.models import Assessment, Inspection, Judgement, Membership
from cases.roles import ASSESSORS, LEAD, MEMBER_ROLES
from cases.services import double_marking
from cases.services import inspections as inspection_services
from cases.services import sample as sample_services
from cases.services.assessments import submit_assessments
from criteria.models import CriteriaSet, Question
from criteria.services import load_criteria_set
from inspection import history


class Command(BaseCommand):
    help = "Create demo users and a demo inspection with assessments in progress (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="run even though DEBUG is off (it creates a superuser: never on a real service)",
        )

    def handle(self, *args, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates a demo superuser: it runs only with DEBUG on "
                "(or --allow-production on a throwaway installation)"
            )
        with transaction.atomic():
            criteria_set = self._criteria_set()
            users, created_users = self._users()
            previous = self._inspection(
                criteria_set=criteria_set,
                users=users,
                slug="demoshire-2024",
                prefix="DP24",
                count=40,
                name="Demoshire Risk of Harm inspection 2024",
                previous=None,
                fieldwork=date(2024, 10, 7),
                progress={"submitted": 1.0},
                quality=0.66,
                final_status=Inspection.Status.CLOSED,
            )
            current = self._inspection(
                criteria_set=criteria_set,
                users=users,
                slug="demoshire-2026",
                prefix="DP26",
                count=60,
                name="Demoshire Risk of Harm reinspection 2026",
                previous=previous,
                fieldwork=date(2026, 3, 9),
                progress={"submitted": 0.45, "in_progress": 0.25, "returned": 0.03},
                quality=0.78,
                final_status=Inspection.Status.FIELDWORK,
            )
        # Two programmes of several areas (in the reports app, which finalises some of their reports).
        call_command("seed_demo_programmes", stdout=self.stdout)
        self._report(users, created_users, [previous, current])

    # --- set-up -------------------------------------------------------------------------------

    def _criteria_set(self) -> CriteriaSet:
        criteria_set = CriteriaSet.objects.filter(slug=CRITERIA_SLUG).first()
        if criteria_set is None:
            criteria_set = load_criteria_set(
                text=CRITERIA_FILE.read_text(encoding="utf-8"), source=CRITERIA_FILE.name
            ).criteria_set
        return criteria_set

    def _users(self):
        model = get_user_model()
        users, created = {}, set()
        for demo in USERS:
            user = model.objects.filter(username=demo.username).first()
            if user is None:
                user = model(
                    username=demo.username,
                    first_name=demo.first_name,
                    last_name=demo.last_name,
                    email=f"{demo.username}@example.org",
                )
                if demo.role == "admin":
                    user.is_staff = user.is_superuser = True
                user.set_password(demo_password(demo.username))
                user.save()
                created.add(demo.username)
            users[demo.username] = user
        return users, created

    def _inspection(
        self, *, criteria_set, users, slug, prefix, count, name, previous, fieldwork, progress, quality, final_status
    ) -> Inspection:
        existing = Inspection.objects.filter(slug=slug).first()
        if existing is not None:
            self.stdout.write(f"Inspection '{slug}' already exists: left as it is.")
            return existing
        rng = random.Random(f"seed_demo:{slug}")
        admin, lead = users["demo-admin"], users["demo-lead"]
        inspection = inspection_services.create_inspection(
            slug=slug,
            name=name,
            area=AREA,
            criteria_set=criteria_set,
            previous=previous,
            fieldwork_start=fieldwork,
            fieldwork_end=fieldwork + timedelta(days=4),
            sample_date=fieldwork - timedelta(days=28),
            actor=admin,
        )
        inspection_services.appoint_lead(inspection=inspection, user=lead, actor=admin)
        team_roles = ASSESSORS - {LEAD}
        team = [users[d.username] for d in USERS if d.role in team_roles]
        for demo in USERS:
            if demo.role in MEMBER_ROLES:
                inspection_services.add_member(
                    inspection=inspection, user=users[demo.username], role=demo.role, actor=lead
                )
        inspection_services.set_sample_minimums(
            inspection=inspection,
            actor=lead,
            minimums={"high_rosh": 15, "ppo": 5, "approved_premises": 5, "victim_contact": 12, "bame": 8},
        )
        sample_services.import_sample(
            inspection=inspection,
            data=sample_csv(rng=rng, prefix=prefix, count=count),
            source=f"{slug}-sample.csv",
            actor=lead,
        )
        # Allocation: the lead takes a few cases, inspectors most, the local assessor some.
        assessors = [lead, *team]
        weights = [1, 3, 3, 2]
        by_assessor: dict[int, list[int]] = {}
        case_ids = list(inspection.cases.order_by("case_ref").values_list("pk", flat=True))
        for case_id in case_ids:
            by_assessor.setdefault(rng.choices(range(len(assessors)), weights=weights)[0], []).append(case_id)
        for index, ids in sorted(by_assessor.items()):
            sample_services.allocate_cases(inspection=inspection, case_ids=ids, assessor=assessors[index], actor=lead)
        inspection = inspection_services.change_status(
            inspection=inspection, status=Inspection.Status.FIELDWORK, actor=lead
        )
        self._assess(inspection=inspection, rng=rng, progress=progress, quality=quality, fieldwork=fieldwork)
        if final_status == Inspection.Status.FIELDWORK:
            self._double_mark(inspection=inspection, rng=rng, marker=users["demo-inspector2"], lead=lead)
        for status in lifecycle.STATUS_ORDER[2:]:
            if inspection.status == final_status:
                break
            inspection = inspection_services.change_status(inspection=inspection, status=status, actor=lead)
        self.stdout.write(f"Created inspection '{slug}' ({count} cases, status {inspection.get_status_display()}).")
        return inspection

    # --- assessments and judgements -----------------------------------------------------------

    def _assess(self, *, inspection, rng, progress, quality, fieldwork) -> None:
        questions = list(
            Question.objects.filter(criteria_set=inspection.criteria_set)
            .select_related("scale")
            .prefetch_related("scale__options")
            .order_by("order")
        )
        # Some questions are done well everywhere, some badly: a realistic spread of scores.
        difficulty = {q.pk: rng.uniform(-0.15, 0.12) for q in questions}
        unit_effect = {name: rng.uniform(-0.06, 0.06) for name in UNITS}
        assessments = list(
            Assessment.objects.filter(case__inspection=inspection, is_primary=True)
            .select_related("case", "case__unit", "assessor")
            .order_by("case__case_ref")
        )
        judgements: list[Judgement] = []
        changed: list[Assessment] = []
        submitting: dict[Assessment, datetime | None] = {}
        when = timezone.make_aware(datetime.combine(fieldwork, datetime.min.time())) + timedelta(hours=10)
        for assessment in assessments:
            roll = rng.random()
            status, threshold = Assessment.Status.NOT_STARTED, 0.0
            for name in ("submitted", "returned", "in_progress"):
                threshold += progress.get(name, 0)
                if roll < threshold:
                    status = Assessment.Status(name)
                    break
            if status == Assessment.Status.NOT_STARTED:
                continue
            case = assessment.case
            applicable = case.applicable_questions(questions)
            if status == Assessment.Status.IN_PROGRESS:
                applicable = applicable[: max(1, int(len(applicable) * rng.uniform(0.3, 0.7)))]
            p_above = min(0.97, max(0.3, quality + unit_effect.get(case.unit.name, 0)))
            for question in applicable:
                judgements.append(self._judgement(assessment, question, rng, p_above + difficulty[question.pk]))
            # A submitted one is saved in progress, then submitted through the one transition below.
            assessment.status = Assessment.Status.IN_PROGRESS if status == Assessment.Status.SUBMITTED else status
            assessment.interview_done = status != Assessment.Status.IN_PROGRESS or rng.random() < 0.5
            if assessment.interview_done:
                assessment.interview_date = fieldwork + timedelta(days=rng.randrange(0, 4))
                assessment.interview_notes = "Interviewed the offender manager about the case record."
            if status in (Assessment.Status.SUBMITTED, Assessment.Status.RETURNED):
                assessment.submitted_at = when + timedelta(hours=rng.randrange(0, 80))
            if status == Assessment.Status.RETURNED:
                assessment.return_comment = "Please add a rationale explaining the RoH classification judgement."
            if status == Assessment.Status.SUBMITTED:
                submitting[assessment] = assessment.submitted_at
            history.attribute(assessment, actor=assessment.assessor)
            changed.append(assessment)
        bulk_create_with_history(judgements, Judgement, batch_size=500, default_change_reason="Demo data")
        if changed:
            bulk_update_with_history(
                changed,
                Assessment,
                ["status", "interview_done", "interview_date", "interview_notes", "submitted_at", "return_comment"],
                batch_size=500,
                default_change_reason="Demo data",
            )
        self._submit(submitting, questions=questions)

    def _submit(self, assessments: dict[Assessment, datetime | None], *, questions=None) -> None:
        """Submit ``assessments`` through ``submit_assessments`` (each by its assessor), then date
        each submission within the fieldwork week as the story has it."""
        if not assessments:
            return
        for assessment in assessments:
            history.attribute(assessment, actor=assessment.assessor)
        submit_assessments(assessments=list(assessments), actor=None, reason="Demo data", questions=questions)
        for assessment, when in assessments.items():
            assessment.submitted_at = when or assessment.submitted_at
        bulk_update_with_history(list(assessments), Assessment, ["submitted_at"], default_change_reason="Demo data")

    def _double_mark(self, *, inspection, rng, marker, lead) -> None:
        """Five of another inspector's submitted cases double-marked by ``marker`` and submitted, most
        answers the same and some not: the agreement page has pairs, kappa and disagreements."""
        primaries = list(
            Assessment.objects.counted()
            .filter(case__inspection=inspection)
            .exclude(assessor=marker)
            .exclude(assessor=lead)
            .order_by("case__case_ref")[:5]
        )
        if not primaries:
            return
        double_marking.allocate_second_marker(
            inspection=inspection, case_ids=[a.case_id for a in primaries], assessor=marker, actor=lead
        )
        seconds = {a.case_id: a for a in Assessment.objects.filter(case__inspection=inspection, is_primary=False)}
        judgements = []
        for primary in primaries:
            second = seconds[primary.case_id]
            for first in primary.judgements.select_related("question__scale").order_by("question__order"):
                options = list(first.question.scale.options.all())
                option = first.option if rng.random() < 0.85 else rng.choice(options)
                judgements.append(
                    history.attribute(
                        Judgement(
                            assessment=second,
                            question=first.question,
                            option=option,
                            applicable=True,
                            rationale=rng.choice(RATIONALE[option.scoring]),
                            updated_by=marker,
                        ),
                        actor=marker,
                    )
                )
        bulk_create_with_history(judgements, Judgement, batch_size=500, default_change_reason="Demo data")
        self._submit({seconds[primary.case_id]: primary.submitted_at for primary in primaries})

    def _judgement(self, assessment, question, rng, p_above) -> Judgement:
        options = list(question.scale.options.all())
        by_scoring = {}
        for option in options:
            by_scoring.setdefault(option.scoring, []).append(option)
        if "excluded" in by_scoring and rng.random() < 0.04:
            scoring = "excluded"
        else:
            scoring = "above" if rng.random() < p_above else "below"
        option = rng.choice(by_scoring.get(scoring) or by_scoring["above"])
        judgement = Judgement(
            assessment=assessment,
            question=question,
            option=option,
            applicable=True,
            rationale=rng.choice(RATIONALE[option.scoring]),
            updated_by=assessment.assessor,
        )
        if option.scoring == "above" and rng.random() < 0.03:
            judgement.notable_practice, judgement.notable_example = "good", rng.choice(GOOD_PRACTICE)
        elif option.scoring == "below" and rng.random() < 0.03:
            judgement.notable_practice, judgement.notable_example = "poor", rng.choice(POOR_PRACTICE)
        return history.attribute(judgement, actor=assessment.assessor)

    # --- output -------------------------------------------------------------------------------

    def _report(self, users, created_users, inspections) -> None:
        self.stdout.write("")
        self.stdout.write("Demo users (username, password, role):")
        for demo in USERS:
            role = "admin (superuser)" if demo.role == "admin" else Membership.Role(demo.role).label.lower()
            note = "" if demo.username in created_users else "  (already existed)"
            self.stdout.write(f"  {demo.username:<16} {demo_password(demo.username)}  {role}{note}")
        for inspection in inspections:
            self.stdout.write(
                f"Inspection: /inspections/{inspection.slug}/  {inspection.name} "
                f"({inspection.get_status_display().lower()})"
            )
        self.stdout.write("Programmes: /inspections/programmes/  Research: /research/")
