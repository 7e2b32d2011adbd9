"""Finding analysis questions across the programmes' criteria sets."""

from reports.analysis import find_question, find_questions
from tests.analysis.conftest import QUESTION


def test_a_question_is_found_once_by_its_analysis_code_across_criteria_sets(pooled):
    found = find_questions(programmes=[pooled.omi2, pooled.qi], search="risk1")

    assert [q.key for q in found] == [QUESTION]
    assert len(found[0].criteria_sets) == 3
    assert found[0].text == "The RoSH level was correct."


def test_a_question_is_found_by_words_of_its_text_only_in_the_chosen_programmes(pooled):
    assert [q.key for q in find_questions(programmes=[pooled.qi], search="rosh CORRECT")] == [QUESTION]
    assert find_questions(programmes=[pooled.empty], search="rosh") == []
    assert find_questions(programmes=[pooled.qi], search="  ") == []


def test_find_question_matches_the_key_exactly(pooled):
    assert find_question(key=QUESTION, programmes=[pooled.qi]).key == QUESTION
    assert find_question(key="B.9", programmes=[pooled.qi]) is None  # B.9 is pooled as RISK1
    assert find_question(key=QUESTION, programmes=[pooled.empty]) is None
