"""Criteria set pages: the list, a set's tree, publish/retire and the YAML download."""

import pytest
from django.urls import reverse

from criteria.exporter import to_yaml
from criteria.models import CriteriaSet
from criteria.services import load_criteria_set
from tests import factories
from tests.conftest import SHIPPED_SET
from tests.criteria.helpers import SOURCE, TINY, edit

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "criteria:set_list", {}),
    ("get", "criteria:set_detail", {"slug": "small-2026"}),
    ("get", "criteria:set_export", {"slug": "small-2026"}),
    ("post", "criteria:set_status", {"slug": "small-2026"}),
    ("get", "criteria:upload", {}),
    ("post", "criteria:upload", {}),
    ("get", "criteria:upload_preview", {}),
    ("post", "criteria:upload_confirm", {}),
]


@pytest.mark.parametrize("persona", ["lead", "inspector", "assessor", "outsider"])
@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES, ids=[f"{m}-{n}" for m, n, _ in PAGES])
def test_people_without_the_manage_criteria_permission_get_403_on_every_criteria_page(
    client, request, persona, method, name, kwargs
):
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(reverse(name, kwargs=kwargs), {"status": "retired"} if method == "post" else {})
    assert response.status_code == 403
    assert CriteriaSet.objects.get(slug="small-2026").status == "published"


def test_staff_without_the_permission_get_403_too(client, small_set):
    client.force_login(factories.UserFactory(username="stan", is_staff=True))
    assert client.get(reverse("criteria:set_list")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, small_set):
    response = client.get(reverse("criteria:set_detail", kwargs={"slug": "small-2026"}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_each_set_with_its_status_use_and_counts(client, admin, inspection):
    load_criteria_set(text=TINY, source=SOURCE)
    client.force_login(admin)

    response = client.get(reverse("criteria:set_list"))

    assert response.status_code == 200
    rows = {cs.slug: cs for cs in response.context["criteria_sets"]}
    small, tiny = rows["small-2026"], rows["tiny-2026"]
    assert (small.section_count, small.criterion_count, small.question_count, small.inspection_count) == (2, 3, 4, 1)
    assert (tiny.section_count, tiny.criterion_count, tiny.question_count, tiny.inspection_count) == (2, 3, 5, 0)
    html = response.content.decode()
    assert "Small Test Module" in html and "Tiny Module" in html
    assert "Yes, by 1 inspection" in html
    assert f'href="{reverse("criteria:set_detail", kwargs={"slug": "tiny-2026"})}"' in html
    assert f'href="{reverse("criteria:upload")}"' in html


def test_the_list_issues_the_same_queries_however_many_sets(client, admin, small_set, django_assert_num_queries):
    load_criteria_set(text=TINY, source=SOURCE)
    load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name)
    client.force_login(admin)
    # session, user, OTP device, user permissions, group permissions, the sets with four counted subqueries
    with django_assert_num_queries(6):
        response = client.get(reverse("criteria:set_list"))
    assert len(response.context["criteria_sets"]) == 3


def test_a_sets_page_shows_its_tree_bands_headlines_and_glossary(client, admin, small_set):
    client.force_login(admin)

    response = client.get(reverse("criteria:set_detail", kwargs={"slug": "small-2026"}))

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Small Test Module",
        "Test edition",
        "small-2026",
        "Assessment",
        "A.1 Initial assessment",
        "Each case is assessed promptly and well.",
        "A.1.a",
        "The assessment is completed on time.",
        "The assessment was completed on time.",
        "The assessment accurately reflected risk:",
        "to the public",
        "high or very high RoSH cases only",
        "custody or licence cases only",
        "All cases",
        "High and very high RoSH cases only.",  # guidance
        "Leadership",
        "B.1 Leadership and planning",
        "No case questions",
        "75% and above",
        "Requires improvement",
        "Inadequate",
        "Keeping people safe",
        "Pooled (sum of numerators over sum of denominators)",
        "Yes, but late",
        "RoSH",
        "Risk of Serious Harm",
    ]:
        assert text in html, text
    assert response.context["headlines"] == [
        (small_set.headlines.get(code="SAFE"), 3),
        (small_set.headlines.get(code="COMP"), 2),
    ]
    assert "Retire" in html and "Download YAML" in html


