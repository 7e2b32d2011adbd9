"""Two moderators on one criterion page: the second save that clashes with the first is not an
overwrite but the conflict page ("keep theirs" / "use mine"), as for two assessors.

Lena (lead) and Quinn (quality assurance) both open A.1 of NS001, whose A.1.02 is "Yes"; Quinn
saves "Not applicable", then Lena, who never saw that, saves "No"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Judgement, Moderation

URL = reverse("cases:moderation_criterion", args=["northshire-2026", "NS001", "A.1"])

pytestmark = pytest.mark.django_db


def hidden_fields(response) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.content.decode()))


def opened(user) -> tuple[Client, dict[str, str]]:
    """A browser of ``user`` with the criterion page open: its client and the page's hidden fields."""
    browser = Client()
    browser.force_login(user)
    page = browser.get(URL)
    assert page.status_code == 200
    return browser, hidden_fields(page)


def save(browser, fields, **answers):
    data = {**fields, "A.1.01-answer": "on_time", "A.1.02-answer": "yes"}
    for code, (value, reason) in answers.items():
        data[f"{code.replace('_', '.')}-answer"] = value
        data[f"{code.replace('_', '.')}-reason"] = reason
    return browser.post(URL, data)


def a_1_02(submitted) -> str:
    return Judgement.objects.get(assessment=submitted, question__code="A.1.02").option.value


@pytest.fixture
def both_open(submitted, lead, qa):
    """Lena and Quinn with the page open; Quinn has saved "Not applicable"."""
    lena, lena_fields = opened(lead)
    quinn, quinn_fields = opened(qa)
    assert save(quinn, quinn_fields, A_1_02=("na", "Not a public risk case")).status_code == 302
    return lena, lena_fields


def test_the_second_moderator_gets_the_conflict_page_and_nothing_is_overwritten(both_open, submitted):
    lena, fields = both_open
    response = save(lena, fields, A_1_02=("no", "The assessment missed the risk to the public"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed while you were editing" in page
    assert "Not applicable" in page and "saved by quinn" in page  # their answer, beside hers
    assert a_1_02(submitted) == "na"
    assert Moderation.objects.filter(judgement__assessment=submitted).count() == 1


def test_using_mine_on_the_conflict_page_saves_it_over_theirs(both_open, submitted):
    lena, fields = both_open
    conflict = save(lena, fields, A_1_02=("no", "The assessment missed the risk to the public"))
    response = lena.post(URL, {**hidden_fields(conflict), "choice-A.1.02": "mine"})
    assert response.status_code == 302
    assert a_1_02(submitted) == "no"
    assert list(
        Moderation.objects.filter(judgement__question__code="A.1.02")
        .order_by("pk")
        .values_list("original_option__value", "moderated_option__value")
    ) == [("yes", "na"), ("na", "no")]


def test_keeping_theirs_on_the_conflict_page_keeps_the_first_moderators_answer(both_open, submitted):
    lena, fields = both_open
    conflict = save(lena, fields, A_1_02=("no", "The assessment missed the risk to the public"))
    response = lena.post(URL, {**hidden_fields(conflict), "choice-A.1.02": "theirs"})
    assert response.status_code == 302
    assert a_1_02(submitted) == "na"
    assert Moderation.objects.filter(judgement__assessment=submitted).count() == 1


def test_agreeing_with_an_answer_that_changed_meanwhile_is_a_conflict_too(both_open, submitted):
    lena, fields = both_open
    response = save(lena, fields)  # she agrees with "Yes", which is no longer the answer
    assert response.status_code == 409
    assert a_1_02(submitted) == "na"


def test_choosing_the_answer_the_other_moderator_saved_is_no_conflict(both_open, submitted):
    lena, fields = both_open
    response = save(lena, fields, A_1_02=("na", "Agreed: not a public risk case"))
    assert response.status_code == 302
    assert a_1_02(submitted) == "na"
