"""The footer's pages (help and contact, accessibility statement, privacy notice), signing out, and the
phase banner's landmark.

The footer pages show no case data, so anyone may read them: before signing in, and before the
second factor (someone who cannot sign in needs the help page most).
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.second_factor import authenticator

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "help": "Help and contact",
    "accessibility": "Accessibility statement for Probation case assessment",
    "privacy": "Privacy notice",
}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


class Landmarks(HTMLParser):
    """The footer's links, and the landmark elements (header, main, footer) each class sits in."""

    LANDMARKS = {"header", "main", "footer", "nav", "aside"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.footer_links: dict[str, str] = {}
        self.landmark_of: dict[str, str | None] = {}
        self._link: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LANDMARKS or attrs.get("role") == "region":
            self.open.append(tag)
        for css_class in (attrs.get("class") or "").split():
            self.landmark_of.setdefault(css_class, self.open[-1] if self.open else None)
        if tag == "a" and "footer" in self.open:
            self._link = attrs.get("href")

    def handle_data(self, data):
        if self._link and data.strip():
            self.footer_links[data.strip()] = self._link
            self._link = None

    def handle_endtag(self, tag):
        if self.open and tag == self.open[-1]:
            self.open.pop()


def landmarks(response) -> Landmarks:
    parser = Landmarks()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize(("name", "heading"), FOOTER_PAGES.items())
def test_anyone_can_read_the_footer_pages_without_signing_in(client, name, heading, django_assert_num_queries):
    with django_assert_num_queries(0):  # static pages: no session, no user, no case data
        response = client.get(reverse(name))

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


@pytest.mark.parametrize("name", FOOTER_PAGES)
def test_the_footer_pages_are_open_before_the_second_factor(client, admin, name):
    from tests.security.conftest import sign_in

    authenticator(admin)
    assert sign_in(client, "ada").status_code == 302  # password given, no security code yet
    assert client.get(reverse("cases:my_cases")).status_code == 302  # elsewhere: the second factor first
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", FOOTER_PAGES)
def test_the_footer_pages_take_no_form_posts(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_the_footer_links_its_pages_on_the_sign_in_page_and_signed_in(client, inspector):
    expected = {
        "Help and contact": reverse("help"),
        "Accessibility statement": reverse("accessibility"),
        "Privacy notice": reverse("privacy"),
    }
    signed_out = landmarks(client.get(reverse("login")))
    assert expected.items() <= signed_out.footer_links.items()
    client.force_login(inspector)
    signed_in = landmarks(client.get(reverse("cases:my_cases")))
    assert expected.items() <= signed_in.footer_links.items()


def test_the_phase_banner_sits_in_the_header_landmark(client):
    page = landmarks(client.get(reverse("login")))
    assert page.landmark_of["govuk-phase-banner"] == "header"


def test_the_privacy_notice_says_what_is_held_why_and_for_how_long(client, settings):
    settings.RETENTION_DAYS = 400
    page = text(client.get(reverse("privacy")))

    # What: pseudonymous cases and their characteristics, judgements and rationale, users and the audit log.
    assert "never by the name of the person on probation" in page
    assert "sentence type, Risk of Serious Harm (RoSH) level" in page and "ethnic group" in page
    assert "the rationale written for it" in page
    assert "your name, username and email address" in page
    assert "an audit log of sign-ins" in page and "network (IP) address" in page
    # Why.
    assert "to inspect the quality of probation casework" in page
    # How long: the retention rules reports/services/retention.py carries out, with the configured period.
    assert "From 400 days after publication, an administrator can erase the inspection\u2019s case data" in page
    assert "case references, which are replaced by erased-0001" in page
    assert "every characteristic except sentence type and RoSH level" in page
    assert "The final report is kept as it was published." in page
    assert "your session ends (8 hours after you sign in" in page  # SESSION_COOKIE_AGE


def test_the_help_page_names_the_support_email_when_one_is_set(client, settings):
    settings.SUPPORT_EMAIL = "case-assessment@example.gov.uk"
    html = client.get(reverse("help")).content.decode()
    assert '<a class="govuk-link" href="mailto:case-assessment@example.gov.uk">' in html

    settings.SUPPORT_EMAIL = ""
    page = text(client.get(reverse("help")))
    assert "mailto:" not in page
    assert "Contact the administrator of this service in your organisation." in page


def test_the_help_page_says_who_to_ask_for_access_and_sign_in_problems(client):
    page = text(client.get(reverse("help")))
    assert "ask the lead inspector of that inspection" in page
    assert "signing in is locked for 15 minutes" in page
    assert "recovery codes" in page


def test_signing_out_says_so_on_the_sign_in_page(client, inspector):
    client.force_login(inspector)
    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    html = response.content.decode()
    banner = html[html.index('<div class="govuk-notification-banner govuk-notification-banner--success"') :]
    assert "You have signed out" in banner[: banner.index("</main>")]
    assert "_auth_user_id" not in client.session
    # Said once: the next visit to the sign-in page has no banner.
    assert "You have signed out" not in client.get(reverse("login")).content.decode()


def test_the_sign_in_page_says_nothing_of_signing_out_otherwise(client):
    assert "You have signed out" not in client.get(reverse("login")).content.decode()
