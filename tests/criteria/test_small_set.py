"""Nothing in the criteria app is hard-wired to the Risk of Harm module: a hand-written set works alike."""

from pathlib import Path

import pytest
from django.urls import reverse

from criteria import vocabulary
from criteria.models import CriteriaSet

pytestmark = pytest.mark.django_db

CRITERIA_APP = Path(__file__).resolve().parents[2] / "criteria"


def test_the_small_set_keeps_its_own_codes_bands_headlines_and_scales(small_set):
    assert list(CriteriaSet.objects.values_list("slug", flat=True)) == ["small-2026"]  # no RoH set anywhere
    assert list(small_set.sections.values_list("code", flat=True)) == ["A", "B"]
    assert list(small_set.general_criteria.values_list("code", flat=True)) == ["A.1", "A.2", "B.1"]
    assert list(small_set.rating_bands.values_list("min_score", "label")) == [
        (75, "Good"),
        (50, "Requires improvement"),
        (0, "Inadequate"),
    ]
    assert list(small_set.headlines.values_list("code", "method")) == [("SAFE", "mean"), ("COMP", "pooled")]
    first = small_set.questions.get(code="A.1.01")
    assert first.scale.code == "timeliness"
    assert list(first.headlines.values_list("code", flat=True)) == ["SAFE", "COMP"]
    assert list(first.scale.options.values_list("value", "scoring")) == [
        ("on_time", "above"),
        ("late", "below"),
        ("no", "below"),
        ("na", "excluded"),
    ]
    custody = small_set.questions.get(code="A.2.01")
    assert vocabulary.applies(custody.applies_when, {"sentence_type": "licence", "rosh": "low"})
    assert not vocabulary.applies(custody.applies_when, {"sentence_type": "community_order", "rosh": "low"})


def test_the_small_sets_page_shows_only_its_own_content(client, admin, small_set):
    client.force_login(admin)
    html = client.get(reverse("criteria:set_detail", kwargs={"slug": "small-2026"})).content.decode()
    assert "Keeping people safe" in html and "Inadequate" in html
    for rohs_own in ("Risk of Harm", "RoH", "MINIMUM improvement", "roh-2007", "OASys"):
        assert rohs_own not in html, rohs_own


def test_no_criteria_code_or_template_mentions_the_risk_of_harm_module():
    files = [p for p in CRITERIA_APP.rglob("*") if p.suffix in (".py", ".html") and "migrations" not in p.parts]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        # the RoH set's slug, name, or its headline code as a literal a program could test
        for rohs_own in ("roh-2007", "Risk of Harm", '"RoH"', "'RoH'"):
            assert rohs_own not in text, f"{path.relative_to(CRITERIA_APP)} mentions {rohs_own!r}"
