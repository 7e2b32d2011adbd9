"""The research pages and downloads show pooled figures only: no case reference, rationale, example
or person's name reaches them, though the data set holds each (``MARKERS``)."""

import pytest
from django.urls import reverse

from cases.models import Judgement

from .data import MARKERS, QUESTION
from .pages import document_text, workbook_text

pytestmark = pytest.mark.django_db


def test_no_research_page_or_download_shows_a_case_a_rationale_an_example_or_a_name(client_as, analyst, research):
    client = client_as(analyst)
    query = f"{research.both}&question={QUESTION}"
    texts = {
        "start": client.get(reverse("research:index")).content.decode(),
        "search": client.get(f"{reverse('research:index')}?{research.both}&q=risk").content.decode(),
        "figures": client.get(f"{reverse('research:figures')}?{query}").content.decode(),
        "table": client.get(f"{reverse('research:table_csv')}?{query}").content.decode(),
        "regression": client.get(f"{reverse('research:regression_csv')}?{query}").content.decode(),
        "workbook": workbook_text(client.get(f"{reverse('research:xlsx')}?{query}").content),
        "document": document_text(client.get(f"{reverse('research:docx')}?{query}&question=A.1.01").content),
    }
    assert Judgement.objects.filter(rationale="Marker rationale words", notable_example="Marker example words").exists()
    for where, text in texts.items():
        assert where == "start" or QUESTION in text, where
        for marker in MARKERS:
            assert marker not in text, f"{marker} on {where}"
