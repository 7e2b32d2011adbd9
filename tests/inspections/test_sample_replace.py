"""Replacing the whole sample with a corrected file before fieldwork: the upload offers it, an
"Are you sure?" page shows what will be removed, added and kept, and the replacement is all or
nothing, kept in history, and refused once fieldwork starts or an answer is recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Assessment, Case, Inspection, Unit
from cases.services import sample_corrections
from cases.services.sample import import_sample
from cases.services.sample_corrections import plan_sample_replacement, replace_sample
from inspection.errors import FileRejectedError, ServiceError
from tests import factories

from .conftest import VALID_SAMPLE, sample_csv

SLUG = "northshire-2026"
UPLOAD = reverse("cases:sample_upload", args=[SLUG])
REPLACE = reverse("cases:sample_replace", args=[SLUG])
# N001 kept as it was, N002 kept with a corrected RoSH, N003 and N004 (all of South office) gone, N005 new.
CORRECTED = sample_csv(
    "N001,North cluster,community_order,high,3,1,yes,no,no,male,34,black",
    "N002,North cluster,licence,high,2,0,no,yes,yes,female,27,white",
    "N005,East office,custody,low,1,0,no,no,no,female,51,mixed",
)


@pytest.fixture
def setting_up(inspection, lead, inspector):
    """Northshire setting up with the four cases of VALID_SAMPLE; N003 allocated to Ian."""
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.SETUP)
    inspection.refresh_from_db()
    import_sample(inspection=inspection, data=VALID_SAMPLE, source="first.csv", actor=lead)
    factories.AssessmentFactory(case=Case.objects.get(case_ref="N003"), assessor=inspector)
    return inspection


def upload(client, text: str, mode: str = "replace", name: str = "corrected.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"file": file, "mode": mode})


def refs(inspection) -> list[str]:
    return sorted(inspection.cases.values_list("case_ref", flat=True))


def test_reuploading_the_full_sample_to_add_says_how_to_replace_it(client_as, lead, setting_up):
    page = upload(client_as(lead), VALID_SAMPLE, mode="add").content.decode()

    assert "4 of its cases are already in the sample. To upload a corrected full sample, choose" in page
    assert page.index("4 of its cases are already") < page.index("row 2, case_ref")
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]


def test_the_upload_offers_replacing_only_before_fieldwork(client_as, lead, setting_up):
    client = client_as(lead)
    assert "Replace the sample with this file" in client.get(UPLOAD).content.decode()

    Inspection.objects.filter(pk=setting_up.pk).update(status=Inspection.Status.FIELDWORK)
    page = client.get(UPLOAD).content.decode()
    assert "Replace the sample with this file" not in page
    assert "The sample can only be replaced before fieldwork starts" in page


def test_the_are_you_sure_page_shows_what_will_be_removed_added_and_kept_and_changes_nothing(
    client_as, lead, setting_up
):
    client = client_as(lead)
    response = upload(client, CORRECTED)
    assert response.status_code == 302 and response["Location"] == REPLACE

    page = client.get(REPLACE).content.decode()
    assert "Are you sure you want to replace the sample?" in page
    assert "2 cases: N003, N004" in page  # removed
    assert "1 case: N005" in page  # added
    assert "2 cases, 1 of them with a changed unit or characteristics: N002" in page  # kept
    assert "Added: East office." in page and "Removed: South office." in page
    assert "1 of the removed case is allocated: the allocation will go too." in page
    assert "Cancel" in page
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]


def test_confirming_makes_the_sample_the_file_with_history(client_as, lead, setting_up):
    client = client_as(lead)
    upload(client, CORRECTED)
    fingerprint = client.get(REPLACE).context["plan"].fingerprint

    response = client.post(REPLACE, {"fingerprint": fingerprint}, follow=True)

    page = response.content.decode()
    assert "The sample was replaced from corrected.csv: 2 cases removed, 1 case added and 2 cases kept" in page
    assert "(1 of them changed)" in page
    assert refs(setting_up) == ["N001", "N002", "N005"]
    assert Case.objects.get(case_ref="N002").rosh == "high"
    assert sorted(Unit.objects.filter(inspection=setting_up).values_list("name", flat=True)) == [
        "East office",
        "North cluster",
    ]
    assert not Assessment.objects.exists()  # N003's allocation went with it
    removal = Case.history.get(case_ref="N003", history_type="-")
    assert (removal.history_user, removal.history_change_reason) == (lead, "Sample replaced from corrected.csv")
    allocation = Assessment.history.get(history_type="-")
    assert (allocation.history_user, allocation.history_change_reason) == (lead, "Sample replaced from corrected.csv")
    change = Case.history.filter(case_ref="N002").latest()
    assert (change.history_type, change.history_user) == ("~", lead)
    # the removed cases are listed on the sample page with the reason
    assert "Sample replaced from corrected.csv" in page.split("Removed cases")[1]
    assert client.get(REPLACE).status_code == 302  # the staged file is gone


def test_a_replacement_file_with_problems_changes_nothing_and_stages_nothing(client_as, lead, setting_up):
    client = client_as(lead)
    bad = CORRECTED + "N006,North cluster,weekend_detention,high,1,0,no,no,no,male,30,white\n"

    page = upload(client, bad).content.decode()

    assert "weekend_detention" in page and "row 5" in page
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]
    assert client.get(REPLACE)["Location"] == UPLOAD


def test_a_failure_half_way_leaves_the_sample_as_it_was(lead, setting_up, monkeypatch):
    fingerprint = plan_sample_replacement(inspection=setting_up, data=CORRECTED, source="c.csv").fingerprint

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(sample_corrections, "bulk_update_with_history", fail)  # after the removals
    with pytest.raises(RuntimeError):
        replace_sample(inspection=setting_up, data=CORRECTED, source="c.csv", fingerprint=fingerprint, actor=lead)

    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]
    assert Assessment.objects.count() == 1
    assert not Case.history.filter(history_type="-").exists()


def test_a_sample_changed_since_the_check_is_not_replaced(client_as, lead, setting_up):
    client = client_as(lead)
    upload(client, CORRECTED)
    fingerprint = client.get(REPLACE).context["plan"].fingerprint
    factories.CaseFactory(inspection=setting_up, case_ref="N009")  # someone added a case meanwhile

    page = client.post(REPLACE, {"fingerprint": fingerprint}).content.decode()

    assert "The sample changed after you checked this file: check what will change again" in page
    assert "3 cases: N003, N004, N009" in page  # the page now shows the new plan
    assert refs(setting_up) == ["N001", "N002", "N003", "N004", "N009"]


@pytest.mark.parametrize("why", ["fieldwork", "an answer"])
def test_replacing_is_refused_once_fieldwork_starts_or_an_answer_is_recorded(lead, setting_up, why):
    if why == "fieldwork":
        Inspection.objects.filter(pk=setting_up.pk).update(status=Inspection.Status.FIELDWORK)
        setting_up.refresh_from_db()
        expected = "The sample can only be replaced before fieldwork starts"
    else:
        assessment = Assessment.objects.get()
        question = setting_up.criteria_set.questions.first()
        factories.JudgementFactory(assessment=assessment, question=question)
        expected = "Answers have been recorded for 1 case, so the sample can no longer be replaced"

    with pytest.raises(FileRejectedError) as raised:
        plan_sample_replacement(inspection=setting_up, data=CORRECTED, source="c.csv")
    assert expected in raised.value.errors[0]
    with pytest.raises(FileRejectedError):
        replace_sample(inspection=setting_up, data=CORRECTED, source="c.csv", fingerprint="x", actor=lead)
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]


def test_a_wrong_fingerprint_is_refused(lead, setting_up):
    with pytest.raises(ServiceError):
        replace_sample(inspection=setting_up, data=CORRECTED, source="c.csv", fingerprint="stale", actor=lead)
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]


@pytest.mark.parametrize(
    ("persona", "expected"), [("admin", 403), ("inspector", 403), ("assessor", 403), ("outsider", 404)]
)
def test_only_the_lead_replaces_the_sample(client_as, team, setting_up, persona, expected):
    client = client_as(team[persona])
    assert upload(client, CORRECTED).status_code == expected
    assert client.get(REPLACE).status_code == expected
    assert client.post(REPLACE, {"fingerprint": "x"}).status_code == expected
    assert refs(setting_up) == ["N001", "N002", "N003", "N004"]


def test_the_are_you_sure_page_issues_the_same_number_of_queries_whatever_the_size(
    client_as, lead, setting_up, django_assert_num_queries
):
    client = client_as(lead)
    upload(client, CORRECTED)
    # session, user, OTP device, membership+inspection, whether any answer is recorded, the cases with
    # their units, the removed cases that are allocated, the units, and the navigation's permission
    # check (user or group permission, one query)
    with django_assert_num_queries(9):
        assert client.get(REPLACE).status_code == 200
    import_sample(
        inspection=setting_up,
        data=sample_csv(*(f"Q{n:03d},Unit {n % 5},licence,low,1,0,no,no,no,male,30,white" for n in range(60))),
        source="more.csv",
    )
    with django_assert_num_queries(9):
        assert client.get(REPLACE).status_code == 200
