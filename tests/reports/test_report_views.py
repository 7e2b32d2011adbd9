"""The report writing pages: the lead writes, other team members read, outsiders get a 404."""

import pytest
from django.urls import reverse

from criteria.models import GeneralCriterion
from reports.models import CriterionNarrative, GeneratedPDF, NotableExample, ReportVersion
from reports.services import reports as services

from .conftest import make_ready_to_finalise

SLUG = "northshire-2026"


def url(name, *args):
    return reverse(f"reports:{name}", args=[SLUG, *args])


READ_PAGES = [
    ("report_overview", ()),
    ("report_summary", ()),
    ("report_criterion", ("A.1",)),
    ("report_criterion", ("B.1",)),
    ("report_examples", ()),
]


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_every_team_member_can_read_the_report_pages(client_as, lead, inspector, assessor, sample, name, args):
    for user in (lead, inspector, assessor):
        assert client_as(user).get(url(name, *args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), [*READ_PAGES, ("report_finalise", ())])
def test_someone_outside_the_team_gets_a_404(client_as, lead, outsider, sample, name, args):
    services.ensure_report(inspection=sample[0].inspection, actor=lead)
    assert client_as(outsider).get(url(name, *args)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, inspection):
    response = client.get(url("report_overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("report_summary", (), {"foreword": "x", "recommendations": "", "revision": 1}),
        ("report_criterion", ("A.1",), {"strengths": "x", "improvements": "", "revision": 0}),
        ("report_examples", (), {}),
        ("report_generate", (), {}),
        ("report_finalise", (), {}),
        ("report_new_draft", (), {}),
    ],
)
def test_an_inspector_may_read_but_not_write(client_as, lead, inspector, sample, name, args, data):
    services.ensure_report(inspection=sample[0].inspection, actor=lead)
    assert client_as(inspector).post(url(name, *args), data).status_code == 403
    version = ReportVersion.objects.get()
    assert (version.foreword, version.revision, version.status) == ("", 1, "draft")
    assert not CriterionNarrative.objects.exists()
    assert not GeneratedPDF.objects.exists()


def test_an_outsider_cannot_write_either(client_as, outsider, inspection):
    response = client_as(outsider).post(url("report_summary"), {"foreword": "x", "recommendations": "", "revision": 1})
    assert response.status_code == 404
    assert not ReportVersion.objects.exists()


def test_the_lead_writes_the_foreword_and_recommendations(client_as, lead, inspection):
    response = client_as(lead).post(
        url("report_summary"),
        {
            "foreword": "First paragraph.\r\n\r\nSecond.",
            "recommendations": "Assess risk promptly\r\n\r\n  Plan well ",
            "revision": 1,
        },
        follow=True,
    )
    assert "Foreword and recommendations saved." in response.content.decode()
    version = ReportVersion.objects.get()
    assert version.foreword == "First paragraph.\n\nSecond."
    assert version.recommendations == ["Assess risk promptly", "Plan well"]
    assert version.history.first().history_user == lead


