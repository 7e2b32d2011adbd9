"""No cache keeps what a signed-in user was shown: ``Cache-Control: no-store`` on every page and file
(pages, CSV and XLSX exports, report PDFs, the two-factor pages, the admin)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from inspection.middleware import NoStoreMiddleware
from reports.models import GeneratedPDF

from .conftest import sign_in

pytestmark = pytest.mark.django_db

SLUG = "northshire-2026"


def no_store(response) -> bool:
    return "no-store" in [part.strip() for part in response.get("Cache-Control", "").split(",")]


@pytest.mark.parametrize(
    "path",
    [
        reverse("cases:inspection_list"),
        reverse("cases:my_cases"),
        reverse("reports:scores", kwargs={"slug": SLUG}),
        reverse("reports:scores_csv", kwargs={"slug": SLUG}) + "?by=unit",
        reverse("reports:scores_xlsx", kwargs={"slug": SLUG}),
        reverse("reports:judgements_csv", kwargs={"slug": SLUG}),
        reverse("reports:report_overview", kwargs={"slug": SLUG}),
        reverse("account"),
        reverse("admin:index"),
    ],
)
def test_every_page_and_file_for_a_signed_in_user_is_no_store(client, lead, inspection, path):
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    response = client.get(path)
    assert response.status_code == 200
    assert no_store(response)


def test_the_report_pdf_is_no_store(client, lead, inspection):
    client.force_login(lead)
    client.post(reverse("reports:report_generate", kwargs={"slug": SLUG}))
    pdf = GeneratedPDF.objects.get()
    response = client.get(reverse("reports:report_pdf_download", kwargs={"slug": SLUG, "pk": pdf.pk}))
    assert response["Cache-Control"] == "private, no-store"


def test_the_two_factor_set_up_page_is_no_store(client, inspector):
    response = sign_in(client, "ian", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert no_store(response)


def test_a_policy_a_view_sets_itself_is_kept(rf: RequestFactory, inspector):
    request = rf.get("/")
    request.user = inspector
    response = NoStoreMiddleware(lambda request: HttpResponse(headers={"Cache-Control": "max-age=60"}))(request)
    assert response["Cache-Control"] == "max-age=60"


def test_static_files_keep_their_own_caching(rf: RequestFactory, inspector):
    request = rf.get("/static/css/app.css")
    request.user = inspector
    assert not NoStoreMiddleware(lambda request: HttpResponse())(request).has_header("Cache-Control")


def test_anonymous_responses_are_left_to_their_views(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert not NoStoreMiddleware(lambda request: HttpResponse())(request).has_header("Cache-Control")
