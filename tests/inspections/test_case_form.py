"""Adding and editing one case; a change of characteristics keeps judgements but stops counting
those whose question no longer applies."""

import pytest
from django.urls import reverse

from cases.models import Case, Judgement
from cases.services.sample import add_case, update_case
from inspection.errors import ServiceError
from tests import factories

ADD_URL = reverse("cases:case_add", args=["northshire-2026"])
FORM = {
    "case_ref": "N100",
    "unit": "East office",
    "sentence_type": "licence",
    "rosh": "high",
    "tier": "3",
    "mappa_level": "",
    "ppo": "yes",
    "age": "31",
    "ethnic_group": "mixed",
}


def test_the_lead_adds_a_case_and_its_new_unit(client_as, lead, inspection):
    response = client_as(lead).post(ADD_URL, FORM)
    assert response.status_code == 302
    case = Case.objects.get(inspection=inspection, case_ref="N100")
    assert (case.unit.name, case.sentence_type, case.rosh, case.tier, case.ppo, case.age, case.ethnic_group) == (
        "East office",
        "licence",
        "high",
        "3",
        "yes",
        31,
        "mixed",
    )
    assert case.history.get().history_user == lead


def test_adding_a_duplicate_reference_is_refused_against_the_field(client_as, lead, inspection):
    factories.CaseFactory(inspection=inspection, case_ref="N100")
    page = client_as(lead).post(ADD_URL, FORM).content.decode()
    assert '<a href="#id_case_ref">&#x27;N100&#x27; is already in the inspection&#x27;s sample</a>' in page
    assert Case.objects.filter(case_ref="N100").count() == 1


def test_the_case_form_lists_every_missing_required_answer(client_as, lead, inspection):
    page = client_as(lead).post(ADD_URL, {}).content.decode()
    for message in ("Enter the case reference", "Enter the unit", "Choose the sentence type", "Choose the RoSH level"):
        assert message in page
    assert not Case.objects.exists()


def test_an_age_that_is_not_a_number_is_refused(inspection):
    with pytest.raises(ServiceError) as raised:
        add_case(inspection=inspection, values={**FORM, "age": "old"})
    assert raised.value.message_dict == {"age": ["'old' is not a whole number of years from 10 to 120"]}


def test_the_lead_edits_a_case(client_as, lead, inspection):
    case = factories.CaseFactory(inspection=inspection, case_ref="N001")
    url = reverse("cases:case_edit", args=["northshire-2026", "N001"])
    client = client_as(lead)
    assert 'value="N001"' in client.get(url).content.decode()

    response = client.post(url, {**FORM, "case_ref": "N001", "unit": "North cluster", "rosh": "very_high"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.rosh, case.sentence_type) == ("very_high", "licence")


@pytest.fixture
def judged_case(inspection, inspector, small_set):
    """A high-RoSH case with answers to A.1.02 (every case) and A.1.03 (high/very high RoSH only)."""
    case = factories.CaseFactory(inspection=inspection, case_ref="N001", rosh="high")
    assessment = factories.AssessmentFactory(case=case, assessor=inspector)
    for code in ("A.1.02", "A.1.03"):
        factories.JudgementFactory(
            assessment=assessment, question=small_set.questions.get(code=code), answer="yes", updated_by=inspector
        )
    return case


def values(case, **changes):
    return {"case_ref": case.case_ref, "unit": case.unit.name, **case.characteristics(), **changes}


def applicable(case):
    return dict(Judgement.objects.filter(assessment__case=case).values_list("question__code", "applicable"))


def test_lowering_rosh_keeps_the_high_rosh_judgement_but_stops_counting_it(judged_case, lead):
    update_case(case=judged_case, values=values(judged_case, rosh="medium"), actor=lead)
    assert applicable(judged_case) == {"A.1.02": True, "A.1.03": False}
    assert Judgement.objects.filter(assessment__case=judged_case).count() == 2


def test_changing_rosh_back_counts_the_judgement_again(judged_case, lead):
    update_case(case=judged_case, values=values(judged_case, rosh="low"), actor=lead)
    update_case(case=judged_case, values=values(judged_case, rosh="very_high"), actor=lead)
    assert applicable(judged_case) == {"A.1.02": True, "A.1.03": True}


def test_editing_in_the_browser_refreshes_applicability(client_as, lead, judged_case):
    url = reverse("cases:case_edit", args=["northshire-2026", "N001"])
    client_as(lead).post(url, values(judged_case, rosh="low"))
    assert applicable(judged_case)["A.1.03"] is False


def test_cases_cannot_be_edited_once_reporting_has_started(judged_case, inspection):
    inspection.status = "reporting"
    inspection.save()
    with pytest.raises(ServiceError, match="cannot change while the inspection is in reporting"):
        update_case(case=judged_case, values=values(judged_case, rosh="low"))
    judged_case.refresh_from_db()
    assert judged_case.rosh == "high"


def test_renaming_a_case_to_a_reference_in_use_is_refused(inspection, judged_case):
    factories.CaseFactory(inspection=inspection, case_ref="N002")
    with pytest.raises(ServiceError) as raised:
        update_case(case=judged_case, values=values(judged_case, case_ref="N002"))
    assert raised.value.message_dict == {"case_ref": ["'N002' is already in the inspection's sample"]}
