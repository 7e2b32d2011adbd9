"""Cases answered in bulk for the regression tests (set-up, not the code under test): counted
answers (submitted primary assessments) to one question, from cell counts."""

from cases.models import Assessment, Case, Judgement, Unit

DEFAULTS = {
    "sentence_type": "community_order",
    "rosh": "medium",
    "mappa_level": "0",
    "age": 30,
    "ethnic_group": "white",
}


def add_cases(inspection, question, cells: dict, *, prefix: str) -> int:
    """``cells``: {characteristics as a tuple of (field, value) pairs: (yes count, no count)}."""
    unit, _ = Unit.objects.get_or_create(inspection=inspection, name="North cluster")
    options = {o.value: o for o in question.scale.options.all()}
    cases, answers = [], []
    for characteristics, (yes, no) in cells.items():
        for answer in ["yes"] * yes + ["no"] * no:
            values = {**DEFAULTS, **dict(characteristics)}
            cases.append(Case(inspection=inspection, unit=unit, case_ref=f"{prefix}{len(cases):05d}", **values))
            answers.append(answer)
    cases = Case.objects.bulk_create(cases)
    assessments = Assessment.objects.bulk_create([Assessment(case=case, status="submitted") for case in cases])
    Judgement.objects.bulk_create(
        [
            Judgement(assessment=a, question=question, option=options[answer], applicable=True)
            for a, answer in zip(assessments, answers, strict=True)
        ]
    )
    return len(cases)
