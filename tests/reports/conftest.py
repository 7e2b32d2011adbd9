"""Fixtures for the report tests: Northshire with a scored sample of 34 cases over two units.

Hand-counted figures (submitted primary assessments only):
- A.1.01 (timeliness): 28 on time, 4 late, 2 no → 28 of 34 (82%)
- A.1.02 (grouped "to the public"): 33 yes, 1 no → 33 of 34 (97%)
- A.1.03 (high/very high RoSH only, 10 cases): 9 yes, 1 no → 9 of 10 (90%)
- A.2.01 (custody and licence only, 10 cases): 5 yes, 4 no, 1 not applicable → 5 of 9 (56%)
A 35th case's assessment is in progress and never counts.
"""

import pytest

from cases.models import Assessment, Case, Inspection, Judgement, Unit
from criteria.models import Question
from tests import factories

HTML_EXAMPLE = (
    'Good joint work <img src="file:///etc/passwd"> <b>bold</b> '
    '<img src="http://127.0.0.1/tracker.png"> <a href="http://127.0.0.1/">link</a>'
)
HIGH_ROSH = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30}  # case indexes; 24-29 are licences, 30-33 custody


def build_sample(inspection, *, cases: int = 34, seed_answers: bool = True) -> list[Case]:
    """The 34-case sample described in the module docstring (first 20 North, the rest South)."""
    north = Unit.objects.create(inspection=inspection, name="North cluster")
    south = Unit.objects.create(inspection=inspection, name="South cluster")
    questions = {q.code: q for q in Question.objects.filter(criteria_set=inspection.criteria_set)}
    options = {(code, option.value): option for code, q in questions.items() for option in q.scale.options.all()}
    made = []
    for i in range(cases):
        sentence = "community_order" if i < 24 else ("licence" if i < 30 else "custody")
        rosh = "high" if i in HIGH_ROSH else "medium"
        made.append(
            Case.objects.create(
                inspection=inspection,
                unit=north if i < 20 else south,
                case_ref=f"NS{i + 1:03d}",
                sentence_type=sentence,
                rosh=rosh,
                tier=str(1 + i % 4),
                gender="female" if i % 5 == 0 else "male",
                ethnic_group=["white", "black", "asian", "mixed"][i % 4] if i % 3 else "white",
                offence_type=["Violence against the person", "Drug offences", "Burglary"][i % 3],
                age=20 + i,
            )
        )
    if not seed_answers:
        return made
    high = [c for c in made if c.rosh in ("high", "very_high")]
    custodial = [c for c in made if c.sentence_type in ("custody", "licence")]
    assert len(high) == 10, len(high)
    assert len(custodial) == 10
    answers = {}
    for i, case in enumerate(made):
        answers[(case, "A.1.01")] = "on_time" if i < 28 else ("late" if i < 32 else "no")
        answers[(case, "A.1.02")] = "no" if i == 5 else "yes"
    for i, case in enumerate(high):
        answers[(case, "A.1.03")] = "no" if i == 0 else "yes"
    for i, case in enumerate(custodial):
        answers[(case, "A.2.01")] = "yes" if i < 5 else ("no" if i < 9 else "na")
    assessments = {case: Assessment.objects.create(case=case, status=Assessment.Status.SUBMITTED) for case in made}
    Judgement.objects.bulk_create(
        Judgement(
            assessment=assessments[case],
            question=questions[code],
            option=options[(code, value)],
            applicable=case.applies(questions[code]),
        )
        for (case, code), value in answers.items()
    )
    # A case whose assessment is still in progress: its answers never count.
    unfinished = Case.objects.create(
        inspection=inspection, unit=south, case_ref="NS999", sentence_type="custody", rosh="high"
    )
    draft = Assessment.objects.create(case=unfinished, status=Assessment.Status.IN_PROGRESS)
    Judgement.objects.bulk_create(
        Judgement(assessment=draft, question=questions[code], option=options[(code, "no")])
        for code in ("A.1.01", "A.1.02", "A.1.03", "A.2.01")
    )
    return made


def make_ready_to_finalise(inspection, actor) -> None:
    """The inspection at its reporting stage, the unfinished NS999 (if sampled) excluded with a reason."""
    from reports.services import reports as services

    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.REPORTING)
    inspection.status = Inspection.Status.REPORTING
    if Case.objects.filter(inspection=inspection, case_ref="NS999").exists():
        services.exclude_case(inspection=inspection, case_ref="NS999", reason="File not available", actor=actor)


def other_area(other_inspection) -> None:
    """Southshire: the same sample, but no A.1.01 assessment on time (SAFE mean(0, 33/34, 9/10) = 62%)."""
    from criteria.models import AnswerOption

    build_sample(other_inspection, cases=34)
    no = AnswerOption.objects.get(
        scale__questions__code="A.1.01", scale__criteria_set=other_inspection.criteria_set, value="no"
    )
    Judgement.objects.filter(assessment__case__inspection=other_inspection, question__code="A.1.01").update(option=no)


def finalise(inspection, lead):
    """The inspection's report made final (its figures frozen), by its lead."""
    from reports.services import reports as services

    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    version.refresh_from_db()
    return version


@pytest.fixture
def final_other_area(inspection, other_inspection, outsider, sample):
    """Northshire (SAFE 90%) and Southshire (SAFE 62%, its report final) in the OMI2 programme: the
    comparison with other areas of Northshire's report."""
    omi2 = factories.ProgrammeFactory(slug="omi2", name="OMI2")
    Inspection.objects.filter(pk=inspection.pk).update(programme=omi2)
    Inspection.objects.filter(pk=other_inspection.pk).update(programme=omi2, area="Southshire Probation Trust")
    other_inspection.refresh_from_db()
    other_area(other_inspection)
    finalise(other_inspection, outsider)
    inspection.refresh_from_db()
    return other_inspection


@pytest.fixture
def sample(inspection):
    return build_sample(inspection)


@pytest.fixture
def notable_judgement(sample):
    """A good practice example whose text is full of HTML and local/network image references."""
    judgement = Judgement.objects.get(assessment__case=sample[2], question__code="A.1.03")
    judgement.notable_practice = Judgement.NotablePractice.GOOD
    judgement.notable_example = HTML_EXAMPLE
    judgement.rationale = '<script>alert(1)</script><img src="file:///etc/passwd">'
    judgement.save()
    return judgement


@pytest.fixture
def reinspection(small_set, inspection, sample, lead):
    """A reinspection of Northshire by the same lead; everything answered yes except one late A.1.01."""
    again = factories.InspectionFactory(
        slug="northshire-2027", name="Northshire reinspection", criteria_set=small_set, previous=inspection
    )
    factories.MemberFactory(inspection=again, user=lead, role="lead")
    build_sample(again, cases=10, seed_answers=False)
    questions = list(Question.objects.filter(criteria_set=small_set))
    for case in Case.objects.filter(inspection=again):
        assessment = Assessment.objects.create(case=case, status=Assessment.Status.SUBMITTED)
        for question in questions:
            if not case.applies(question):
                continue
            value = "on_time" if question.code == "A.1.01" else "yes"
            if question.code == "A.1.01" and case.case_ref == "NS001":
                value = "late"
            factories.JudgementFactory(assessment=assessment, question=question, answer=value)
    return again


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated PDFs go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
