"""Figure sentences the lead inserts stay tied to their figure: printed with the figures of the version
they are printed in (frozen with a final), flagged on the writing page when the figure has changed
since or the lead edited the numbers by hand, until accepted or rewritten; listed on the finalise page."""

import pytest
from django.urls import reverse

from cases.models import Judgement
from criteria.models import AnswerOption, GeneralCriterion
from reports.models import CriterionNarrative, NotableExample, ReportVersion
from reports.narrative_figures import Current, accept, new_ref, review
from reports.report_data import version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise

SLUG = "northshire-2026"
WRITTEN = "The assessment was completed on time in 28 out of 34 relevant cases (82%)."


def url(name, *args):
    return reverse(f"reports:{name}", args=[SLUG, *args])


def strengths_of(data, code="A.1"):
    return [text for _, text in next(c for s in data.sections for c in s.criteria if c.code == code).strengths]


def turn_late(inspection, cases: int) -> None:
    """``cases`` more A.1.01 answers turned late (the figure falls)."""
    late = AnswerOption.objects.get(scale__questions__code="A.1.01", value="late")
    on_time = Judgement.objects.filter(
        assessment__case__inspection=inspection, question__code="A.1.01", option__value="on_time"
    ).order_by("pk")[:cases]
    Judgement.objects.filter(pk__in=[j.pk for j in on_time]).update(option=late)


def insert(client, text="Mine"):
    return client.post(
        url("report_criterion", "A.1"),
        {"strengths": text, "improvements": "", "revision": 0, "add": "strengths|A.1.01:all"},
        follow=True,
    )


# --- The rules, on their own ---------------------------------------------------------------------

NOW = Current("The thing was done in 28 out of 34 cases (82%).", 28, 34, "82%")
THEN = Current("The thing was done in all but six of the 62 cases (90%).", 56, 62, "90%")


def test_an_inserted_sentence_is_printed_with_the_figure_now_and_flagged_when_it_changed():
    ref = new_ref(list_name="strengths", key="A.1.01:all", current=THEN, version_number=1)
    [item] = review({"strengths": [THEN.text]}, [ref], {"A.1.01:all": NOW})
    assert item.printed == NOW.text
    assert item.flag == "Figures changed since version 1: 90% → 82%."
    [same] = review({"strengths": [THEN.text]}, [ref], {"A.1.01:all": THEN})
    assert same.printed == THEN.text and same.flag == ""


def test_numbers_edited_by_hand_are_flagged_and_printed_as_written():
    ref = new_ref(list_name="strengths", key="A.1.01:all", current=NOW, version_number=1)
    edited = "The thing was done well in 29 out of 34 cases (85%)."
    [item] = review({"strengths": [edited]}, [ref], {"A.1.01:all": NOW})
    assert item.printed == edited and item.key == "A.1.01:all"
    assert item.flag == "Figures edited by hand: the figure is 28 out of 34 (82%)."
    reworded = "Notably, the thing was done in 28 out of 34 cases (82%)."
    assert review({"strengths": [reworded]}, [ref], {"A.1.01:all": NOW})[0].flag == ""


def test_accepting_takes_the_figure_now_or_keeps_the_leads_words():
    ref = new_ref(list_name="strengths", key="A.1.01:all", current=THEN, version_number=1)
    lists, refs = accept(
        {"strengths": [THEN.text]}, [ref], list_name="strengths", index=0, current=NOW, version_number=2
    )
    assert lists["strengths"] == [NOW.text]
    assert review(lists, refs, {"A.1.01:all": NOW})[0].flag == ""
    edited = "The thing was done well in all but five of the 62 cases (92%)."
    lists, refs = accept({"strengths": [edited]}, [ref], list_name="strengths", index=0, current=NOW, version_number=2)
    [item] = review(lists, refs, {"A.1.01:all": NOW})
    assert lists["strengths"] == [edited] and item.printed == edited and item.flag == ""


def test_the_lead_s_own_words_are_never_tied():
    ref = new_ref(list_name="strengths", key="A.1.01:all", current=NOW, version_number=1)
    items = review({"strengths": ["Managers supported staff well.", NOW.text]}, [ref], {"A.1.01:all": NOW})
    assert [(i.key, i.flag) for i in items] == [("", ""), ("A.1.01:all", "")]


