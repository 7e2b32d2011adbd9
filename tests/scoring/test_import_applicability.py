"""The import works out which questions apply once for each set of values of the fields the
rules name (``judgement_rows.Known.applicable_to``): always what the one rule says case by case."""

import pytest

from cases.services.judgement_rows import Known

from .helpers import make_case

pytestmark = pytest.mark.django_db


def test_cases_alike_in_the_fields_the_rules_name_share_the_answer_others_do_not(inspection):
    cases = [
        make_case(inspection, "C1", sentence_type="licence", rosh="high", gender="male", age=30),
        make_case(inspection, "C2", sentence_type="licence", rosh="high", gender="female", age=61),
        make_case(inspection, "C3", sentence_type="community_order", rosh="high"),
        make_case(inspection, "C4", sentence_type="licence", rosh="low"),
    ]
    known = Known.load(inspection=inspection)

    assert "sentence_type" in known.rule_fields and "gender" not in known.rule_fields
    for case in cases:
        expected = {q.id for q in case.applicable_questions(known.questions.values())}
        assert known.applicable_to(case) == expected
    first, alike, other_sentence, other_rosh = (known.applicable_to(c) for c in cases)
    assert alike is first  # worked out once
    assert other_sentence != first and other_rosh != first
    assert len(known.applicable_by_values) == 3
