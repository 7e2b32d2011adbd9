"""Every generated sentence of the report in the house style (``reports.wording``), over the counts
0, 1, 2, 10 and 11 and every kind of case the vocabulary names: numbers under ten in words in running
text, singular and plural agreeing, no "none of the one", no sentence saying the same thing twice."""

import datetime
import re

import pytest
import yaml

from cases.selectors.composition import MINIMUMS
from reports.report_data.methodology import Methodology
from reports.report_data.types import ReportData, ScoringApproach
from reports.scoring import Score
from reports.scoring.structure import StructureQuestion
from reports.sentences import SENTENCE_SUBSAMPLES
from reports.wording import all_the, case_kind, count, figure_sentence, in_cases, minimum_phrase, subject
from tests.conftest import SHIPPED_SET

COUNTS = (0, 1, 2, 10, 11)
# A figure under ten standing alone in running text ("the 4 inspections"), not a percentage or code.
BARE_DIGIT = re.compile(r"(?<![\d.%(/])\b[0-9]\b(?![\d.%)/])")
BAD = re.compile(r"none of the one|\b(?:one|1) (?:relevant )?cases\b|\bnone \w+s\b|\b0 \w|  | \.|\(BAME\)\.")


def house_style(text: str) -> None:
    assert not BARE_DIGIT.search(text), text
    assert not BAD.search(text), text


def question(text: str, group: str = "") -> StructureQuestion:
    return StructureQuestion(1, "Q", text, group, f"{group} {text}", "1.2", "1", (), "")


@pytest.mark.parametrize("denominator", COUNTS[1:])
@pytest.mark.parametrize("numerator", COUNTS)
@pytest.mark.parametrize("kind", ["", *(phrase for _, _, phrase in SENTENCE_SUBSAMPLES)])
def test_a_figure_reads_in_the_house_style_at_every_count_and_kind(numerator, denominator, kind):
    if numerator > denominator:
        return
    display = Score.from_counts(numerator, denominator).display
    text = in_cases(numerator, denominator, display, relevant=True, kind=kind)
    house_style(text)
    assert text.endswith((f"({display})", f"; {display})"))
    assert kind in text


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (0, 1, "in no case (there was one relevant case; 0%)"),
        (1, 1, "in the one relevant case (100%)"),
        (0, 2, "in neither of the two relevant cases (0%)"),
        (1, 2, "in one of the two relevant cases (50%)"),
        (2, 2, "in both relevant cases (100%)"),
        (10, 11, "in ten out of 11 relevant cases (91%)"),
        (0, 10, "in none of the ten relevant cases (0%)"),
    ],
)
def test_one_or_two_cases_read_as_english_does(numerator, denominator, expected):
    assert in_cases(numerator, denominator, Score.from_counts(numerator, denominator).display, relevant=True) == (
        expected
    )


def test_a_question_asked_of_one_kind_of_case_names_the_kind_in_the_figure():
    q = question("in a child safeguarding case", "There was evidence of effective management involvement:")
    assert figure_sentence(q, Score.from_counts(51, 61), cases=250) == (
        "There was evidence of effective management involvement in 51 out of 61 relevant child safeguarding "
        "cases (84%)."
    )
    q = question("in a high/ very high RoH case", "There was evidence of effective management involvement:")
    assert figure_sentence(q, Score.from_counts(3, 4), cases=250, kind="licence") == (
        "There was evidence of effective management involvement in three out of four relevant licence "
        "high/very high RoH cases (75%)."
    )


def test_the_public_reads_with_its_article():
    assert subject(text="Public", group="There was ongoing planning to address the RoH to:") == (
        "There was ongoing planning to address the RoH to the public"
    )
    assert subject(text="Known adults", group="There was ongoing planning to address the RoH to:") == (
        "There was ongoing planning to address the RoH to known adults"
    )


def shipped_questions():
    data = yaml.safe_load(SHIPPED_SET.read_text(encoding="utf-8"))
    return [
        (q.get("group", ""), q["text"]) for s in data["sections"] for c in s["criteria"] for q in c.get("questions", [])
    ]


