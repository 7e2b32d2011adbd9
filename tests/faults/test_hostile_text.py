"""Hostile text (NUL, lone surrogates, 100,000 characters, right-to-left marks, control characters)
through every form of the cases, reports and criteria pages, as the persona who uses it, and through
both CSV imports: always a field error or a stored value, never a 500.

Each page is opened first and its forms read from the HTML (every field name, with the value the
page gives it), so a form that gains a field is covered without changing this file. Each example
poisons some fields of one form; bodies are sent as bytes, so a lone surrogate reaches Django as
the invalid UTF-8 a browser could send.
"""

import html.parser
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Assessment, Case, Judgement
from cases.services.judgement_import import import_judgements
from cases.services.sample import import_sample
from inspection.errors import FileRejectedError
from reports.services import reports as report_services
from tests.scoring.helpers import make_case

pytestmark = pytest.mark.django_db

SPECIAL = [
    "\x00",
    "\ud800",  # lone surrogates: no UTF-8 form
    "\udfff",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u2066",
    "\x1b[31m",
    "\x07\x08\x0b\x0c\x7f",
    "\r\n",
    "\ufeff",
    "\u0085\u2028",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "{{ 7|add:7 }}",
    "../../etc/passwd",
    "%00",
    "\U0001d54f" * 3,  # outside the basic plane
]
LONG = ["a" * 100_000, "\u202e" * 30_000, "\x00" * 1_000, "é" * 100_000]
hostile_text = st.one_of(
    st.sampled_from(LONG),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=12)), min_size=1, max_size=6).map("".join),
)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


