"""Shared set-up of the benchmarks: a realistic inspection sample on the shipped RoH 2007 criteria set.

Imported after ``django.setup()`` by the scripts in bench/ (each builds its own throwaway database).
Everything is made through the services (inspection, team, sample import, allocation, double
marking, the report's draft) except the bulk of the judgements, which are written in bulk with their
history, as an import would.
"""

import csv
import io
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["Northgate", "Southbank", "Eastfield", "Westmoor", "Riverside", "Hillcrest"]
MIX = {  # field -> (values, weights): roughly the shape of the published RoH samples
    "sentence_type": (["community_order", "suspended_sentence_order", "licence", "custody"], [45, 15, 25, 15]),
    "rosh": (["low", "medium", "high", "very_high"], [25, 50, 21, 4]),
    "tier": (["1", "2", "3", "4"], [15, 35, 35, 15]),
    "mappa_level": (["0", "1", "2", "3"], [80, 14, 5, 1]),
    "ppo": (["yes", "no"], [8, 92]),
    "approved_premises": (["yes", "no"], [5, 95]),
    "victim_contact": (["yes", "no"], [20, 80]),
    "domestic_abuse": (["yes", "no"], [30, 70]),
    "child_safeguarding": (["yes", "no"], [25, 75]),
    "gender": (["male", "female"], [88, 12]),
    "ethnic_group": (["white", "mixed", "asian", "black", "other"], [80, 4, 7, 7, 2]),
}
OFFENCES = ["Violence against the person", "Drug offences", "Burglary", "Sexual offences"]


def sample_csv(cases: int, rng: random.Random, prefix: str = "B") -> str:
    """An inspection-sample/1 CSV of ``cases`` cases over UNITS with MIX's proportions."""
    out = io.StringIO()
    writer = csv.writer(out)
    fields = list(MIX)
    writer.writerow(["case_ref", "unit", *fields, "mappa_category", "age", "offence_type"])
    for n in range(cases):
        values = {field: rng.choices(*MIX[field])[0] for field in fields}
        category = rng.choice(["1", "2", "3"]) if values["mappa_level"] != "0" else ""
        writer.writerow(
            [
                f"{prefix}{n:04d}",
                UNITS[n % len(UNITS)],
                *values.values(),
                category,
                rng.randint(18, 70),
                rng.choice(OFFENCES),
            ]
        )
    return out.getvalue()


def roh_criteria_set():
    """The shipped RoH 2007 criteria set, loaded (once) through the loader."""
    from criteria.models import CriteriaSet
    from criteria.services import load_criteria_set

    path = ROOT / "criteria" / "sets" / "roh-2007.yaml"
    existing = CriteriaSet.objects.filter(slug="roh-2007").first()
    return existing or load_criteria_set(text=path.read_text(encoding="utf-8"), source=path.name).criteria_set


def build_inspection(*, slug, cases, rng, criteria_set, admin, lead, team, previous=None, prefix="B"):
    """An inspection in fieldwork: lead, team, a ``cases``-case sample allocated round-robin to ``team``.

    Returns the inspection and ``{user pk: [case, ...]}`` (ordered by case reference)."""
    from cases.models import Case
    from cases.services import inspections, sample

    inspection = inspections.create_inspection(
        slug=slug, name=slug.replace("-", " ").title(), criteria_set=criteria_set, previous=previous, actor=admin
    )
    inspections.appoint_lead(inspection=inspection, user=lead, actor=admin)
    for user in team:
        inspections.add_member(inspection=inspection, user=user, role="inspector", actor=lead)
    sample.import_sample(inspection=inspection, data=sample_csv(cases, rng, prefix), source=f"{slug}.csv", actor=lead)
    inspections.change_status(inspection=inspection, status="fieldwork", actor=lead)
    ordered = list(Case.objects.filter(inspection=inspection).order_by("case_ref"))
    allocated = {user.pk: ordered[n :: len(team)] for n, user in enumerate(team)}
    for user in team:
        sample.allocate_cases(
            inspection=inspection, case_ids=[c.pk for c in allocated[user.pk]], assessor=user, actor=lead
        )
    return inspection, allocated


def questions_of(criteria_set) -> list:
    from criteria.models import Question

    return list(
        Question.objects.filter(criteria_set=criteria_set)
        .select_related("general_criterion")
        .prefetch_related("scale__options")
        .order_by("order")
    )


def pick_option(question, rng: random.Random, above: float = 0.66):
    """An answer: above the line with probability ``above``, a few excluded, the rest below."""
    options = list(question.scale.options.all())
    by_scoring: dict[str, list] = {}
    for option in options:
        by_scoring.setdefault(option.scoring, []).append(option)
    roll = rng.random()
    if roll < above and by_scoring.get("above"):
        return rng.choice(by_scoring["above"])
    if roll > 0.96 and by_scoring.get("excluded"):
        return rng.choice(by_scoring["excluded"])
    return rng.choice(by_scoring.get("below") or options)


