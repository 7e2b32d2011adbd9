"""Uploading a criteria set: preview first, nothing saved until the admin confirms; bad files list every error."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from criteria.forms import MAX_UPLOAD_BYTES
from criteria.models import CriteriaSet
from criteria.views import UPLOAD_KEY
from tests.conftest import SHIPPED_SET, SMALL_SET
from tests.criteria.helpers import TINY, edit, line_of, snapshot

pytestmark = pytest.mark.django_db

UPLOAD = reverse("criteria:upload")
PREVIEW = reverse("criteria:upload_preview")
CONFIRM = reverse("criteria:upload_confirm")


def yaml_file(text: str, name: str = "tiny.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def summary_items(html: str) -> list[str]:
    """The error summary's messages, unescaped as a reader sees them."""
    body = html.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r'<li><a href="#id_file">(.*?)</a></li>', body, re.S)
    return [item.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&") for item in items]


def digest_of(response) -> str:
    return re.search(r'name="digest" value="([0-9a-f]{64})"', response.content.decode()).group(1)


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


def test_the_upload_page_has_a_govuk_file_upload(signed_in):
    html = signed_in.get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload' in html and 'type="file"' in html
    assert "Upload a criteria set" in html


def test_a_valid_file_is_previewed_then_saved_when_the_admin_confirms(signed_in, admin):
    response = signed_in.post(UPLOAD, {"file": yaml_file(TINY)})
    assert response.status_code == 302 and response["Location"] == PREVIEW
    assert not CriteriaSet.objects.exists()  # nothing saved before the confirmation

    preview = signed_in.get(PREVIEW)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert preview.context["preview"].counts == {
        "sections": 2,
        "general_criteria": 3,
        "specific_criteria": 4,
        "questions": 5,
        "headlines": 2,
        "rating_bands": 3,
        "answer_scales": 2,
        "glossary": 1,
    }
    assert "New criteria set" in html and "tiny.yaml" in html and "Save the criteria set" in html
    assert not CriteriaSet.objects.exists()

    confirmed = signed_in.post(CONFIRM, {"digest": digest_of(preview)}, follow=True)

    detail = reverse("criteria:set_detail", kwargs={"slug": "tiny-2026"})
    assert confirmed.redirect_chain == [(detail, 302)]
    assert "Tiny Module (tiny-2026) has been loaded" in confirmed.content.decode()
    criteria_set = CriteriaSet.objects.get()
    assert (criteria_set.slug, criteria_set.questions.count()) == ("tiny-2026", 5)
    assert criteria_set.history.get().history_user == admin
    assert UPLOAD_KEY not in signed_in.session


def test_the_shipped_set_uploads_through_the_browser(signed_in):
    signed_in.post(UPLOAD, {"file": yaml_file(SHIPPED_SET.read_text(encoding="utf-8"), "roh-2007.yaml")})
    preview = signed_in.get(PREVIEW)
    counts = preview.context["preview"].counts
    assert (counts["sections"], counts["general_criteria"], counts["specific_criteria"], counts["questions"]) == (
        3,
        8,
        32,
        92,
    )
    signed_in.post(CONFIRM, {"digest": digest_of(preview)})
    assert CriteriaSet.objects.get().questions.count() == 92


def test_an_invalid_file_shows_every_error_and_saves_nothing(signed_in, small_set):
    before = snapshot()
    text = edit(TINY, "scale: timeliness", "scale: timely")
    text = edit(text, "[custody, licence]", "[custody, parole]")
    text = edit(text, "{min: 0, label: Inadequate}", "{min: 60, label: Inadequate}")

    response = signed_in.post(UPLOAD, {"file": yaml_file(text, "broken.yaml")})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Upload a criteria set" in html
    assert summary_items(html) == [
        "The selected file has 4 problems: fix them all and upload the file again",
        f"broken.yaml, line {line_of(text, 'rating_bands:')}, rating_bands: the lowest band must start at 0 "
        "so that every score has a band",
        f"broken.yaml, line {line_of(text, 'min: 60')}, rating_bands[2].min: bands must be in descending order: "
        "60 follows 50",
        f"broken.yaml, line {line_of(text, 'scale: timely')}, sections[0].criteria[0].questions[0].scale: "
        "unknown scale 'timely' (defined: yes_no, timeliness)",
        f"broken.yaml, line {line_of(text, 'parole')}, sections[0].criteria[1].questions[3].applies_when"
        ".sentence_type: 'parole' is not one of community_order, suspended_sentence_order, licence, custody",
    ]
    # the field itself says the file was refused, linking the input to the list
    assert 'class="govuk-error-message"' in html
    assert snapshot() == before
    assert UPLOAD_KEY not in signed_in.session


def test_a_file_with_one_problem_is_told_to_fix_it(signed_in):
    text = edit(TINY, "scale: timeliness", "scale: timely")
    html = signed_in.post(UPLOAD, {"file": yaml_file(text, "broken.yaml")}).content.decode()
    assert summary_items(html)[0] == "The selected file has 1 problem: fix it and upload the file again"


def test_bad_yaml_syntax_is_shown_in_the_error_summary(signed_in):
    text = edit(TINY, "text: The plan was sufficient.", "text: The plan: was sufficient.")
    html = signed_in.post(UPLOAD, {"file": yaml_file(text)}).content.decode()
    assert summary_items(html)[1] == (
        f"tiny.yaml, line {line_of(text, 'The plan: was')}: invalid YAML: mapping values are not allowed here"
    )
    assert not CriteriaSet.objects.exists()


def test_a_self_referencing_alias_is_refused_in_the_error_summary(signed_in):
    html = signed_in.post(UPLOAD, {"file": yaml_file("a: &a [*a]\n", "loop.yaml")}).content.decode()
    assert summary_items(html)[1] == "loop.yaml, line 1: invalid YAML: aliases (*a) are not allowed in a criteria set"
    assert not CriteriaSet.objects.exists()


def test_no_file_too_big_or_not_utf8_are_form_errors(signed_in):
    html = signed_in.post(UPLOAD, {}).content.decode()
    assert summary_items(html) == ["Select a criteria set file"]

    big = TINY + "#" * MAX_UPLOAD_BYTES
    html = signed_in.post(UPLOAD, {"file": yaml_file(big)}).content.decode()
    assert summary_items(html) == ["The selected file must be smaller than 2 MB"]

    latin = SimpleUploadedFile("latin.yaml", TINY.replace("Tiny Module", "Modül").encode("latin-1"))
    html = signed_in.post(UPLOAD, {"file": latin}).content.decode()
    assert summary_items(html) == ["The selected file must be a text file saved as UTF-8"]

    assert not CriteriaSet.objects.exists()


def test_a_replacement_is_previewed_as_such_and_replaces_on_confirmation(signed_in, small_set):
    changed = SMALL_SET.read_text(encoding="utf-8").replace("Small Test Module", "Small Test Module, revised")
    signed_in.post(UPLOAD, {"file": yaml_file(changed, "small-criteria.yaml")})
    preview = signed_in.get(PREVIEW)
    assert preview.context["preview"].outcome == "replacement"
    assert "This file replaces the criteria set" in preview.content.decode()
    assert CriteriaSet.objects.get().name == "Small Test Module"

    response = signed_in.post(CONFIRM, {"digest": digest_of(preview)}, follow=True)

    assert "has been replaced with the uploaded file" in response.content.decode()
    assert CriteriaSet.objects.get().name == "Small Test Module, revised"


def test_an_unchanged_file_is_previewed_as_unchanged_with_nothing_to_confirm(signed_in, small_set):
    before = snapshot()
    signed_in.post(UPLOAD, {"file": yaml_file(SMALL_SET.read_text(encoding="utf-8"), "small-criteria.yaml")})
    preview = signed_in.get(PREVIEW)
    html = preview.content.decode()
    assert preview.context["preview"].outcome == "unchanged"
    assert "saving it changes nothing" in html
    assert CONFIRM not in html
    assert snapshot() == before


def test_a_changed_file_for_a_set_in_use_is_rejected_at_upload(signed_in, inspection):
    before = snapshot()
    changed = SMALL_SET.read_text(encoding="utf-8").replace("Small Test Module", "Renamed")
    html = signed_in.post(UPLOAD, {"file": yaml_file(changed, "small-criteria.yaml")}).content.decode()
    assert summary_items(html)[1] == (
        "small-criteria.yaml, slug: criteria set 'small-2026' is used by an inspection, so it cannot be changed; "
        "give the new version a new slug, for example 'small-2026-v2'"
    )
    assert snapshot() == before


def test_a_set_taken_into_use_between_preview_and_confirmation_is_not_changed(signed_in, small_set):
    from tests import factories

    changed = SMALL_SET.read_text(encoding="utf-8").replace("Small Test Module", "Renamed")
    signed_in.post(UPLOAD, {"file": yaml_file(changed, "small-criteria.yaml")})
    preview = signed_in.get(PREVIEW)
    factories.InspectionFactory(criteria_set=small_set)
    before = snapshot()

    response = signed_in.post(CONFIRM, {"digest": digest_of(preview)})

    assert response.status_code == 200
    assert "is used by an inspection, so it cannot be changed" in response.content.decode()
    assert snapshot() == before


def test_confirming_without_a_waiting_upload_saves_nothing(signed_in):
    response = signed_in.post(CONFIRM, {"digest": "0" * 64}, follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "upload it again" in response.content.decode()
    assert not CriteriaSet.objects.exists()


def test_confirming_a_preview_replaced_by_another_upload_saves_nothing(signed_in):
    signed_in.post(UPLOAD, {"file": yaml_file(TINY)})
    first = digest_of(signed_in.get(PREVIEW))
    signed_in.post(UPLOAD, {"file": yaml_file(edit(TINY, "slug: tiny-2026", "slug: tiny-2027"))})

    response = signed_in.post(CONFIRM, {"digest": first})

    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert not CriteriaSet.objects.exists()


def test_the_preview_without_an_upload_sends_the_admin_to_upload(signed_in):
    response = signed_in.get(PREVIEW)
    assert response.status_code == 302 and response["Location"] == UPLOAD
