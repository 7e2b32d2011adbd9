"""A group of one case, or of none counted, is shown honestly: a share that rounds to 0 is "<1%", not
"1 / 0%"; a group with nothing counted shows the en dash, never "0/0"; Appendix 1 shares the units
evenly between its tables (issue 17)."""

import io
import re
from fractions import Fraction
from html import unescape

import docx
import pytest
from django.urls import reverse

from cases.models import Assessment, Case, Judgement, Unit
from criteria.models import Question
from reports import pdf, word, wording
from reports.report_data import assemble
from reports.scoring import Score
from reports.scoring.rounding import share_display
from reports.services import reports as services


def lone_case(inspection, unit_name, *, status=None, answers=None, ref=None):
    """A unit holding one case (community order, medium RoSH), assessed with ``answers`` if ``status``."""
    unit = Unit.objects.create(inspection=inspection, name=unit_name)
    case = Case.objects.create(
        inspection=inspection, unit=unit, case_ref=ref or unit_name[:8], sentence_type="community_order", rosh="medium"
    )
    if status is not None:
        assessment = Assessment.objects.create(case=case, status=status)
        for code, value in (answers or {}).items():
            question = Question.objects.get(criteria_set=inspection.criteria_set, code=code)
            Judgement.objects.create(
                assessment=assessment,
                question=question,
                option=question.scale.options.get(value=value),
                applicable=case.applies(question),
            )
    return case


def cells(html: str) -> list[str]:
    found = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    return [unescape(" ".join(re.sub(r"<[^>]+>", " ", cell).split())) for cell in found]


@pytest.mark.parametrize(
    ("count", "total", "shown"),
    [
        (0, 250, "0%"),
        (1, 250, "<1%"),
        (2, 250, "1%"),
        (1, 1, "100%"),
        (0, 1, "0%"),
        (249, 250, ">99%"),
        (248, 250, "99%"),
        (250, 250, "100%"),
        (0, 0, "\u2013"),
        (1, 3, "33%"),
    ],
)
def test_a_share_is_never_rounded_to_none_or_all(count, total, shown):
    assert share_display(count, total) == shown


def test_breakdown_shows_a_lone_case_as_counted_and_an_uncounted_group_as_a_dash(inspection, sample, lead, client_as):
    lone_case(inspection, "Below one", status=Assessment.Status.SUBMITTED, answers={"A.1.01": "no"})
    lone_case(inspection, "Above one", status=Assessment.Status.SUBMITTED, answers={"A.1.01": "on_time"})
    lone_case(inspection, "Unfinished one", status=Assessment.Status.IN_PROGRESS, answers={"A.1.01": "on_time"})
    lone_case(inspection, "Unassessed one")

    url = reverse("reports:scores_breakdown", args=[inspection.slug]) + "?by=unit"
    html = client_as(lead).get(url).content.decode()

    def row(code: str) -> list[str]:
        start = html.index(f'id="row-question-{code}"')
        return cells(html[start : html.index("</tr>", start)])

    # All cases, then Above one, Below one, North cluster, South cluster, Unassessed one, Unfinished one.
    shown = row("a101")
    assert shown[:3] + shown[5:7] == ["29/36 (81%)", "1/1 (100%)", "0/1 (0%)", "\u2013", "\u2013"]
    # A.1.03 applies to high RoSH cases only: the lone medium-RoSH groups counted nothing.
    assert row("a103")[1:3] == ["\u2013", "\u2013"]
    assert "0/0" not in html


def test_the_report_shows_one_case_of_many_as_under_one_percent(inspection, sample, lead):
    Case.objects.bulk_create(
        Case(inspection=inspection, unit=sample[0].unit, case_ref=f"BULK{i:03d}", sentence_type="community_order")
        for i in range(220)
    )
    lone_case(inspection, "Lone unit", ref="LONE1")  # 1 of 256 cases: 0.4%
    version = services.ensure_report(inspection=inspection, actor=lead)
    data = assemble(inspection=inspection, version=version)

    html = pdf.render_html(data)
    contextual = html[html.index('id="contextual-information"') :]
    shown = cells(contextual[: contextual.index("</section>")])
    assert shown[shown.index("Lone unit") : shown.index("Lone unit") + 3] == ["Lone unit", "1", "<1%"]
    assert "Lone unit 1 (&lt;1%)" in html  # the Appendix 2 chart and its alternative text
    assert "Lone unit 1 (0%)" not in html

    document = docx.Document(io.BytesIO(word.render(data)))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Lone unit", "1", "<1%"] in rows
    assert ["Lone unit", "1", "0%"] not in rows


def test_appendix_1_shares_seven_units_three_two_two(inspection, sample, lead):
    for n in range(5):
        lone_case(inspection, f"Extra unit {n}", ref=f"EXTRA{n}")
    data = assemble(inspection=inspection, version=services.ensure_report(inspection=inspection, actor=lead))
    assert [len(table.columns) - 1 for table in data.unit_tables] == [3, 2, 2]
    named = [name for table in data.unit_tables for name, _ in table.columns[1:]]
    assert named == [name for name, _ in data.unit_columns]  # every unit once, in order


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown", "counts"),
    [
        (1, 250, "<1%", "1/250 (<1%)"),
        (0, 250, "0%", "0/250 (0%)"),
        (249, 250, ">99%", "249/250 (>99%)"),
        (250, 250, "100%", "250/250 (100%)"),
        (1, 1, "100%", "1/1 (100%)"),
        (0, 1, "0%", "0/1 (0%)"),
        (0, 0, "\u2013", "\u2013"),
    ],
)
def test_a_score_is_never_rounded_to_none_or_all(numerator, denominator, shown, counts):
    score = Score.from_counts(numerator, denominator)
    assert (score.display, score.counts_display) == (shown, counts)
    if denominator:
        sentence = wording.in_cases(numerator, denominator, score.display, relevant=True)
        assert sentence.endswith(f"{shown})")


def test_a_mean_score_under_half_a_percent_reads_under_one():
    assert Score.of(Fraction(1, 1000)).display == "<1%"
    assert Score.of(Fraction(999, 1000)).display == ">99%"
    assert (Score.of(Fraction(0)).display, Score.of(Fraction(1)).display) == ("0%", "100%")
