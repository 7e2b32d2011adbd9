"""A question's analysis code matches it across criteria sets in pooled analysis: loaded, exported
again, and unique within a set (a case would otherwise count twice in one pooled question)."""

import pytest

from criteria import loader
from criteria.exporter import to_yaml
from criteria.models import Question
from criteria.services import load_criteria_set
from inspection.errors import FileRejectedError
from tests.criteria.helpers import SOURCE, TINY, edit

Q4 = "sections[0].criteria[1].questions[3]"

WITH_CODE = edit(
    TINY,
    "            text: The plan was reviewed before release.\n",
    "            text: The plan was reviewed before release.\n            analysis_code: PLAN_REVIEW\n",
)


@pytest.mark.django_db
def test_an_analysis_code_is_loaded_and_exported_again():
    criteria_set = load_criteria_set(text=WITH_CODE, source=SOURCE).criteria_set
    question = Question.objects.get(criteria_set=criteria_set, code="A.2.04")
    assert question.analysis_code == "PLAN_REVIEW"
    assert question.analysis_key == "PLAN_REVIEW"
    assert Question.objects.get(criteria_set=criteria_set, code="A.2.01").analysis_key == "A.2.01"
    assert "analysis_code: PLAN_REVIEW" in to_yaml(criteria_set)


def test_two_questions_of_one_set_cannot_share_an_analysis_code():
    text = edit(
        WITH_CODE,
        "            text: The plan was sufficient.\n",
        "            text: The plan was sufficient.\n            analysis_code: PLAN_REVIEW\n",
    )
    with pytest.raises(FileRejectedError) as caught:
        loader.read(text, SOURCE)
    [error] = caught.value.errors
    assert "analysis code 'PLAN_REVIEW' is already question" in error
    second = text.rindex("analysis_code: PLAN_REVIEW")
    assert error.startswith(f"tiny.yaml, line {text.count(chr(10), 0, second) + 1}, {Q4}.analysis_code: ")
    assert "already question A.2.01's" in error