def test_a_stale_save_is_refused_and_shows_both_texts(client_as, lead, inspection):
    version = services.ensure_report(inspection=inspection, actor=lead)
    services.save_summary(version=version, foreword="Someone else's words", recommendations=[], revision=1, actor=lead)
    response = client_as(lead).post(
        url("report_summary"), {"foreword": "My words", "recommendations": "", "revision": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "changed by someone else" in page
    assert "Someone else&#x27;s words" in page and "My words" in page
    version.refresh_from_db()
    assert version.foreword == "Someone else's words"


def test_the_criterion_page_offers_its_figures_as_sentences(client_as, lead, sample):
    page = client_as(lead).get(url("report_criterion", "A.1")).content.decode()
    assert "The assessment was completed on time in 28 out of 34 relevant cases (82%)." in page
    assert (
        "The assessment accurately reflected risk to the public in all but one of the 34 relevant cases (97%)." in page
    )
    # Sub-samples from the breakdowns, where they are not the very same cases.
    assert (
        "The assessment was completed on time in nine out of ten relevant high or very high RoSH cases (90%)." in page
    )
    assert "The assessment was completed on time in all 24 community cases (100%)." in page
    assert "The risk management plan was sufficient in nine out of ten relevant cases (90%)." in page
    assert 'value="strengths|A.1.01:all"' in page
    assert "90% – Good" in page


def test_a_sentence_button_adds_the_figure_and_keeps_what_was_typed(client_as, lead, sample):
    response = client_as(lead).post(
        url("report_criterion", "A.1"),
        {
            "strengths": "Typed but not yet saved",
            "improvements": "",
            "revision": 0,
            "add": "improvements|A.1.01:supervision:licence",
        },
        follow=True,
    )
    assert "Sentence added to the areas for improvement." in response.content.decode()
    narrative = CriterionNarrative.objects.get()
    assert narrative.strengths == ["Typed but not yet saved"]
    assert narrative.improvements == ["The assessment was completed on time in four out of six licence cases (67%)."]
    assert response.redirect_chain[-1][0].endswith("#id_improvements")


def test_a_sentence_no_longer_offered_is_not_added(client_as, lead, sample):
    response = client_as(lead).post(
        url("report_criterion", "A.1"),
        {"strengths": "Mine", "improvements": "", "revision": 0, "add": "strengths|A.1.01:made-up"},
    )
    assert "no longer offered" in response.content.decode()
    assert not CriterionNarrative.objects.exists()


def test_a_final_version_is_read_only_until_a_new_draft(client_as, lead, sample):
    inspection = sample[0].inspection
    version = services.ensure_report(inspection=inspection, actor=lead)
    criterion = GeneralCriterion.objects.get(code="A.1")
    services.save_narrative(
        version=version, criterion=criterion, strengths=["Kept"], improvements=[], revision=0, actor=lead
    )
    make_ready_to_finalise(inspection, lead)
    client = client_as(lead)
    assert client.get(url("report_finalise")).status_code == 200
    client.post(url("report_finalise"))
    version.refresh_from_db()
    assert version.is_final

    page = client.get(url("report_criterion", "A.1")).content.decode()
    assert "is final and locked" in page and 'name="strengths"' not in page
    response = client.post(url("report_criterion", "A.1"), {"strengths": "Changed", "improvements": "", "revision": 1})
    assert "final and can no longer be changed" in response.content.decode()
    assert CriterionNarrative.objects.get(version=version).strengths == ["Kept"]

    client.post(url("report_new_draft"))
    draft = ReportVersion.objects.get(number=2)
    assert draft.is_draft and draft.based_on == version
    assert CriterionNarrative.objects.get(version=draft).strengths == ["Kept"]
    assert 'name="strengths"' in client.get(url("report_criterion", "A.1")).content.decode()


def test_the_lead_picks_good_practice_for_making_a_difference(client_as, lead, notable_judgement):
    client = client_as(lead)
    assert "0 of 1 picked" in client.get(url("report_overview")).content.decode()
    page = client.get(url("report_examples")).content.decode()
    assert "Case NS003" in page
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page  # escaped, never markup
    response = client.post(url("report_examples"), {"judgements": [notable_judgement.pk]})
    assert response["Location"] == url("report_example_titles")  # picked: now give it a title
    example = NotableExample.objects.get()
    assert (example.case_ref, example.question_code, example.criterion_code) == ("NS003", "A.1.03", "A.1")
    assert "1 of 1 picked" in client.get(url("report_overview")).content.decode()


def test_the_lead_titles_the_picked_examples(client_as, lead, inspector, notable_judgement):
    client = client_as(lead)
    client.post(url("report_examples"), {"judgements": [notable_judgement.pk]})
    example = NotableExample.objects.get()
    page = client.get(url("report_example_titles")).content.decode()
    assert "Case NS003, question A.1.03" in page and f'name="title-{example.pk}"' in page

    response = client.post(url("report_example_titles"), {f"title-{example.pk}": "  Joint work with the police  "})
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Joint work with the police"
    assert example.history.latest().history_change_reason == "Example titled"
    assert "1 title saved." in client.get(response["Location"]).content.decode()

    too_long = client.post(url("report_example_titles"), {f"title-{example.pk}": "x" * 201})
    assert "The title must be 200 characters or fewer" in too_long.content.decode()
    example.refresh_from_db()
    assert example.title == "Joint work with the police"
    # Inspectors read the report but do not title its examples.
    assert client_as(inspector).post(url("report_example_titles"), {f"title-{example.pk}": "Mine"}).status_code == 403


def test_generating_a_pdf_stores_it_for_the_team(client_as, lead, inspector, outsider, sample):
    response = client_as(lead).post(url("report_generate"), follow=True)
    assert "PDF of version 1 requested" in response.content.decode()
    generated = GeneratedPDF.objects.get()
    assert generated.status == "done" and generated.requested_by == lead

    download = client_as(inspector).get(url("report_pdf_download", generated.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "northshire-2026-report-v1-draft" in download["Content-Disposition"]

    status = client_as(inspector).get(url("report_pdf_status", generated.pk)).json()
    assert status["status"] == "done" and status["pending"] is False
    assert status["download_url"] == url("report_pdf_download", generated.pk)

    assert client_as(outsider).get(url("report_pdf_download", generated.pk)).status_code == 404
    assert client_as(outsider).get(url("report_pdf_status", generated.pk)).status_code == 404


def test_a_pdf_of_another_inspection_is_not_found_through_this_one(client_as, lead, outsider, other_inspection):
    version = services.ensure_report(inspection=other_inspection, actor=outsider)
    theirs = services.request_pdf(version=version, actor=outsider)
    assert client_as(lead).get(url("report_pdf_download", theirs.pk)).status_code == 404


def test_pending_pdfs_are_polled_by_a_script_with_a_no_script_link(client_as, lead, inspection):
    version = services.ensure_report(inspection=inspection, actor=lead)
    GeneratedPDF.objects.create(version=version, requested_by=lead)  # queued, no worker yet
    page = client_as(lead).get(url("report_overview")).content.decode()
    assert "js/report-status.js" in page
    assert "data-pdf-status-url" in page
    assert "Refresh to see its status" in page
    assert "Queued" in page


def test_a_failed_pdf_shows_its_reason(client_as, lead, inspection):
    version = services.ensure_report(inspection=inspection, actor=lead)
    GeneratedPDF.objects.create(version=version, requested_by=lead, status="failed", failure_reason="Boom: <b>x</b>")
    page = client_as(lead).get(url("report_overview")).content.decode()
    assert "Failed" in page and "Boom: &lt;b&gt;x&lt;/b&gt;" in page


def test_the_overview_issues_a_bounded_number_of_queries(client_as, lead, sample, django_assert_num_queries):
    inspection = sample[0].inspection
    version = services.ensure_report(inspection=inspection, actor=lead)
    for criterion in GeneralCriterion.objects.filter(criteria_set=inspection.criteria_set):
        services.save_narrative(
            version=version, criterion=criterion, strengths=["s"], improvements=[], revision=0, actor=lead
        )
    services.request_pdf(version=version, actor=lead)
    client = client_as(lead)
    # session, user, OTP device, membership+inspection, the navigation's permission check (user or group
    # permission, one query), report, newest version, narratives, criteria, PDFs, versions, examples
    # picked and recorded
    with django_assert_num_queries(13):
        client.get(url("report_overview"))


def test_the_criterion_page_issues_a_bounded_number_of_queries(client_as, lead, sample, django_assert_num_queries):
    client = client_as(lead)
    # session, user, OTP device, membership+inspection, the criteria (this one, previous and next), report
    # (none yet: no version or narrative to read); figures: criteria set structure (7), the two sub-sample
    # breakdowns counted together (2); the navigation's permission check (user or group permission, one query)
    with django_assert_num_queries(16):
        client.get(url("report_criterion", "A.1"))
