"""Report versions: writing, stale edits, finalising locks, new drafts, notable examples."""

import pytest

from cases.models import Judgement
from criteria.models import GeneralCriterion
from inspection.errors import LockedError, ServiceError, StaleEditError
from reports.models import CriterionNarrative, NotableExample, Report
from reports.services import reports as services
from tests import factories

from .conftest import make_ready_to_finalise


@pytest.fixture
def criterion(small_set):
    return GeneralCriterion.objects.get(criteria_set=small_set, code="A.1")


def test_the_first_write_starts_version_1_as_a_draft(inspection, lead):
    version = services.ensure_report(inspection=inspection, actor=lead)
    again = services.ensure_report(inspection=inspection, actor=lead)
    assert (version.number, version.status, version.created_by) == (1, "draft", lead)
    assert again.pk == version.pk
    assert version.history.get().history_user == lead


def test_lists_are_trimmed_and_empty_lines_dropped(inspection, lead, criterion):
    version = services.ensure_report(inspection=inspection, actor=lead)
    narrative = services.save_narrative(
        version=version,
        criterion=criterion,
        strengths=["  first   point ", "", "second"],
        improvements=[" "],
        revision=0,
        actor=lead,
    )
    assert narrative.strengths == ["first point", "second"] and narrative.improvements == []
    assert narrative.lettered_strengths == [("(a)", "first point"), ("(b)", "second")]


def test_a_save_from_a_stale_page_is_refused_and_changes_nothing(inspection, lead, criterion):
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_narrative(
        version=version, criterion=criterion, strengths=["theirs"], improvements=[], revision=0, actor=lead
    )
    with pytest.raises(StaleEditError):
        services.save_narrative(
            version=version, criterion=criterion, strengths=["mine"], improvements=[], revision=0, actor=lead
        )
    assert CriterionNarrative.objects.get().strengths == ["theirs"]
    with pytest.raises(StaleEditError):
        services.save_summary(version=version, foreword="x", recommendations=[], revision=7, actor=lead)


def test_too_many_items_are_refused(inspection, lead, criterion):
    version = services.ensure_report(inspection=inspection, actor=lead)
    with pytest.raises(ServiceError, match="at most 52"):
        services.save_narrative(
            version=version,
            criterion=criterion,
            strengths=[str(i) for i in range(53)],
            improvements=[],
            revision=0,
            actor=lead,
        )


def test_a_criterion_of_another_criteria_set_is_refused(inspection, lead, admin):
    from criteria.services import load_criteria_set
    from tests.conftest import SHIPPED_SET

    other = load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source="roh").criteria_set
    version = services.ensure_report(inspection=inspection, actor=lead)
    with pytest.raises(ServiceError, match="not in this inspection's criteria set"):
        services.save_narrative(
            version=version,
            criterion=other.general_criteria.first(),
            strengths=["x"],
            improvements=[],
            revision=0,
            actor=lead,
        )


def test_finalising_locks_the_version_and_queues_its_pdf(inspection, lead, criterion):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    generated = services.finalise_version(version=version, actor=lead)
    version.refresh_from_db()
    assert version.is_final and version.finalised_by == lead and version.finalised_at
    assert generated.version == version
    for write in (
        lambda: services.save_summary(version=version, foreword="x", recommendations=[], revision=1, actor=lead),
        lambda: services.save_narrative(
            version=version, criterion=criterion, strengths=["x"], improvements=[], revision=0, actor=lead
        ),
        lambda: services.set_notable_examples(version=version, judgements=[], actor=lead),
        lambda: services.finalise_version(version=version, actor=lead),
    ):
        with pytest.raises(LockedError):
            write()


def test_a_new_draft_needs_a_final_version_to_start_from(other_inspection, outsider):
    with pytest.raises(ServiceError, match="no version"):
        services.start_new_draft(report=Report.objects.create(inspection=other_inspection), actor=outsider)


def test_a_new_draft_copies_the_final_version(inspection, lead, criterion, notable_judgement):
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(version=version, foreword="Foreword", recommendations=["One"], revision=1, actor=lead)
    services.save_narrative(
        version=version, criterion=criterion, strengths=["S"], improvements=["I"], revision=0, actor=lead
    )
    services.set_notable_examples(version=version, judgements=[notable_judgement], actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    draft = services.start_new_draft(report=version.report, actor=lead)
    assert (draft.number, draft.status, draft.based_on_id) == (2, "draft", version.pk)
    assert (draft.foreword, draft.recommendations) == ("Foreword", ["One"])
    narrative = CriterionNarrative.objects.get(version=draft)
    assert (narrative.strengths, narrative.improvements) == (["S"], ["I"])
    assert NotableExample.objects.get(version=draft).case_ref == "NS003"
    with pytest.raises(ServiceError, match="still a draft"):
        services.start_new_draft(report=version.report, actor=lead)
    # The final version is untouched by edits to the new draft.
    services.save_narrative(
        version=draft,
        criterion=criterion,
        strengths=["Changed"],
        improvements=[],
        revision=narrative.revision,
        actor=lead,
    )
    assert CriterionNarrative.objects.get(version=version).strengths == ["S"]


def test_only_good_practice_examples_of_this_inspection_can_be_picked(
    inspection, lead, notable_judgement, other_inspection
):
    version = services.ensure_report(inspection=inspection, actor=lead)
    plain = Judgement.objects.filter(assessment__case__inspection=inspection).exclude(pk=notable_judgement.pk).first()
    with pytest.raises(ServiceError, match="Only good practice"):
        services.set_notable_examples(version=version, judgements=[plain], actor=lead)

    stranger_case = factories.CaseFactory(inspection=other_inspection, rosh="high")  # A.1.03 applies
    assessment = factories.AssessmentFactory(case=stranger_case)
    foreign = factories.JudgementFactory(
        assessment=assessment,
        question=notable_judgement.question,
        option=notable_judgement.option,
        notable_practice="good",
        notable_example="Elsewhere",
    )
    with pytest.raises(ServiceError, match="Only good practice"):
        services.set_notable_examples(version=version, judgements=[foreign], actor=lead)
    assert not NotableExample.objects.exists()


def test_picked_examples_keep_the_text_they_had_when_picked(inspection, lead, notable_judgement):
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.set_notable_examples(version=version, judgements=[notable_judgement], actor=lead)
    notable_judgement.notable_example = "Rewritten later"
    notable_judgement.save()
    services.set_notable_examples(version=version, judgements=[notable_judgement], actor=lead)
    assert NotableExample.objects.get().example.startswith("Good joint work")
    services.set_notable_examples(version=version, judgements=[], actor=lead)
    assert not NotableExample.objects.exists()
