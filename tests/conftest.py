"""Personas and shared fixtures.

Named people for permission tests, as in healthchecks' hc/test.py:
- ``admin``: staff who load criteria sets and create inspections (no team role);
- ``lead``: Lena, lead inspector of the Northshire inspection;
- ``inspector``: Ian, inspector on Northshire;
- ``assessor``: Asha, local assessor on Northshire;
- ``outsider``: Olive, lead inspector of another inspection (Southshire) only.

WeasyPrint's layout is stubbed for every test not marked ``@pytest.mark.pdf`` (see ``stub_pdf_rendering``).
"""

import copy
import functools
import io
from pathlib import Path

import pytest
import weasyprint
from django.contrib.auth.models import Permission

from tests import factories

SHIPPED_SET = Path(__file__).resolve().parent.parent / "criteria" / "sets" / "roh-2007.yaml"
SMALL_SET = Path(__file__).resolve().parent / "data" / "small-criteria.yaml"


@pytest.fixture
def client_as(client):
    """``client_as(user)``: the test client signed in as ``user`` (second factor passed)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def admin(db):
    user = factories.UserFactory(username="ada", is_staff=True)
    for codename in ("manage_criteria", "manage_inspections"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


_PARSED_YAML: dict[str, object] = {}


def _parsed_once(load):
    """``criteria.yaml_lines.load`` remembering its result per text: the pure-Python YAML parse is most
    of a criteria set's load, and nearly every test loads the same small set. Copies go out, so the
    loader may change what it gets; errors are never remembered."""

    def load_once(text):
        if text not in _PARSED_YAML:
            _PARSED_YAML[text] = load(text)
        return copy.deepcopy(_PARSED_YAML[text])

    return load_once


@pytest.fixture
def small_set(db):
    """The small hand-written criteria set in tests/data, loaded through the service (set-up only:
    its YAML is parsed once a run; tests of the loader call the service themselves, uncached)."""
    from criteria import yaml_lines
    from criteria.services import load_criteria_set

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_lines, "load", _parsed_once(yaml_lines.load))
        return load_criteria_set(text=SMALL_SET.read_text(encoding="utf-8"), source=SMALL_SET.name).criteria_set


@pytest.fixture
def inspection(small_set):
    return factories.InspectionFactory(slug="northshire-2026", name="Northshire", criteria_set=small_set)


@pytest.fixture
def lead(inspection):
    return factories.MemberFactory(inspection=inspection, role="lead", user__username="lena")


@pytest.fixture
def inspector(inspection):
    return factories.MemberFactory(inspection=inspection, role="inspector", user__username="ian")


@pytest.fixture
def assessor(inspection):
    return factories.MemberFactory(inspection=inspection, role="local_assessor", user__username="asha")


@pytest.fixture
def other_inspection(small_set):
    return factories.InspectionFactory(slug="southshire-2026", name="Southshire", criteria_set=small_set)


@pytest.fixture
def outsider(other_inspection):
    return factories.MemberFactory(inspection=other_inspection, role="lead", user__username="olive")


# --- PDF rendering ------------------------------------------------------------------------------------
# A real report takes WeasyPrint seconds to lay out. Tests that only need "a PDF was made" get a one-page
# blank PDF instead; tests about the PDF itself (its text, pages, escaping, fetched URLs) are marked
# @pytest.mark.pdf and render for real. The stub is at WeasyPrint's level so it holds wherever the
# project's rendering code lives: HTML(...) still parses the page, only the layout is skipped.


@functools.cache
def stub_pdf_bytes() -> bytes:
    from pypdf import PdfWriter  # imported when first needed: a test run may make no PDF at all

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4 in points
    writer.add_metadata({"/Title": "Stub PDF from tests/conftest.py (mark the test @pytest.mark.pdf to render)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write_stub(target=None):
    """As WeasyPrint's write_pdf: the bytes when there is no target, else written to a path or file."""
    content = stub_pdf_bytes()
    if target is None:
        return content
    if hasattr(target, "write"):
        target.write(content)
    else:
        Path(target).write_bytes(content)
    return None


class StubDocument:
    """What the code uses of a rendered ``weasyprint.Document``: its pages and ``write_pdf``."""

    def __init__(self):
        self.pages = [object()]  # one page, as in stub_pdf_bytes()

    def write_pdf(self, target=None, zoom=1, finisher=None, **options):
        return _write_stub(target)


def stub_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's layout replaced by a one-page blank PDF, for as long as ``monkeypatch`` lasts (a
    module-scoped fixture that makes PDFs uses it with ``pytest.MonkeyPatch.context()``)."""
    monkeypatch.setattr(weasyprint.HTML, "render", lambda self, *args, **kwargs: StubDocument())
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, target=None, *args, **kwargs: _write_stub(target))


@pytest.fixture(autouse=True)
def stub_pdf_rendering(request, monkeypatch):
    """WeasyPrint's layout replaced by a one-page blank PDF, unless the test is marked ``pdf``."""
    if request.node.get_closest_marker("pdf") is None:
        stub_weasyprint(monkeypatch)