class Forms(html.parser.HTMLParser):
    """Every form of a page: its method, action and fields as (name, value) pairs, in page order."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": []}
            )
        elif not self.forms:
            return
        elif tag in ("input", "button") and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs and self._has(attrs["name"]):
                return
            self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self.forms[-1]["fields"].append((attrs["name"], ""))
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            self.forms[-1]["fields"].append((self._select, attrs.get("value") or ""))
            self._select = None

    def _has(self, name: str) -> bool:
        return any(field == name for field, _ in self.forms[-1]["fields"])


def forms_of(page: str) -> list[dict]:
    parser = Forms()
    parser.feed(page)
    return [form for form in parser.forms if any(name != "csrfmiddlewaretoken" for name, _ in form["fields"])]


def encoded(fields: list[tuple[str, str]]) -> str:
    """The urlencoded body as a browser sends it: UTF-8, a lone surrogate as its (invalid) bytes."""
    return urlencode([(name, value.encode("utf-8", "surrogatepass")) for name, value in fields])


def poisoned(form: dict, names: set[str], text: str) -> list[tuple[str, str]]:
    return [(name, text if name in names else value) for name, value in form["fields"] if name != "csrfmiddlewaretoken"]


def send(client, url: str, form: dict, fields: list[tuple[str, str]]):
    target = form["action"] or url
    if form["method"] == "post":
        return client.post(target, data=encoded(fields), content_type="application/x-www-form-urlencoded")
    return client.get(f"{target.split('?')[0]}?{encoded(fields)}")


@pytest.fixture
def world(inspection, admin, lead, inspector, assessor, sample_cases):
    """Northshire in fieldwork: a scored sample (one good practice example), a case allocated to Ian in
    progress, a report draft."""
    report_services.ensure_report(inspection=inspection, actor=lead)
    Judgement.objects.filter(assessment__case__case_ref="NS003", question__code="A.1.01").update(
        notable_practice=Judgement.NotablePractice.GOOD, notable_example="Prompt joint visit"
    )
    return {"admin": admin, "lead": lead, "inspector": inspector}


@pytest.fixture
def sample_cases(inspection, inspector):
    from tests.reports.conftest import build_sample

    cases = build_sample(inspection)
    mine = make_case(inspection, "IAN1", sentence_type="licence", rosh="high")
    Assessment.objects.create(case=mine, assessor=inspector, status=Assessment.Status.IN_PROGRESS)
    return cases


def page_urls(slug: str) -> list[tuple[str, str]]:
    """(persona, page) for every page with a form."""
    case = "IAN1"
    lead_pages = [
        reverse("cases:inspection_detail", args=[slug]),  # its status buttons
        reverse("cases:team", args=[slug]),  # adding and removing members
        reverse("cases:sample_minimums", args=[slug]),
        reverse("cases:case_add", args=[slug]),
        reverse("cases:case_edit", args=[slug, "NS001"]),
        reverse("cases:allocation", args=[slug]),
        reverse("cases:double_marking", args=[slug]),
        reverse("cases:assessment_return", args=[slug, "NS001"]),
        reverse("cases:moderation_queue", args=[slug]),
        reverse("cases:moderation_assessment", args=[slug, "NS002"]),
        reverse("cases:moderation_criterion", args=[slug, "NS002", "A.1"]),
        reverse("cases:moderation_figures", args=[slug]),
        reverse("reports:agreement", args=[slug]),
        reverse("reports:scores_breakdown", args=[slug]),
        reverse("reports:report_summary", args=[slug]),
        reverse("reports:report_criterion", args=[slug, "A.1"]),
        reverse("reports:report_examples", args=[slug]),
        reverse("reports:report_finalise", args=[slug]),
        reverse("reports:report_overview", args=[slug]),
    ]
    inspector_pages = [
        reverse("cases:interview", args=[slug, case]),
        reverse("cases:criterion", args=[slug, case, "A.1"]),
        reverse("cases:criterion", args=[slug, case, "A.2"]),
        reverse("cases:case_detail", args=[slug, case]),
        reverse("cases:my_cases"),
    ]
    admin_pages = [
        reverse("cases:inspection_create"),
        reverse("cases:team", args=[slug]),  # appointing the lead
        reverse("criteria:set_detail", args=["small-2026"]),
        reverse("reports:retention_erase", args=[slug]),
    ]
    return (
        [("lead", url) for url in lead_pages]
        + [("inspector", url) for url in inspector_pages]
        + [("admin", url) for url in admin_pages]
    )


PAGES = page_urls("northshire-2026")


@pytest.mark.parametrize(("persona", "url"), PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_hostile_text_in_any_field_of_a_form_is_a_field_error_or_stored_never_a_500(client, world, persona, url):
    client.force_login(world[persona])
    opened = client.get(url)
    assert opened.status_code < 500
    forms = forms_of(opened.content.decode()) if opened.status_code == 200 else []
    if not forms:
        pytest.skip(f"{url} shows no form to {persona} here")

    @FAST
    @given(data=st.data(), text=hostile_text)
    def post(data, text):
        form = data.draw(st.sampled_from(forms))
        names = sorted({name for name, _ in form["fields"] if name != "csrfmiddlewaretoken"})
        chosen = data.draw(st.sets(st.sampled_from(names), min_size=1))
        response = send(client, url, form, poisoned(form, chosen, text))
        assert response.status_code < 500, (url, chosen, text[:50])

    post()


# --- the CSV imports, through the service and the upload pages ----------------------------------

hostile_cell = hostile_text.filter(lambda text: len(text) < 200_000)


@FAST
@given(ref=hostile_cell, unit=hostile_cell, offence=hostile_cell)
def test_hostile_text_in_a_sample_file_is_refused_with_reasons_or_stored_as_given(inspection, ref, unit, offence):
    line = ",".join(f'"{value.replace(chr(34), chr(34) * 2)}"' for value in (ref, unit, "custody", "high", offence))
    data = ("case_ref,unit,sentence_type,rosh,offence_type\n" + line + "\n").encode("utf-8", "surrogatepass")
    try:
        import_sample(inspection=inspection, data=data, source="hostile.csv")
    except FileRejectedError as error:
        assert error.errors and all(message.startswith("hostile.csv") for message in error.errors)
        return
    stored = Case.objects.get(inspection=inspection, case_ref=ref.strip())
    assert stored.offence_type == offence.strip() and stored.unit.name == unit.strip()
    stored.delete()


@FAST
@given(rationale=hostile_cell, answer=hostile_cell)
def test_hostile_text_in_a_judgements_file_is_refused_with_reasons_or_stored_as_given(inspection, rationale, answer):
    case = Case.objects.filter(inspection=inspection, case_ref="H1").first() or make_case(inspection, "H1")
    line = ",".join(f'"{value.replace(chr(34), chr(34) * 2)}"' for value in ("H1", "A.1.02", answer, rationale))
    data = ("case_ref,question_code,answer,rationale\n" + line + "\n").encode("utf-8", "surrogatepass")
    try:
        import_judgements(inspection=inspection, data=data, source="hostile.csv")
    except FileRejectedError as error:
        assert error.errors and all(message.startswith("hostile.csv") for message in error.errors)
        return
    judgement = case.assessments.get(is_primary=True).judgements.get(question__code="A.1.02")
    assert judgement.rationale == rationale.strip() and judgement.option.value == answer.strip()


@FAST
@given(text=hostile_cell)
def test_hostile_uploads_are_listed_on_the_page_never_a_500(client, lead, inspection, text):
    client.force_login(lead)
    if not Case.objects.filter(case_ref="U1").exists():
        make_case(inspection, "U1")
    body = f'case_ref,question_code,answer,rationale\nU1,A.1.02,yes,"{text.replace(chr(34), "")}"\n'
    for name, header in (("reports:judgements_upload", ""), ("cases:sample_upload", "")):
        upload = SimpleUploadedFile("hostile.csv", (header + body).encode("utf-8", "surrogatepass"))
        response = client.post(reverse(name, args=[inspection.slug]), {"file": upload})
        assert response.status_code in (200, 302)