# --- Over drafts and a final --------------------------------------------------------------------


@pytest.fixture
def final_with_a_figure(client_as, lead, sample):
    """Version 1, final, whose strength (a) is the inserted A.1.01 sentence; version 2 a new draft."""
    inspection = sample[0].inspection
    client = client_as(lead)
    insert(client)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=ReportVersion.objects.get(number=1), actor=lead)
    client.post(url("report_new_draft"))
    return inspection


def test_a_new_draft_prints_the_figure_now_and_the_final_keeps_its_own(final_with_a_figure, client_as, lead):
    turn_late(final_with_a_figure, 10)  # 28 → 18 of 34 on time
    first, second = ReportVersion.objects.order_by("number")
    assert strengths_of(version_data(first)) == ["Mine", WRITTEN]
    now = "The assessment was completed on time in 18 out of 34 relevant cases (53%)."
    assert strengths_of(version_data(second)) == ["Mine", now]

    page = client_as(lead).get(url("report_criterion", "A.1")).content.decode()
    assert "Figures changed since version 1: 82% → 53%." in page
    assert f"The report prints: {now}" in page
    finalise = client_as(lead).get(url("report_finalise")).content.decode()
    assert "Figure sentences still to check" in finalise and "strength (b)</a>: Figures changed" in finalise


def test_accepting_a_changed_figure_rewrites_the_sentence_and_clears_the_flag(final_with_a_figure, client_as, lead):
    turn_late(final_with_a_figure, 10)
    client = client_as(lead)
    narrative = CriterionNarrative.objects.get(version__number=2)
    response = client.post(
        url("report_criterion_accept", "A.1"), {"item": "strengths|1", "revision": narrative.revision}, follow=True
    )
    assert "Figure accepted as it is now." in response.content.decode()
    narrative.refresh_from_db()
    assert narrative.strengths[1].endswith("in 18 out of 34 relevant cases (53%).")
    assert "Figures changed since" not in client.get(url("report_criterion", "A.1")).content.decode()
    assert "Figure sentences still to check" not in client.get(url("report_finalise")).content.decode()


def test_a_sentence_whose_numbers_the_lead_edits_is_flagged_until_rewritten(client_as, lead, sample):
    client = client_as(lead)
    insert(client)
    edited = WRITTEN.replace("28 out of 34", "30 out of 34").replace("82%", "88%")
    client.post(url("report_criterion", "A.1"), {"strengths": f"Mine\n{edited}", "improvements": "", "revision": 1})
    page = client.get(url("report_criterion", "A.1")).content.decode()
    assert "Figures edited by hand: the figure is 28 out of 34 (82%)." in page
    client.post(
        url("report_criterion", "A.1"), {"strengths": f"Mine\n{WRITTEN} Good.", "improvements": "", "revision": 2}
    )
    assert "Figures edited by hand" not in client.get(url("report_criterion", "A.1")).content.decode()


def test_a_final_versions_page_shows_its_frozen_figures_and_says_so(client_as, lead, sample):
    inspection = sample[0].inspection
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    turn_late(inspection, 10)
    page = client_as(lead).get(url("report_criterion", "A.1")).content.decode()
    assert "28 of 34 cases (82%)" in page and "18 of 34" not in page
    assert "as frozen when it was finalised" in page


def test_a_new_draft_keeps_the_example_titles(client_as, lead, notable_judgement):
    inspection = notable_judgement.assessment.case.inspection
    version = services.ensure_report(inspection=inspection, actor=lead)
    [example] = services.set_notable_examples(version=version, judgements=[notable_judgement], actor=lead)
    services.set_example_titles(version=version, titles={example.pk: "Joint work with the police"}, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    draft = services.start_new_draft(report=version.report, actor=lead)
    assert NotableExample.objects.get(version=draft).title == "Joint work with the police"
    assert [e.title for e in version_data(draft).notable_examples] == ["Joint work with the police"]


def test_a_deleted_figure_sentence_loses_its_tie(client_as, lead, sample):
    client = client_as(lead)
    insert(client)
    client.post(url("report_criterion", "A.1"), {"strengths": "Mine", "improvements": "", "revision": 1})
    assert CriterionNarrative.objects.get().figure_refs == []
    assert GeneralCriterion.objects.filter(code="A.1").exists()