def answer(assessments, questions, rng: random.Random, *, status=None, notable=0.003) -> int:
    """Every applicable question of each assessment answered (judgements and their history in bulk);
    with ``status`` the assessments are set to it (``submitted`` also sets ``submitted_at``)."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from cases.models import Assessment, Judgement

    judgements = []
    for assessment in assessments:
        for question in assessment.case.applicable_questions(questions):
            judgement = Judgement(
                assessment=assessment,
                question=question,
                option=pick_option(question, rng),
                rationale="Seen on file.",
                updated_by=assessment.assessor,
            )
            if rng.random() < notable:
                judgement.notable_practice = Judgement.NotablePractice.GOOD
                judgement.notable_example = "The offender manager worked closely with the police to protect a victim."
            judgements.append(judgement)
    bulk_create_with_history(judgements, Judgement, batch_size=1000, default_change_reason="import")
    if status is not None:
        ids = [a.pk for a in assessments]
        fields = {"status": status}
        if status == Assessment.Status.SUBMITTED:
            fields["submitted_at"] = timezone.now()
        Assessment.objects.filter(pk__in=ids).update(**fields)
    return len(judgements)


def second_marking(*, inspection, lead, team, cases, rng: random.Random, questions) -> int:
    """Second markers (double marking, through the service) on ``cases``, their assessments answered and
    submitted with about one answer in eight different from the primary's."""
    from simple_history.utils import bulk_create_with_history

    from cases.models import Assessment, Judgement
    from cases.services import double_marking

    primary_of = {a.case_id: a.assessor_id for a in Assessment.objects.filter(case__in=cases, is_primary=True)}
    by_marker: dict[int, list[int]] = {}
    for case in cases:
        marker = next(u for u in rng.sample(team, len(team)) if u.pk != primary_of[case.pk])
        by_marker.setdefault(marker.pk, []).append(case.pk)
    users = {u.pk: u for u in team}
    for marker_id, ids in by_marker.items():
        double_marking.allocate_second_marker(
            inspection=inspection, case_ids=ids, assessor=users[marker_id], actor=lead
        )
    seconds = {a.case_id: a for a in Assessment.objects.filter(case__in=cases, is_primary=False)}
    by_question = {q.pk: q for q in questions}
    case_of = dict(Assessment.objects.filter(case__in=cases, is_primary=True).values_list("pk", "case_id"))
    made = [
        Judgement(
            assessment=seconds[case_of[j.assessment_id]],
            question_id=j.question_id,
            option=pick_option(by_question[j.question_id], rng) if rng.random() < 0.125 else j.option,
            rationale="Second marker.",
            updated_by=seconds[case_of[j.assessment_id]].assessor,
        )
        for j in Judgement.objects.filter(assessment__case__in=cases, assessment__is_primary=True).select_related(
            "option"
        )
    ]
    bulk_create_with_history(made, Judgement, batch_size=1000, default_change_reason="import")
    Assessment.objects.filter(pk__in=[a.pk for a in seconds.values()]).update(status=Assessment.Status.SUBMITTED)
    return len(made)


def write_draft(*, inspection, lead):
    """The report's draft as a lead writes it: a foreword, recommendations, four strengths and four areas
    for improvement per general criterion, and up to five "Making a difference" examples."""
    from cases.models import Judgement
    from criteria.models import GeneralCriterion
    from reports.services import reports as services

    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(
        version=version,
        foreword="\n\n".join(["This inspection examined a representative sample of cases. " * 8] * 4),
        recommendations=[
            f"Recommendation {n}: a higher proportion of cases should meet the standard." for n in range(1, 5)
        ],
        revision=version.revision,
        actor=lead,
    )
    for criterion in GeneralCriterion.objects.filter(criteria_set=inspection.criteria_set):
        services.save_narrative(
            version=version,
            criterion=criterion,
            strengths=[
                f"The work was sufficient in {20 + n} of 34 cases ({round((20 + n) * 100 / 34)}%). " * 3
                for n in range(4)
            ],
            improvements=[f"Planning was insufficient in {n + 5} of 40 relevant cases. " * 3 for n in range(4)],
            revision=0,
            actor=lead,
        )
    good = list(
        Judgement.objects.filter(
            assessment__case__inspection=inspection,
            assessment__is_primary=True,
            assessment__status="submitted",
            notable_practice="good",
        ).select_related("assessment__case", "question__general_criterion")[:5]
    )
    services.set_notable_examples(version=version, judgements=good, actor=lead)
    version.refresh_from_db()
    return version


def criterion_post_data(case, criterion_code: str, round_: int) -> dict[str, str]:
    """A criterion page's form with every applicable question answered, alternating with ``round_`` so each
    save changes every answer; each question's ``version`` as saved now (the form sends what it showed)."""
    from cases.models import Judgement
    from criteria.models import Question

    versions = {
        j.question_id: j.version
        for j in Judgement.objects.filter(assessment__case=case, question__general_criterion__code=criterion_code)
    }
    data = {"action": "return"}
    questions = Question.objects.filter(
        criteria_set=case.inspection.criteria_set, general_criterion__code=criterion_code
    ).prefetch_related("scale__options")
    for question in questions:
        if not case.applies(question):
            continue
        options = [o.value for o in question.scale.options.all()]
        code = question.code  # the criterion form names its fields by question code
        data.update(
            {
                f"{code}-answer": options[round_ % 2],
                f"{code}-rationale": f"Round {round_}: checked the OASys record.",
                f"{code}-notable": "good" if round_ % 3 == 0 else "",
                f"{code}-example": "Prompt referral." if round_ % 3 == 0 else "",
                f"{code}-version": str(versions.get(question.pk, 0)),
            }
        )
    return data
