"""Figure sentences in the house style of the inspectorate's reports (seeds 001 and 003)."""

import pytest
import yaml

from reports.scoring import Score
from reports.scoring.structure import StructureQuestion
from reports.wording import case_kind, figure_sentence, in_cases, subject
from tests.conftest import SHIPPED_SET


def question(text: str, group: str = "", sentence: str = "") -> StructureQuestion:
    return StructureQuestion(1, "Q", text, group, f"{group} {text}", "1.2", "1", (), sentence)


@pytest.mark.parametrize(
    ("numerator", "denominator", "relevant", "expected"),
    [
        (12, 17, True, "in 12 out of 17 relevant cases (71%)"),
        (6, 11, False, "in six out of 11 cases (55%)"),
        (8, 10, True, "in eight out of ten relevant cases (80%)"),
        (10, 40, False, "in ten out of 40 cases (25%)"),
        (83, 90, True, "in all but seven of the 90 relevant cases (92%)"),
        (34, 34, False, "in all 34 cases (100%)"),
        (0, 12, True, "in none of the 12 relevant cases (0%)"),
        (1, 1, True, "in the one relevant case (100%)"),
        (149, 200, False, "in 149 out of 200 cases (75%)"),
    ],
)
def test_figures_read_as_the_reports_write_them(numerator, denominator, relevant, expected):
    display = Score.from_counts(numerator, denominator).display
    assert in_cases(numerator, denominator, display, relevant=relevant) == expected


@pytest.mark.parametrize(
    ("group", "text", "expected"),
    [
        (
            "The frequency of appointments:",
            "Conformed to national standards",
            "The frequency of appointments conformed to national standards",
        ),
        (
            "The risk of harm was reviewed:",
            "No later than four months after sentence",
            "The risk of harm was reviewed no later than four months after sentence",
        ),
        ("The analysis accurately reflected RoH:", "to children", "The analysis accurately reflected RoH to children"),
        (
            "Community cases: The risk management plan was:",
            "Completed within five working days",
            "In community cases, the risk management plan was completed within five working days",
        ),
        (
            "On release from custody: The risk management plan was:",
            "Completed prior to release",
            "On release from custody, the risk management plan was completed prior to release",
        ),
        (
            "In relation to the sentence plan:",
            "Reviews integrated other plans as appropriate",
            "In relation to the sentence plan, reviews integrated other plans as appropriate",
        ),
        (
            "There was ongoing planning to address the RoH to:",
            "Children",
            "There was ongoing planning to address the RoH to children",
        ),
        ("", "OASys RoH screening was completed.", "OASys RoH screening was completed"),
    ],
)
def test_a_grouped_question_reads_as_one_sentence(group, text, expected):
    assert subject(text=text, group=group) == expected


def test_the_criteria_sets_own_phrase_wins():
    q = question(
        "in a child safeguarding case",
        "There was evidence of management involvement:",
        sentence="managers were involved in the assessment of child safeguarding cases",
    )
    score = Score.from_counts(5, 7)
    assert figure_sentence(q, score, cases=34) == (
        "Managers were involved in the assessment of child safeguarding cases "
        "in five out of seven relevant cases (71%)."
    )


def test_no_denominator_no_sentence():
    assert figure_sentence(question("Done."), Score.from_counts(0, 0), cases=10) is None


def shipped_questions():
    data = yaml.safe_load(SHIPPED_SET.read_text(encoding="utf-8"))
    return [
        (q["code"], q.get("group", ""), q["text"])
        for section in data["sections"]
        for criterion in section["criteria"]
        for q in criterion.get("questions", [])
    ]


@pytest.mark.parametrize(("code", "group", "text"), shipped_questions())
def test_every_question_of_the_shipped_set_reads_as_a_sentence(code, group, text):
    sentence = figure_sentence(question(text, group), Score.from_counts(12, 17), cases=30)
    kind = case_kind(text)  # "in a child safeguarding case": the kind goes into the figure
    ending = f" in 12 out of 17 relevant {kind + ' ' if kind else ''}cases (71%)."
    assert sentence.endswith(ending)
    words = sentence.removesuffix(ending)
    assert words[0].isupper(), sentence
    assert ":" not in words and "  " not in words and ". " not in words and "?" not in words, sentence
    # The question's own words follow its heading in lower case (an acronym such as RoH keeps its case).
    own = " ".join(text.split()).rstrip(".")
    first = own.split(" ", 1)[0]
    if group and not kind and not any(c.isupper() for c in first[1:]):
        assert f"{first[:1].lower()}{first[1:]}" in words, sentence
