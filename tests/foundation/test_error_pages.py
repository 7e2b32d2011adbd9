"""The 400, 403, 404 and 500 pages: GOV.UK-styled, saying what happened and what to do, with a way back.

The test client runs with DEBUG off (pytest-django's default), so Django's error handlers answer as
in production. The 500 page is rendered without the request and without the database.
"""

import re

import pytest
from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse

from inspection import error_views

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_an_unknown_address_shows_page_not_found_with_a_way_home(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert title(response) == "Page not found – Probation case assessment"
    page = text(response)
    assert "Page not found" in page
    assert "If you typed the web address, check it is correct." in page
    html = response.content.decode()
    assert 'class="govuk-heading-l"' in html and "govuk-footer" in html  # the service's own layout
    assert f'href="{reverse("home")}"' in html


def test_a_signed_in_person_gets_page_not_found_with_a_way_back_to_their_cases(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("cases:case_detail", args=["northshire-2026", "NO-SUCH-CASE"]))

    assert response.status_code == 404
    assert "Page not found" in text(response)
    html = response.content.decode()
    assert f'href="{reverse("cases:my_cases")}">Go to My cases</a>' in html
    assert "Sign out" in html  # the service navigation is there too
    assert "No such case" not in html  # the view's reason is for the logs, not the page


def test_an_inspection_the_person_is_not_on_is_not_found_rather_than_forbidden(client, outsider, inspection):
    client.force_login(outsider)
    response = client.get(reverse("cases:inspection_detail", args=[inspection.slug]))
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_a_forbidden_page_says_why_and_to_ask_the_lead_inspector(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("cases:inspection_create"))

    assert response.status_code == 403
    assert title(response) == "You cannot view this page – Probation case assessment"
    page = text(response)
    assert "You cannot view this page" in page
    assert "Only admins create inspections" in page  # the reason the view gave
    assert "ask the lead inspector of the inspection to give you access" in page
    assert f'href="{reverse("cases:my_cases")}">Go to My cases</a>' in response.content.decode()


def test_a_role_that_may_not_open_a_page_is_told_so(client, assessor, inspection):
    client.force_login(assessor)
    response = client.get(reverse("cases:sample", args=[inspection.slug]))

    assert response.status_code == 403
    page = text(response)
    assert "You cannot view this page" in page
    assert "Your role in this inspection does not allow this" in page
    assert "ask the lead inspector" in page


def test_a_request_for_another_host_gets_the_bad_request_page(client, inspector):
    client.force_login(inspector)
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert title(response) == "Sorry, there is a problem with the request – Probation case assessment"
    page = text(response)
    assert "Go back and try again." in page
    assert "ian" not in page and "Sign out" not in page  # rendered without the request
    assert f'href="{reverse("home")}"' in response.content.decode()


@pytest.fixture
def broken_pages(client, settings):
    settings.ROOT_URLCONF = "tests.foundation.error_urls"
    client.raise_request_exception = False
    return client


def test_a_failing_page_shows_sorry_there_is_a_problem_with_the_service(broken_pages, django_assert_num_queries):
    with django_assert_num_queries(0):  # anonymous, and the page itself reads nothing
        response = broken_pages.get("/broken/")

    assert response.status_code == 500
    assert title(response) == "Sorry, there is a problem with the service – Probation case assessment"
    page = text(response)
    assert "Sorry, there is a problem with the service" in page
    assert "Try again later." in page
    assert "a bug" not in page  # nothing of the error itself
    assert f'href="{reverse("home")}"' in response.content.decode()


def test_the_500_page_for_a_signed_in_person_shows_nothing_of_theirs(broken_pages, inspector):
    broken_pages.force_login(inspector)
    response = broken_pages.get("/broken-signed-in/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text(response)
    assert "ian" not in text(response)


def test_the_500_page_renders_with_the_database_down(django_db_blocker, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "ensure_connection", no_database)
    monkeypatch.setattr(connection, "cursor", no_database)
    with django_db_blocker.block():
        response = error_views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_500_page_falls_back_to_plain_text_when_its_template_fails(monkeypatch, caplog):
    def broken_template(name, *args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/app.css'")

    monkeypatch.setattr(loader, "get_template", broken_template)
    response = error_views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert "<p>Try again later.</p>" in html
    assert "500.html page could not be rendered" in caplog.text


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_each_error_page_uses_the_service_layout(template):
    html = loader.get_template(template).render()
    assert "govuk-template" in html and "govuk-footer" in html
    assert html.count("<h1") == 1
