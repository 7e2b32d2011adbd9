"""Two imports into one inspection at the same moment take turns (the inspection's row is locked
first), so neither fails half-way: before, two judgement imports into fresh cases both created the
cases' assessments and one of them ended in an IntegrityError (a 500 on the upload page).

Real concurrency needs two database connections at once: PostgreSQL only (CI runs it).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from cases.models import Assessment, Case, Judgement
from cases.services import judgement_import
from cases.services.judgement_import import JudgementImportResult, import_judgements
from cases.services.sample import SampleImportResult, import_sample
from inspection.errors import FileRejectedError
from tests.scoring.helpers import make_case

from .conftest import postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def at_once(work, *arguments):
    """``work(argument)`` for each argument in its own thread (and connection), started together."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        try:
            barrier.wait()
            return work(argument)
        except Exception as error:  # returned, to be asserted on
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(len(arguments)) as pool:
        return list(pool.map(run, arguments))


@pytest.fixture
def slow_writes(monkeypatch):
    """Each import pauses after reading which assessments exist, before creating the missing ones:
    wide open to the other one."""
    real = judgement_import.bulk_create_with_history

    def slowly(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(judgement_import, "bulk_create_with_history", slowly)


def test_two_judgement_imports_into_fresh_cases_at_once_both_succeed_one_after_the_other(inspection, slow_writes):
    make_case(inspection, "C1")
    make_case(inspection, "C2")
    first = "case_ref,question_code,answer\nC1,A.1.01,on_time\nC2,A.1.01,late\n"
    second = "case_ref,question_code,answer\nC1,A.1.02,yes\nC2,A.1.02,no\n"

    results = at_once(
        lambda text: import_judgements(inspection=inspection, data=text.encode(), source="j.csv"), first, second
    )

    assert all(isinstance(result, JudgementImportResult) for result in results), results
    assert sorted(r.assessments_created for r in results) == [0, 2]  # the second found the first's
    assert Assessment.objects.filter(case__inspection=inspection, is_primary=True).count() == 2
    assert Judgement.objects.count() == 4
    assert all(j.history.count() == 1 for j in Judgement.objects.all())


def test_two_sample_imports_of_the_same_cases_at_once_add_them_once_and_refuse_the_other(inspection):
    text = "case_ref,unit,sentence_type,rosh\nC1,North,custody,high\nC2,South,licence,low\n"

    results = at_once(lambda source: import_sample(inspection=inspection, data=text, source=source), "a.csv", "b.csv")

    assert sorted(type(r).__name__ for r in results) == ["FileRejectedError", "SampleImportResult"], results
    refused = next(r for r in results if isinstance(r, FileRejectedError))
    assert any(e.endswith("row 2, case_ref: 'C1' is already in the inspection's sample") for e in refused.errors)
    assert next(r for r in results if isinstance(r, SampleImportResult)).cases == 2
    assert Case.objects.filter(inspection=inspection).count() == 2
