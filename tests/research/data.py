"""A small pooled data set for the research pages: two programmes of three inspections, one
question (analysis code RISK1, A.1.02 of the small set; A.1.01 answered alike, on time for yes)
answered in nine counted cases, one
excluded answer and one assessment still in progress, with a case reference, rationale, example
and assessor's name that must never reach a research page or download (``MARKERS``).

Counted by hand: OMI2 4 of 6 yes (66.7%), Quality & Impact 1 of 3 (33.3%), all 5 of 9 (55.6%);
male 3 of 4 and 1 of 2 (4 of 6, 66.7%), female 1 of 2 and 0 of 1 (1 of 3, 33.3%).
"""

from cases.models import Judgement
from criteria.models import Question
from tests import factories
from tests.scoring.helpers import judge, make_case

QUESTION = "RISK1"
MARKERS = ("MARKERREF77", "Marker rationale words", "Marker example words", "Zebedee", "Quibblethwaite", "zquib")

# inspection, case_ref, answer, then gender, ethnic_group, rosh, sentence_type, age, mappa_level
CASES = [
    ("omi-north", "N1", "yes", "male", "white", "low", "community_order", 25, "0"),
    ("omi-north", "N2", "no", "female", "black", "high", "licence", 33, "1"),
    ("omi-north", "N3", "yes", "male", "asian", "medium", "custody", 45, "0"),
    ("omi-south", "S1", "no", "male", "white", "high", "community_order", 19, "0"),
    ("omi-south", "S2", "yes", "female", "white", "low", "licence", 52, "0"),
    ("omi-south", "MARKERREF77", "yes", "male", "mixed", "very_high", "community_order", 30, "0"),
    ("qi-east", "E1", "no", "female", "white", "medium", "community_order", 22, "0"),
    ("qi-east", "E2", "yes", "male", "black", "high", "licence", 40, "2"),
    ("qi-east", "E3", "no", "male", "white", "low", "custody", 28, "0"),
    ("qi-east", "E4", "na", "female", "asian", "medium", "community_order", 35, "0"),
]
FIELDS = ("gender", "ethnic_group", "rosh", "sentence_type", "age", "mappa_level")


def record_cases(small_set, programmes: dict) -> dict:
    """The inspections omi-north, omi-south and qi-east (each in ``programmes[slug]``, or in none),
    their cases and answers to RISK1 (A.1.02 of the small set), the markers on one case."""
    Question.objects.filter(criteria_set=small_set, code="A.1.02").update(analysis_code=QUESTION)
    inspections = {
        slug: factories.InspectionFactory(
            slug=slug, name=slug.replace("-", " ").title(), criteria_set=small_set, programme=programmes.get(slug)
        )
        for slug in ("omi-north", "omi-south", "qi-east")
    }
    marker = factories.UserFactory(username="zquib", first_name="Zebedee", last_name="Quibblethwaite")
    for inspection_slug, ref, answer, *values in CASES:
        case = make_case(inspections[inspection_slug], ref, **dict(zip(FIELDS, values, strict=True)))
        timely = {"yes": "on_time", "no": "late"}.get(answer, "na")
        judge(case, {"A.1.02": answer, "A.1.01": timely}, assessor=marker)
    Judgement.objects.filter(assessment__case__case_ref="MARKERREF77").update(
        rationale="Marker rationale words", notable_practice="good", notable_example="Marker example words"
    )
    in_progress = make_case(inspections["qi-east"], "E5", gender="male", rosh="low")
    judge(in_progress, {"A.1.02": "yes"}, status="in_progress")
    return inspections


def record_rosh_effect(inspection, count: int = 40) -> None:
    """``count`` more cases in ``inspection`` where high RoSH cases are far more often answered yes
    (90% against 20% of low RoSH cases): enough for RoSH to enter the model."""
    half = count // 2
    for i in range(count):
        high = i < half
        yes = i < half * 9 // 10 if high else i - half < half // 5
        values = ("male" if i % 2 else "female", "white", "high" if high else "low", "community_order", 30, "0")
        case = make_case(inspection, f"R{i:03d}", **dict(zip(FIELDS, values, strict=True)))
        judge(case, {"A.1.02": "yes" if yes else "no", "A.1.01": "on_time" if yes else "late"})
