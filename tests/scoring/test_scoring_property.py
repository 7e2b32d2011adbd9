"""Property: for random criteria sets, samples and judgements, the scoring service agrees with the
simple reference implementation of DOMAIN.md in tests/scoring/reference.py."""

import pytest
import yaml
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Assessment, Case, Judgement, Unit
from criteria import vocabulary
from criteria.exporter import NoAliasDumper
from criteria.models import AnswerOption, Question
from criteria.services import load_criteria_set
from reports.scoring import compute_breakdown, compute_scores
from tests import factories

from . import reference

SCALES = {
    "yes_no": [("yes", "above"), ("no", "below"), ("na", "excluded")],
    "timeliness": [("on_time", "above"), ("late", "below"), ("no", "below"), ("na", "excluded")],
    "graded": [("good", "above"), ("fair", "above"), ("poor", "below")],
}
RULES = [
    None,
    None,
    None,
    {"rosh": ["high", "very_high"]},
    {"sentence_type": ["custody", "licence"]},
    {"sentence_type": ["community_order"], "rosh": ["medium", "high"]},
]
BANDS = [
    [{"min": 80, "label": "MINIMUM"}, {"min": 65, "label": "MODERATE"}, {"min": 0, "label": "DRASTIC"}],
    [{"min": 75, "label": "Good"}, {"min": 0, "label": "Poor"}],
]


@st.composite
def criteria_sets(draw):
    headlines = [
        {"code": f"H{n}", "title": f"Headline {n}", "method": draw(st.sampled_from(["mean", "pooled"]))}
        for n in range(draw(st.integers(1, 2)))
    ]
    sections = []
    q = 0
    for s in range(draw(st.integers(1, 2))):
        criteria = []
        for c in range(draw(st.integers(1, 3))):
            questions = []
            for _ in range(draw(st.integers(0, 3))):
                q += 1
                question = {
                    "code": f"Q{q:02d}",
                    "text": f"Question {q}",
                    "scale": draw(st.sampled_from(sorted(SCALES))),
                    "headlines": draw(st.lists(st.sampled_from([h["code"] for h in headlines]), unique=True)),
                }
                rule = draw(st.sampled_from(RULES))
                if rule:
                    question["applies_when"] = rule
                questions.append(question)
            criterion = {"code": f"S{s}.{c}", "title": f"Criterion {s}.{c}", "statement": "Statement."}
            if questions:
                criterion["questions"] = questions
            criteria.append(criterion)
        sections.append({"code": f"S{s}", "title": f"Section {s}", "criteria": criteria})
    return {
        "format": "inspection-criteria/1",
        "slug": "random-set",
        "name": "Random set",
        "version": "1",
        "headlines": headlines,
        "rating_bands": draw(st.sampled_from(BANDS)),
        "answer_scales": {
            name: [{"value": v, "label": v.replace("_", " ").capitalize(), "scoring": s} for v, s in options]
            for name, options in SCALES.items()
        },
        "sections": sections,
    }


@st.composite
def samples(draw, criteria_set):
    questions = [q for s in criteria_set["sections"] for c in s["criteria"] for q in c.get("questions", [])]
    cases = {}
    judgements = []
    for n in range(draw(st.integers(0, 7))):
        ref = f"C{n}"
        cases[ref] = {
            "unit": draw(st.sampled_from(["North", "South", "East"])),
            "sentence_type": draw(st.sampled_from(vocabulary.SENTENCE_TYPES)),
            "rosh": draw(st.sampled_from(vocabulary.ROSH_LEVELS)),
            "age": draw(st.one_of(st.none(), st.integers(18, 70))),
        }
        for primary in (True, False):
            if not primary and not draw(st.booleans()):
                continue
            status = draw(st.sampled_from(["not_started", "in_progress", "submitted", "returned"]))
            for question in questions:
                value = draw(st.one_of(st.none(), st.sampled_from([v for v, _ in SCALES[question["scale"]]])))
                if not draw(st.booleans()):
                    continue  # no judgement row at all
                scoring = dict(SCALES[question["scale"]]).get(value) if value else None
                # The services keep ``applicable`` in step; some rows are stale (question no longer applies).
                judgements.append(
                    {
                        "case_ref": ref,
                        "question": question["code"],
                        "value": value,
                        "scoring": scoring,
                        "status": status,
                        "primary": primary,
                    }
                )
    return cases, judgements


