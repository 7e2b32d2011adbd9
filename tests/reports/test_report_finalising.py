"""Finalising: allowed once no judgement can still change; a final version's figures never change."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Assessment, Inspection, Judgement
from criteria.models import AnswerOption
from inspection.errors import LockedError, ServiceError
from reports import pdf
from reports.models import ExcludedCase, GeneratedPDF, ReportVersion
from reports.report_data import assemble, freeze, thaw, version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise


def text_of(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def answer_everything_no(inspection) -> None:
    """What a judgements re-import after finalising did: every counted answer turned below the line."""
    for judgement in Judgement.objects.filter(assessment__case__inspection=inspection).select_related("question"):
        judgement.option = AnswerOption.objects.get(scale=judgement.question.scale_id, value="no")
        judgement.save()


def test_finalising_is_refused_with_every_reason_while_judgements_can_change(inspection, lead, sample):
    version = services.ensure_report(inspection=inspection, actor=lead)
    with pytest.raises(ServiceError) as refused:
        services.finalise_version(version=version, actor=lead)
    stage, missing = refused.value.messages
    assert "at its Fieldwork stage" in stage and "Reporting" in stage
    assert missing == (
        "1 sampled case is neither submitted nor recorded as excluded with a reason: NS999 (in progress)."
    )
    version.refresh_from_db()
    assert version.is_draft and version.frozen_data is None and not GeneratedPDF.objects.exists()


def test_a_case_without_an_assessment_is_missing_too(inspection, lead, sample):
    Assessment.objects.filter(case=sample[0]).delete()
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.REPORTING)
    version = services.ensure_report(inspection=inspection, actor=lead)
    with pytest.raises(ServiceError, match=r"2 sampled cases are .*: NS001 \(not allocated\), NS999 \(in progress\)"):
        services.finalise_version(version=version, actor=lead)


def test_only_an_unsubmitted_case_can_be_excluded_and_only_with_a_reason(inspection, lead, sample):
    with pytest.raises(ServiceError) as refused:
        services.exclude_case(inspection=inspection, case_ref="NS001", reason=" ", actor=lead)
    assert set(refused.value.message_dict) == {"case_ref", "reason"}
    assert "counts in the scores" in refused.value.message_dict["case_ref"][0]
    with pytest.raises(ServiceError, match="no case 'NS404'"):
        services.exclude_case(inspection=inspection, case_ref="NS404", reason="Lost", actor=lead)
    exclusion = services.exclude_case(inspection=inspection, case_ref="NS999", reason="File  lost", actor=lead)
    assert (exclusion.reason, exclusion.history.get().history_user) == ("File lost", lead)
    services.include_case(inspection=inspection, case_ref="NS999", actor=lead)
    assert not ExcludedCase.objects.exists()


def test_finalising_freezes_the_figures_with_the_criteria_set_they_came_from(inspection, lead, sample, small_set):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    version.refresh_from_db()
    assert (version.frozen_criteria_set, version.frozen_criteria_version) == (small_set.slug, small_set.version)
    frozen = version_data(version)
    assert not frozen.is_draft
    assert frozen.sections[0].criteria[0].questions[0].figure.display == "82%"

    answer_everything_no(inspection)
    assert version_data(version) == frozen  # the frozen figures, whatever happened since
    assert assemble(inspection=inspection, version=version).sections[0].criteria[0].questions[0].figure.display == "0%"


def test_frozen_data_reads_back_equal_for_a_reinspection(reinspection, lead):
    version = services.ensure_report(inspection=reinspection, actor=lead)
    data = assemble(inspection=reinspection, version=version)
    assert thaw(freeze(data)) == data
    assert thaw(freeze(data)).headlines[0].figure.change_display == "+7"


@pytest.mark.pdf
def test_a_final_pdf_built_before_and_after_changing_judgements_has_identical_text(inspection, lead, sample):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    version = ReportVersion.objects.select_related("report__inspection").get(pk=version.pk)
    before = text_of(pdf.render_version(version).content)
    answer_everything_no(inspection)
    after = text_of(pdf.render_version(version).content)
    assert after == before
    assert "The assessment was completed on time. 28 34 82%" in after
    assert "1 (final)" in after and "DRAFT" not in after


@pytest.mark.pdf
def test_a_draft_pdf_asked_for_before_finalising_stays_a_draft(inspection, lead, sample):
    version = services.ensure_report(inspection=inspection, actor=lead)
    draft_pdf = services.request_pdf(version=version, actor=lead)
    make_ready_to_finalise(inspection, lead)
    final_pdf = services.finalise_version(version=version, actor=lead)
    draft_pdf.refresh_from_db()
    final_pdf.refresh_from_db()
    assert (draft_pdf.is_final, final_pdf.is_final) == (False, True)
    assert draft_pdf.download_name.endswith(f"-v1-draft-{draft_pdf.pk}.pdf")
    assert final_pdf.download_name.endswith(f"-v1-final-{final_pdf.pk}.pdf")
    assert "1 (draft)" in text_of(draft_pdf.file.read()) and "1 (final)" in text_of(final_pdf.file.read())
    # Built again now, a draft-labelled PDF of the version is still a draft (the task's path).
    assert "1 (draft)" in text_of(pdf.render_version(version, as_draft=True).content)


def test_the_page_lists_what_is_missing_and_records_exclusions(client_as, inspection, lead, sample):
    services.ensure_report(inspection=inspection, actor=lead)
    client = client_as(lead)
    url = reverse("reports:report_finalise", args=[inspection.slug])
    page = client.get(url).content.decode()
    assert "What is missing" in page and "NS999" in page and "Fieldwork stage" in page
    assert 'value="finalise"' not in page  # no Finalise button while something is missing
    response = client.post(url, {"action": "exclude", "case_ref": "NS999", "reason": ""})
    assert "Enter the reason the case is excluded" in response.content.decode()
    client.post(url, {"action": "exclude", "case_ref": "NS999", "reason": "Transferred out"})
    assert ExcludedCase.objects.get().reason == "Transferred out"
    response = client.post(url, {"action": "finalise"})
    assert "This version cannot be finalised yet" in response.content.decode()
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.REPORTING)
    page = client.get(url).content.decode()
    assert "What is missing" not in page and 'value="finalise"' in page
    client.post(url, {"action": "finalise"})
    assert ReportVersion.objects.get().is_final


def run(name, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_finalise_command_exits_with_the_reasons(inspection, lead, sample):
    services.ensure_report(inspection=inspection, actor=lead)
    err = io.StringIO()
    with pytest.raises(CommandError, match="cannot be finalised yet"):
        call_command("finalise_report", inspection.slug, stderr=err)
    assert "Fieldwork stage" in err.getvalue() and "NS999 (in progress)" in err.getvalue()
    make_ready_to_finalise(inspection, lead)
    out, _ = run("finalise_report", inspection.slug, "--by", "lena")
    assert "Finalised version 1" in out
    assert ReportVersion.objects.get().finalised_by == lead
    with pytest.raises(CommandError, match="already final"):
        run("finalise_report", inspection.slug)


@pytest.mark.pdf
def test_build_report_builds_the_version_asked_for(inspection, lead, sample, tmp_path):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    services.start_new_draft(report=version.report, actor=lead)
    answer_everything_no(inspection)
    run("build_report", inspection.slug, "--version", "1", "--out", str(tmp_path / "v1.pdf"))
    out, _ = run("build_report", inspection.slug, "--out", str(tmp_path / "latest.pdf"))
    assert "version 2 (Draft)" in out
    first, latest = text_of((tmp_path / "v1.pdf").read_bytes()), text_of((tmp_path / "latest.pdf").read_bytes())
    assert "1 (final)" in first and "The assessment was completed on time. 28 34 82%" in first
    assert "2 (draft)" in latest and "The assessment was completed on time. 0 34 0%" in latest
    with pytest.raises(CommandError, match=r"no version 3 \(versions: 1, 2\)"):
        run("build_report", inspection.slug, "--version", "3", "--out", str(tmp_path / "v3.pdf"))


def test_a_final_version_without_frozen_figures_is_refused_not_rebuilt_from_live_ones(inspection, lead, sample):
    version = services.ensure_report(inspection=inspection, actor=lead)
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=version, actor=lead)
    ReportVersion.objects.filter(pk=version.pk).update(frozen_data=None)  # as finalised before figures were kept
    version.refresh_from_db()
    with pytest.raises(LockedError, match="its figures were not kept"):
        version_data(version)
    assert version_data(version, as_draft=True).is_draft  # a draft build is still made from live figures
