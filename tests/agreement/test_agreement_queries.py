"""The agreement page and export read a fixed number of queries however many cases are
double-marked (pinned for a 300-case inspection with 60 double-marked cases)."""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Assessment, Case, Judgement, Unit
from criteria.models import AnswerOption, Question

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 9  # session, user, second factor, membership; the agreement's four; the navigation's permission check
EXPORT_QUERIES = 5  # the inspection, then the agreement's four


def build(inspection, *, cases: int, double_marked: int, primary, second) -> None:
    """``cases`` submitted cases answered by ``primary``, the first ``double_marked`` also by ``second``."""
    rng = random.Random(cases)
    unit = Unit.objects.create(inspection=inspection, name="North")
    made = Case.objects.bulk_create(
        Case(inspection=inspection, unit=unit, case_ref=f"C{i:04d}", sentence_type="community_order", rosh="medium")
        for i in range(cases)
    )
    assessments = [Assessment(case=c, assessor=primary, status="submitted") for c in made]
    assessments += [
        Assessment(case=c, assessor=second, is_primary=False, status="submitted") for c in made[:double_marked]
    ]
    Assessment.objects.bulk_create(assessments)
    questions = list(Question.objects.filter(code__in=["A.1.01", "A.1.02"], criteria_set=inspection.criteria_set))
    options = {q.pk: list(AnswerOption.objects.filter(scale=q.scale)) for q in questions}
    Judgement.objects.bulk_create(
        Judgement(assessment=a, question=q, option=rng.choice(options[q.pk])) for a in assessments for q in questions
    )


def count(run) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


@pytest.mark.parametrize(("cases", "double_marked"), [(30, 6), (300, 60)])
def test_the_page_and_export_take_a_fixed_number_of_queries(
    client, inspection, lead, inspector, assessor, cases, double_marked
):
    build(inspection, cases=cases, double_marked=double_marked, primary=inspector, second=assessor)
    client.force_login(lead)
    response = client.get("/inspections/northshire-2026/agreement/")
    assert response.status_code == 200
    assert count(lambda: client.get("/inspections/northshire-2026/agreement/")) == PAGE_QUERIES
    out = io.StringIO()
    assert count(lambda: call_command("export_agreement", inspection.slug, stdout=out)) == EXPORT_QUERIES
    assert f"all,all,{2 * double_marked}," in out.getvalue()
