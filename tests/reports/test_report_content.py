"""The parts a published report has, consistent counts, and the layout fixes (issue 10)."""

import re
from collections import Counter

import pytest

from cases.models import Assessment, Inspection, Judgement
from criteria.models import GlossaryTerm
from inspection.errors import ServiceError
from reports import pdf, selectors
from reports.report_data import assemble
from reports.report_data.charts import _bar_order
from reports.services import reports as services
from tests import factories

from .test_report_pdf import pages_text


def test_the_counts_say_how_many_cases_were_inspected_and_counted_and_why(inspection, lead, sample):
    data = assemble(inspection=inspection, version=None)
    assert (data.case_count, data.counted_case_count) == (35, 34)
    assert data.cases_sentence == (
        "We inspected a total of 35 cases. The figures count the 34 cases whose assessment was completed: "
        "one case was not submitted."
    )
    services.exclude_case(inspection=inspection, case_ref="NS999", reason="File not available", actor=lead)
    assert assemble(inspection=inspection, version=None).cases_sentence.endswith(
        "one case was excluded (file not available)."
    )


def test_question_rows_carry_their_figure_sentence(inspection, sample):
    data = assemble(inspection=inspection, version=None)
    rows = {row.code: row for s in data.sections for c in s.criteria for row in c.questions}
    assert rows["A.1.01"].sentence == "The assessment was completed on time in 28 out of 34 relevant cases (82%)."
    assert rows["A.1.02"].sentence == (
        "The assessment accurately reflected risk to the public in all but one of the 34 relevant cases (97%)."
    )
    strongest, weakest = data.sections[0].key_findings()
    assert strongest == (rows["A.1.02"].sentence, rows["A.1.03"].sentence)
    assert weakest == (rows["A.2.01"].sentence, rows["A.1.01"].sentence)


def test_the_team_is_acknowledged_and_the_glossary_is_alphabetical(inspection, lead, inspector, assessor, sample):
    GlossaryTerm.objects.create(criteria_set=inspection.criteria_set, term="Approved premises", meaning="AP", order=9)
    GlossaryTerm.objects.create(criteria_set=inspection.criteria_set, term="MAPPA", meaning="M", order=8)
    data = assemble(inspection=inspection, version=None)
    assert data.team == (("Lead inspector", ("lena",)), ("Inspector", ("ian",)), ("Local assessor", ("asha",)))
    assert [term for term, _ in data.glossary] == ["Approved premises", "MAPPA", "RoSH"]


def test_making_a_difference_draws_on_submitted_work_only(inspection, lead, notable_judgement):
    assessment = notable_judgement.assessment
    assert list(selectors.example_candidates(inspection=inspection)) == [notable_judgement]
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.RETURNED)
    assert not selectors.example_candidates(inspection=inspection).exists()
    version = services.ensure_report(inspection=inspection, actor=lead)
    judgement = Judgement.objects.select_related("assessment__case", "question__general_criterion").get(
        pk=notable_judgement.pk
    )
    with pytest.raises(ServiceError, match="submitted assessments"):
        services.set_notable_examples(version=version, judgements=[judgement], actor=lead)


def test_an_example_is_titled_and_prints_no_codes(inspection, lead, notable_judgement):
    version = services.ensure_report(inspection=inspection, actor=lead)
    judgement = Judgement.objects.select_related("assessment__case", "question__general_criterion").get(
        pk=notable_judgement.pk
    )
    services.set_notable_examples(version=version, judgements=[judgement], actor=lead)
    (example,) = assemble(inspection=inspection, version=version).notable_examples
    assert example.title == "Initial assessment"  # the general criterion, until the lead names it
    assert "NS003" not in example.text and not hasattr(example, "case_ref")
    services.set_example_titles(version=version, titles={version.notable_examples.get().pk: "Early work"}, actor=lead)
    (example,) = assemble(inspection=inspection, version=version).notable_examples
    assert example.title == "Early work"


def test_other_and_unknown_come_last_in_a_chart():
    counts = Counter({"Other": 5, "Burglary": 2, "unknown": 1, "Drug offences": 9})
    assert _bar_order("offence_type", counts) == ["Drug offences", "Burglary", "Other", "unknown"]
    assert _bar_order("ethnic_group", Counter({"other": 1, "white": 3, "unknown": 1}))[-2:] == ["other", "unknown"]


def test_the_scoring_approach_names_scales_by_their_answers(inspection, sample):
    scales = [name for name, _ in assemble(inspection=inspection, version=None).scoring.scales]
    assert "Yes / No / Not applicable" in scales and "yes_no" not in scales


@pytest.mark.pdf
def test_the_pdf_has_the_parts_a_published_report_has(inspection, lead, inspector, final_other_area, sample):
    criteria_set = inspection.criteria_set
    criteria_set.role_of_inspectorate = "HMI Probation is an independent Inspectorate.\n\nOur purpose is to report."
    criteria_set.save()
    Assessment.objects.filter(case__inspection=inspection).update(assessor=inspector)
    Assessment.objects.filter(case__inspection=inspection, case__case_ref="NS001").update(interview_done=True)
    version = services.ensure_report(inspection=inspection, actor=lead)
    version = services.save_summary(
        version=version, foreword="First line\nsecond line.", recommendations=["Act"], revision=1, actor=lead
    )
    text = " ".join(pages_text(pdf.render_version(version).content))
    parts = [
        "ACKNOWLEDGEMENTS",
        "Lead inspector lena Inspector ian",
        "SCORING AND SUMMARY TABLE",
        "KEY FINDINGS",
        "Done well most often",
        "Comparison with other areas",
        "Next steps",
        "CONTEXTUAL INFORMATION",
        "APPENDIX 5: METHODOLOGY",
        "One assessor completed the assessments counted here, one of them with an interview of the case manager",
        "APPENDIX 6: ROLE OF THE INSPECTORATE",
        "HMI Probation is an independent Inspectorate.",
    ]
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)
    assert "We inspected a total of 35 cases. The figures count the 34 cases" in text
    assert "Cases inspected 35 (34 counted in the figures)" in text
    assert re.search(r"First line ?second line\.", text)  # the line break kept


def test_frozen_report_data_keeps_the_new_parts(reinspection, lead, final_other_area):
    from reports.report_data import freeze, thaw

    Inspection.objects.filter(pk=reinspection.pk).update(programme=final_other_area.programme)
    reinspection.refresh_from_db()

    factories.MemberFactory(inspection=reinspection, role="inspector", user__username="ivy")
    data = assemble(inspection=reinspection, version=services.ensure_report(inspection=reinspection, actor=lead))
    assert data.team and data.methodology is not None and data.areas
    assert thaw(freeze(data)) == data
