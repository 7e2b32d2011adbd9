"""The shipped Risk of Harm Inspection Module (Sept 2007) loads and covers seed 004."""

import pytest

from criteria.models import CriteriaSet, Question, SpecificCriterion
from criteria.services import load_criteria_set
from tests.conftest import SHIPPED_SET

pytestmark = pytest.mark.django_db

# Seed 004, every specific criterion of the module (1.2.a–g, 1.5.c/d/f/g/h, 2.1.a/e/j, 2.2.a/b/c/d/f/g,
# 2.3.a, 2.4.d, 2.6.a/b/c, 4.1.a/b/f/g/i/j).
SPECIFIC_CODES = [
    "1.2.a",
    "1.2.b",
    "1.2.c",
    "1.2.d",
    "1.2.e",
    "1.2.f",
    "1.2.g",
    "1.5.c",
    "1.5.d",
    "1.5.f",
    "1.5.g",
    "1.5.h",
    "2.1.a",
    "2.1.e",
    "2.1.j",
    "2.2.a",
    "2.2.b",
    "2.2.c",
    "2.2.d",
    "2.2.f",
    "2.2.g",
    "2.3.a",
    "2.4.d",
    "2.6.a",
    "2.6.b",
    "2.6.c",
    "4.1.a",
    "4.1.b",
    "4.1.f",
    "4.1.g",
    "4.1.i",
    "4.1.j",
]


@pytest.fixture
def roh():
    return load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name).criteria_set


def test_the_shipped_set_loads_as_published(roh):
    assert (roh.slug, roh.name, roh.version, roh.status) == (
        "roh-2007",
        "Risk of Harm Inspection Module",
        "September 2007",
        CriteriaSet.Status.PUBLISHED,
    )


def test_it_has_sections_1_2_and_4_with_all_eight_general_criteria_and_their_statements(roh):
    assert list(roh.sections.values_list("code", flat=True)) == ["1", "2", "4"]
    criteria = list(roh.general_criteria.select_related("section"))
    assert [(c.section.code, c.code) for c in criteria] == [
        ("1", "1.2"),
        ("1", "1.5"),
        ("2", "2.1"),
        ("2", "2.2"),
        ("2", "2.3"),
        ("2", "2.4"),
        ("2", "2.6"),
        ("4", "4.1"),
    ]
    assert all(c.statement for c in criteria)
    assert roh.general_criteria.get(code="1.2").statement == (
        "RoH is comprehensively and accurately assessed using OASys in each case and additional specialist "
        "assessment tools where relevant."
    )


def test_it_covers_all_32_specific_criteria_of_seed_004(roh):
    codes = list(
        SpecificCriterion.objects.filter(general_criterion__criteria_set=roh)
        .order_by("general_criterion__order", "order")
        .values_list("code", flat=True)
    )
    assert codes == SPECIFIC_CODES
    assert SpecificCriterion.objects.get(general_criterion__criteria_set=roh, code="1.2.a").text == (
        "A timely OASys RoH screening is completed accurately at the start of sentence."
    )


def test_every_specific_criterion_of_sections_1_and_2_is_linked_to_a_question(roh):
    unlinked = SpecificCriterion.objects.filter(
        general_criterion__criteria_set=roh, general_criterion__section__code__in=["1", "2"], questions__isnull=True
    )
    assert list(unlinked.values_list("code", flat=True)) == []


def test_section_4_is_judged_from_interviews_so_has_no_case_questions(roh):
    assert not roh.questions.filter(general_criterion__section__code="4").exists()
    assert roh.general_criteria.get(code="4.1").specific_criteria.count() == 6


def test_every_question_is_tagged_with_the_risk_of_harm_headline(roh):
    assert list(roh.headlines.values_list("code", "title", "method")) == [("RoH", "Risk of Harm to others", "mean")]
    assert roh.questions.count() == 92
    assert roh.questions.exclude(headlines__code="RoH").count() == 0


def test_the_rating_bands_are_80_65_50_0(roh):
    assert list(roh.rating_bands.values_list("min_score", "label")) == [
        (80, "MINIMUM improvement required"),
        (65, "MODERATE improvement required"),
        (50, "SUBSTANTIAL improvement required"),
        (0, "DRASTIC improvement required"),
    ]


def test_questions_use_the_reports_wording_and_multi_option_scales(roh):
    screening = roh.questions.get(text="The RoH screening was completed at the start of sentence.")
    assert screening.specific_criteria.filter(code="1.2.a").exists()
    to_children = Question.objects.get(
        criteria_set=roh, group="The analysis accurately reflected RoH:", text="to children"
    )
    assert to_children.scale.code == "yes_no"
    timeliness = roh.answer_scales.get(code="timeliness")
    assert list(timeliness.options.values_list("value", "scoring")) == [
        ("on_time", "above"),
        ("late", "below"),
        ("no", "below"),
        ("na", "excluded"),
    ]
    assert roh.questions.filter(scale__code="timeliness").exists()


def test_rules_limit_questions_to_custody_licence_community_high_rosh_and_mappa_cases(roh):
    rules = [q.applies_when for q in roh.questions.all() if q.applies_when]
    fields = {field for rule in rules for field in rule}
    assert {"sentence_type", "rosh", "mappa_level"} <= fields
    sentence_types = {value for rule in rules for value in rule.get("sentence_type", [])}
    assert {"custody", "licence", "community_order"} <= sentence_types
    assert {"high", "very_high"} <= {value for rule in rules for value in rule.get("rosh", [])}


def test_the_glossary_holds_the_module_glossary(roh):
    terms = dict(roh.glossary.values_list("term", "meaning"))
    for term in ("CDRP", "MAPP", "NOMS", "OASys/eOASys", "OMI", "PPO", "RoH", "RoHIM", "SMB", "YOT"):
        assert term in terms
    assert terms["RoH"] == "Risk of Harm"