def test_user_text_in_a_set_is_escaped(client, admin):
    load_criteria_set(
        text=edit(TINY, "text: The plan was sufficient.", 'text: "<script>alert(1)</script>"'), source=SOURCE
    )
    client.force_login(admin)
    html = client.get(reverse("criteria:set_detail", kwargs={"slug": "tiny-2026"})).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_a_sets_page_issues_the_same_queries_whatever_its_size(
    client, admin, small_set, which, django_assert_num_queries
):
    slug = "small-2026"
    if which == "shipped":
        load_criteria_set(text=SHIPPED_SET.read_text(encoding="utf-8"), source=SHIPPED_SET.name)
        slug = "roh-2007"
    client.force_login(admin)
    # session, user, OTP device, user and group permissions (5); the set with its counts (1); headlines, bands, scales,
    # options, glossary, sections, general criteria, specific criteria, questions with their scale,
    # question headlines, question specific criteria (11).
    with django_assert_num_queries(17):
        response = client.get(reverse("criteria:set_detail", kwargs={"slug": slug}))
    assert response.status_code == 200


def test_an_unknown_set_is_404(client, admin):
    client.force_login(admin)
    assert client.get(reverse("criteria:set_detail", kwargs={"slug": "no-such-set"})).status_code == 404


def test_an_admin_retires_and_publishes_a_set(client, admin, small_set):
    client.force_login(admin)
    url = reverse("criteria:set_status", kwargs={"slug": "small-2026"})

    response = client.post(url, {"status": "retired"}, follow=True)

    assert response.redirect_chain == [(reverse("criteria:set_detail", kwargs={"slug": "small-2026"}), 302)]
    assert CriteriaSet.objects.get(pk=small_set.pk).status == "retired"
    html = response.content.decode()
    assert "Small Test Module is now retired" in html
    assert ">Publish<" in html

    client.post(url, {"status": "published"})
    assert CriteriaSet.objects.get(pk=small_set.pk).status == "published"


def test_a_set_in_use_can_still_be_retired(client, admin, inspection):
    client.force_login(admin)
    client.post(reverse("criteria:set_status", kwargs={"slug": "small-2026"}), {"status": "retired"})
    assert CriteriaSet.objects.get(slug="small-2026").status == "retired"


def test_status_changes_need_a_post_and_a_known_status(client, admin, small_set):
    client.force_login(admin)
    url = reverse("criteria:set_status", kwargs={"slug": "small-2026"})
    assert client.get(url, {"status": "retired"}).status_code == 405
    assert client.post(url, {"status": "draft"}).status_code == 400
    assert client.post(url, {"status": "deleted"}).status_code == 400
    assert CriteriaSet.objects.get(pk=small_set.pk).status == "published"


def test_status_changes_are_recorded_in_history(client, admin, small_set):
    client.force_login(admin)
    client.post(reverse("criteria:set_status", kwargs={"slug": "small-2026"}), {"status": "retired"})
    latest = small_set.history.first()
    assert (latest.status, latest.history_user) == ("retired", admin)


def test_the_yaml_download_is_the_export(client, admin, small_set):
    client.force_login(admin)
    response = client.get(reverse("criteria:set_export", kwargs={"slug": "small-2026"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="small-2026.yaml"'
    assert response.content.decode("utf-8") == to_yaml(small_set)


def test_a_refused_status_change_is_said_on_the_sets_page(client, admin, small_set):
    """Two admins had the page open: the second "Publish" finds the set published already."""
    client.force_login(admin)
    url = reverse("criteria:set_status", kwargs={"slug": "small-2026"})
    records = small_set.history.count()
    response = client.post(url, {"status": "published"}, follow=True)
    assert response.status_code == 200
    assert "is already published" in response.content.decode()
    assert small_set.history.count() == records  # nothing written
