"""Moderation figures: per inspector and per question, assessments moderated and answers changed,
and each change from one answer to another; the same as CSV."""

import csv
import io

from django.urls import reverse

from cases.models import Inspection
from cases.selectors.moderation import moderation_figures
from cases.services.moderation import Change, finish_moderation, moderate_criterion

from .conftest import submitted_assessment


def moderate(assessment, actor, questions, **answers):
    changes = {
        code.replace("_", "."): Change(option=questions[code.replace("_", ".")].scale.options.get(value=v), reason="r")
        for code, v in answers.items()
    }
    moderate_criterion(
        assessment=assessment, general_criterion=questions["A.1.01"].general_criterion, changes=changes, actor=actor
    )
    finish_moderation(assessment=assessment, actor=actor)


def setup_moderated(inspection, inspector, assessor, lead, questions):
    inspection.status = Inspection.Status.MODERATION
    inspection.save()
    ian_1 = submitted_assessment(inspection, inspector, "I1")
    ian_2 = submitted_assessment(inspection, inspector, "I2")
    submitted_assessment(inspection, inspector, "I3")  # not moderated
    asha_1 = submitted_assessment(inspection, assessor, "A1")
    moderate(ian_1, lead, questions, A_1_01="late", A_1_02="no")
    moderate(ian_2, lead, questions, A_1_01="late")
    moderate(asha_1, lead, questions)  # agreed


def test_figures_count_moderated_assessments_and_changed_answers(inspection, inspector, assessor, lead, questions):
    setup_moderated(inspection, inspector, assessor, lead, questions)
    figures = moderation_figures(inspection=inspection)
    assert [(f.label, f.moderated, f.changed) for f in figures.by_assessor] == [("asha", 1, 0), ("ian", 2, 3)]
    assert [(f.label.split()[0], f.moderated, f.changed) for f in figures.by_question] == [
        ("A.1.01", 3, 2),
        ("A.1.02", 3, 1),
    ]
    assert [(c.question_code, c.original, c.moderated, c.count) for c in figures.changes] == [
        ("A.1.01", "Yes, on time", "Yes, but late", 2),
        ("A.1.02", "Yes", "No", 1),
    ]


def test_the_figures_page_and_csv(client_as, inspection, inspector, assessor, lead, qa, questions):
    setup_moderated(inspection, inspector, assessor, lead, questions)
    client = client_as(qa)
    page = client.get(reverse("cases:moderation_figures", args=["northshire-2026"])).content.decode()
    assert "By inspector" in page and "Answers changed, from what to what" in page and "Yes, but late" in page
    response = client.get(reverse("cases:moderation_figures_csv", args=["northshire-2026"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["by", "name", "assessments_moderated", "answers_changed", "from", "to"]
    assert ["assessor", "ian", "2", "3", "", ""] in rows
    assert ["change", "A.1.01", "", "2", "Yes, on time", "Yes, but late"] in rows


def test_the_figures_csv_neutralises_a_name_a_spreadsheet_would_run_as_a_formula(
    client_as, inspection, inspector, assessor, lead, qa, questions
):
    inspector.first_name, inspector.last_name = '=HYPERLINK("http://evil.example")', "Smith"
    inspector.save()
    setup_moderated(inspection, inspector, assessor, lead, questions)
    response = client_as(qa).get(reverse("cases:moderation_figures_csv", args=["northshire-2026"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["assessor", '\'=HYPERLINK("http://evil.example") Smith', "2", "3", "", ""] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