def store(criteria_set: dict, cases: dict, judgements: list[dict]):
    loaded = load_criteria_set(
        text=yaml.dump(criteria_set, Dumper=NoAliasDumper, sort_keys=False), source="random.yaml"
    ).criteria_set
    inspection = factories.InspectionFactory(slug="random-inspection", criteria_set=loaded)
    questions = {q.code: q for q in Question.objects.filter(criteria_set=loaded)}
    options = {
        (o.scale.code, o.value): o
        for o in AnswerOption.objects.filter(scale__criteria_set=loaded).select_related("scale")
    }
    case_objects = {}
    for ref, values in cases.items():
        unit, _ = Unit.objects.get_or_create(inspection=inspection, name=values["unit"])
        case_objects[ref] = Case.objects.create(
            inspection=inspection,
            unit=unit,
            case_ref=ref,
            **{k: v for k, v in values.items() if k != "unit"},
        )
    assessments = {}
    for j in judgements:
        key = (j["case_ref"], j["primary"])
        if key not in assessments:
            assessments[key] = Assessment.objects.create(
                case=case_objects[j["case_ref"]], is_primary=j["primary"], status=j["status"]
            )
        question = questions[j["question"]]
        case = case_objects[j["case_ref"]]
        Judgement.objects.create(
            assessment=assessments[key],
            question=question,
            option=options[(question.scale.code, j["value"])] if j["value"] else None,
            applicable=case.applies(question),
        )
    return inspection


def assert_agrees(service_scores, expected: dict, bands: list[dict]):
    for item in service_scores.all_items():
        value, numerator, denominator = expected[(item.level, item.code)]
        score = item.score
        assert score.proportion == value, (item.level, item.code)
        if numerator is not None:
            assert (score.numerator, score.denominator) == (numerator, denominator), item.code
        assert score.whole_percent == reference.whole_percent(value), item.code
        assert score.one_decimal == reference.one_decimal(value), item.code
        assert score.band_label == reference.band(reference.whole_percent(value), bands), item.code
    assert len(list(service_scores.all_items())) == len(expected)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_service_agrees_with_the_reference_implementation(data):
    criteria_set = data.draw(criteria_sets())
    cases, judgements = data.draw(samples(criteria_set))
    include_in_progress = data.draw(st.booleans())
    with transaction.atomic():
        inspection = store(criteria_set, cases, judgements)

        service = compute_scores(inspection=inspection, include_in_progress=include_in_progress)
        assert_agrees(
            service,
            reference.scores(criteria_set, cases, judgements, include_in_progress),
            criteria_set["rating_bands"],
        )
        assert service.case_count == len(cases)

        by_unit = compute_breakdown(inspection=inspection, by="unit", include_in_progress=include_in_progress)
        for group in by_unit.groups:
            subset = {ref: c for ref, c in cases.items() if c["unit"] == group.key}
            assert group.case_count == len(subset)
            assert_agrees(
                group.scores,
                reference.scores(criteria_set, subset, judgements, include_in_progress),
                criteria_set["rating_bands"],
            )

        by_age = compute_breakdown(inspection=inspection, by="age_group")
        for group in by_age.groups:
            subset = {ref: c for ref, c in cases.items() if vocabulary.age_group(c["age"]) == group.key}
            assert_agrees(
                group.scores, reference.scores(criteria_set, subset, judgements), criteria_set["rating_bands"]
            )
        transaction.set_rollback(True)