@pytest.mark.parametrize("count_", COUNTS[1:])
def test_every_shipped_question_reads_in_the_house_style(count_):
    for group, text in shipped_questions():
        sentence = figure_sentence(question(text, group), Score.from_counts(count_ // 2, count_), cases=250)
        house_style(sentence)
        assert not re.search(r"\bin an? [\w/ ]+ case in\b", sentence) and "to public" not in sentence, sentence
        if case_kind(text):
            assert f"{case_kind(text)} case" in sentence


@pytest.mark.parametrize("n", COUNTS)
@pytest.mark.parametrize("label", list(MINIMUMS.values()))
def test_every_sample_minimum_reads_as_a_phrase(label, n):
    text = minimum_phrase(label, n)
    house_style(text)
    assert not text.endswith(")") or text.endswith("(PPO)"), text  # never "… cases of … (BAME)"


@pytest.mark.parametrize("n", COUNTS)
def test_counts_and_all_the(n):
    house_style(count(n, "unit"))
    house_style(all_the(n, "question"))
    assert {1: "the one question", 2: "both questions", 10: "all the ten questions"}.get(n, all_the(n, "question")) == (
        all_the(n, "question")
    )


def report(*, cases=250, counted=250, units=4, recommendations=(), area="Northshire", previous="", excluded=()):
    return ReportData(
        inspection_name="Northshire Risk of Harm reinspection 2026",
        inspection_slug="northshire",
        area=area,
        criteria_set="RoH 2007",
        fieldwork="",
        previous_name=previous,
        version_number=1,
        is_draft=True,
        generated_at=datetime.datetime(2026, 12, 7),
        case_count=cases,
        counted_case_count=counted,
        foreword=(),
        recommendations=tuple(recommendations),
        notable_examples=(),
        headlines=(),
        sections=(),
        unit_columns=(),
        units=tuple((f"Unit {i}", 1) for i in range(units)),
        charts=(),
        scoring=ScoringApproach((), (), (), (), (), 0),
        glossary=(),
        excluded=excluded,
    )


@pytest.mark.parametrize("n", COUNTS)
def test_the_sample_sentences_at_every_count(n):
    data = report(cases=n + 3, counted=n, units=n, excluded=(("File not available", 3),) if n else ())
    sentences = (data.units_phrase, data.counted_sentence, data.cases_sentence, data.counted_phrase)
    for text in (*sentences, data.findings_rule):
        house_style(text)
    assert data.cases_sentence.count("We inspected a total of") == 1
    assert "We inspected" not in data.counted_sentence


def test_the_cover_never_repeats_the_kind_of_inspection():
    assert report(previous="Northshire 2024").cover_lines == ("A report on the reinspection of", "Northshire")
    assert report(area="").cover_lines == ("A report on", "Northshire Risk of Harm reinspection 2026")


def test_next_steps_follow_up_a_plan_only_when_there_are_recommendations():
    assert "no recommendations" in report().next_steps_sentence
    assert "follow up" not in report().next_steps_sentence
    assert "follow up the plan" in report(recommendations=["Do better"]).next_steps_sentence


@pytest.mark.parametrize(("counted", "minimum"), [(0, 1), (1, 1), (11, 2), (34, 4), (100, 10), (250, 10)])
def test_key_findings_need_ten_relevant_cases_or_a_tenth_of_a_small_sample(counted, minimum):
    assert report(counted=counted).findings_minimum == minimum


@pytest.mark.parametrize("n", COUNTS)
def test_the_methodology_sentences_at_every_count(n):
    m = Methodology(
        minimums=tuple((label, n) for label in MINIMUMS.values()),
        assessors=n,
        interviews=n,
        double_marked=n,
        pairs=n,
        agreement="91.3%",
        resolved=n,
    )
    for text in (m.minimums_sentence, m.assessed_sentence, m.double_marking_sentence):
        house_style(text)
