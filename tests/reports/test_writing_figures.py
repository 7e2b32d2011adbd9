"""The writing page of one general criterion counts only that criterion's judgements: its figures,
sentences and changes since the original inspection are the same as the whole set's."""

import pytest

from reports.scoring.structure import load_structure
from reports.sentences import writing_figures

pytestmark = pytest.mark.django_db


def test_one_criterions_figures_equal_the_whole_sets(reinspection):
    whole = writing_figures(inspection=reinspection)
    criteria = [code for code, _, _ in load_structure(criteria_set_id=reinspection.criteria_set_id).criteria]
    assert len(criteria) > 1
    for code in criteria:
        one = writing_figures(inspection=reinspection, criterion_code=code)
        assert one.criterion(code) == whole.criterion(code)
        assert one.questions(code) == whole.questions(code)
        for figures in whole.questions(code):
            for sentence in figures.sentences:
                assert one.sentence(sentence.key) == sentence.text
    # A change since the original inspection is among what is compared.
    assert any(f.figure.change is not None for code in criteria for f in whole.questions(code))


def test_only_that_criterions_questions_are_scored(reinspection):
    one = writing_figures(inspection=reinspection, criterion_code="A.1")
    assert {q.code for q in one.scores.questions_of("A.1")} == {"A.1.01", "A.1.02", "A.1.03"}
    assert one.scores.get("question", "A.2.01") is None


def test_the_counting_reads_only_that_criterions_questions(reinspection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        writing_figures(inspection=reinspection, criterion_code="A.1")
    counting = [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "cases_judgement" in q["sql"]]
    assert counting and all('"cases_judgement"."question_id" IN' in sql for sql in counting)
