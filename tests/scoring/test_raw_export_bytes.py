"""The raw judgements export makes each case's, question's and assessor's cells once rather than
once a row: its bytes must be exactly those of the plain CSV writer (every cell neutralised) over
every judgement's values, formula-like text, empty answers and second markers included."""

import io

import pytest

from cases.models import Judgement
from criteria import vocabulary
from inspection.csv_safety import write_csv
from reports import exports
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def plain_rows(inspection) -> list[list]:
    """The export's rows worked out judgement by judgement from the models, nothing reused."""
    rows = []
    judgements = (
        Judgement.objects.filter(assessment__case__inspection=inspection)
        .select_related("assessment__case__unit", "assessment__assessor", "option", "question__general_criterion")
        .select_related("question__general_criterion__section")
        .order_by("assessment__case__case_ref", "-assessment__is_primary", "assessment_id", "question__order")
    )
    for j in judgements:
        case, assessment, option, question = j.assessment.case, j.assessment, j.option, j.question
        counted = assessment.counts and j.applicable and option is not None and option.scoring in ("above", "below")
        rows.append(
            [
                case.case_ref,
                case.unit.name,
                *exports._case_columns(tuple(getattr(case, f) for f in vocabulary.CHARACTERISTICS)),
                question.code,
                question.general_criterion.code,
                question.general_criterion.section.code,
                option.value if option else "",
                option.label if option else "",
                option.scoring if option else "",
                "yes" if j.applicable else "no",
                assessment.status,
                "yes" if assessment.is_primary else "no",
                "yes" if counted else "no",
                assessment.assessor.username if assessment.assessor else "",
                j.rationale,
                j.notable_practice,
                j.version,
                j.updated_at.isoformat(),
            ]
        )
    return rows


def test_the_raw_export_writes_what_the_plain_writer_writes(inspection):
    hostile = factories.UserFactory(username="-marker")
    judge(make_case(inspection, "C1", unit="=cmd|' /C calc'!A0", rosh="high"), {"A.1.01": "on_time", "A.1.02": None})
    second = make_case(inspection, "C2", unit='+North, "east"')
    judge(second, {"A.1.01": "late"}, assessor=hostile)
    judge(second, {"A.1.01": "na"}, primary=False, assessor=hostile)
    judge(make_case(inspection, "C3", age=None), {"A.1.02": "yes"}, status="in_progress")
    texts = iter(["@SUM(1+1)", "\tTab", 'line\nbreak, and "quotes"', "-", "plain", "=1"])
    for judgement in Judgement.objects.order_by("pk"):
        judgement.rationale = next(texts, "")
        judgement.notable_practice = "good" if judgement.pk % 2 else ""
        judgement.save()

    expected = io.StringIO()
    write_csv(plain_rows(inspection), exports.JUDGEMENT_COLUMNS, expected)

    assert exports.judgements_csv(inspection=inspection) == expected.getvalue()
    assert "'=cmd" in expected.getvalue() and "'-marker" in expected.getvalue() and "'@SUM" in expected.getvalue()
