"""The moderation queue: submitted primary assessments, filters, and the dip sample."""

import pytest
from django.urls import reverse

from cases.models import Assessment, DipSample
from cases.services.moderation import Change, draw_dip_sample, finish_moderation, moderate_criterion
from inspection.errors import ServiceError
from tests import factories

from .conftest import submitted_assessment

QUEUE = reverse("cases:moderation_queue", args=["northshire-2026"])


@pytest.fixture
def several(inspection, inspector, assessor):
    north = factories.UnitFactory(inspection=inspection, name="North")
    south = factories.UnitFactory(inspection=inspection, name="South")
    return {
        "N1": submitted_assessment(inspection, inspector, "N1", unit=north, rosh="high"),
        "N2": submitted_assessment(inspection, assessor, "N2", unit=north),
        "S1": submitted_assessment(inspection, inspector, "S1", unit=south, sentence_type="custody"),
        "S2": submitted_assessment(inspection, assessor, "S2", unit=south),
    }


def listed(client, query="") -> set[str]:
    page = client.get(QUEUE + query).content.decode()
    return {ref for ref in ("N1", "N2", "S1", "S2", "D1") if f">{ref}</a>" in page}


def test_the_queue_lists_submitted_primary_assessments_only(client_as, lead, several, inspection, inspector):
    draft = factories.AssessmentFactory(case=factories.CaseFactory(inspection=inspection, case_ref="D1"))
    draft.assessor = inspector
    draft.save()
    assert listed(client_as(lead)) == {"N1", "N2", "S1", "S2"}


def test_the_queue_filters_by_inspector_unit_rosh_and_criterion(client_as, qa, several, inspector):
    client = client_as(qa)
    north = several["N1"].case.unit_id
    assert listed(client, f"?assessor={inspector.pk}") == {"N1", "S1"}
    assert listed(client, f"?unit={north}") == {"N1", "N2"}
    assert listed(client, "?rosh=high") == {"N1"}
    assert listed(client, "?criterion=A.2") == {"S1"}  # only the custody case answers A.2
    assert listed(client, f"?assessor={inspector.pk}&unit={north}") == {"N1"}
    assert listed(client, "?rosh=nonsense&unit=999") == {"N1", "N2", "S1", "S2"}  # unknown values ignored


def test_a_dip_sample_draws_a_number_per_inspector_reproducibly(inspection, lead, several):
    first = draw_dip_sample(inspection=inspection, per_inspector=1, seed=42, actor=lead)
    again = draw_dip_sample(inspection=inspection, per_inspector=1, seed=42, actor=lead)
    drawn = list(first.assessments.order_by("pk"))
    assert drawn == list(again.assessments.order_by("pk"))
    assert sorted(a.assessor.username for a in drawn) == ["asha", "ian"]
    assert (first.seed, first.per_inspector, first.percent, first.drawn_by) == (42, 1, None, lead)


def test_a_percentage_is_rounded_up_per_inspector(inspection, lead, several):
    sample = draw_dip_sample(inspection=inspection, percent=10, actor=lead)
    assert sample.assessments.count() == 2  # 10% of 2 is 0.2: one each
    everything = draw_dip_sample(inspection=inspection, percent=100, actor=lead)
    assert everything.assessments.count() == 4


def test_a_draw_without_a_seed_records_the_one_it_used(inspection, lead, several):
    sample = draw_dip_sample(inspection=inspection, per_inspector=1, actor=lead)
    again = draw_dip_sample(inspection=inspection, per_inspector=1, seed=sample.seed, actor=lead)
    assert set(sample.assessments.all()) == set(again.assessments.all())


@pytest.mark.parametrize(
    "kwargs, message",
    [({}, "Enter a percentage or a number"), ({"percent": 101}, "from 1 to 100"), ({"per_inspector": 0}, "1 or more")],
)
def test_a_dip_sample_needs_a_sensible_size(inspection, lead, several, kwargs, message):
    with pytest.raises(ServiceError, match=message):
        draw_dip_sample(inspection=inspection, actor=lead, **kwargs)
    assert not DipSample.objects.exists()


def test_the_dip_sample_form_draws_and_the_queue_shows_it(client_as, qa, several):
    client = client_as(qa)
    response = client.post(
        reverse("cases:moderation_dip_sample", args=["northshire-2026"]),
        {"dip-kind": "count", "dip-amount": "1", "dip-seed": "7"},
        follow=True,
    )
    page = response.content.decode()
    assert "Dip sample drawn: 2 cases (seed 7)." in page
    assert page.count("In the dip sample</strong>") == 2
    sample = DipSample.objects.get()
    refs = {a.case.case_ref for a in sample.assessments.all()}
    assert listed(client, "?dip_sample=yes") == refs


def test_a_bad_dip_sample_form_shows_its_errors(client_as, lead, several):
    response = client_as(lead).post(
        reverse("cases:moderation_dip_sample", args=["northshire-2026"]), {"dip-kind": "percent", "dip-amount": ""}
    )
    assert response.status_code == 400
    assert "Enter a percentage or a number of cases" in response.content.decode()
    assert not DipSample.objects.exists()


def test_an_inspector_cannot_draw_a_dip_sample(client_as, inspector, several):
    response = client_as(inspector).post(
        reverse("cases:moderation_dip_sample", args=["northshire-2026"]), {"dip-kind": "count", "dip-amount": "1"}
    )
    assert response.status_code == 403
    assert Assessment.objects.filter(dip_samples__isnull=False).count() == 0


def test_each_row_shows_the_case_its_rosh_its_inspector_and_who_moderated_it_with_the_answers_changed(
    client_as, lead, several, inspection
):
    inspection.status = "moderation"
    inspection.save()
    lead.first_name, lead.last_name = "Lena", "Lead"
    lead.save()
    n1 = several["N1"]
    judgements = list(n1.judgements.select_related("question__general_criterion").order_by("question__order")[:2])
    changes = {
        j.question.code: Change(option=j.question.scale.options.exclude(pk=j.option_id).first(), reason="Late")
        for j in judgements
    }
    for criterion in {j.question.general_criterion for j in judgements}:
        moderate_criterion(
            assessment=n1,
            general_criterion=criterion,
            changes={c: v for c, v in changes.items() if c.startswith(criterion.code)},
            actor=lead,
        )
    finish_moderation(assessment=n1, actor=lead)
    page = client_as(lead).get(QUEUE).content.decode()
    rows = {ref: page.split(f">{ref}</a>")[1].split("</tr>")[0] for ref in ("N1", "N2")}
    assert f'href="{reverse("cases:moderation_assessment", args=[inspection.slug, "N1"])}"' in page
    assert '<td class="govuk-table__cell">High</td>' in rows["N1"]
    assert '<td class="govuk-table__cell">ian</td>' in rows["N1"]
    assert "Moderated</strong>" in rows["N1"] and "Lena Lead, " in rows["N1"]
    assert "2 answers changed" in rows["N1"]
    assert "Not moderated" in rows["N2"] and "changed" not in rows["N2"]
