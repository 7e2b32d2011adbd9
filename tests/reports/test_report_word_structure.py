"""The Word file to the letter: headings never skip a level, the contents are written and updated on
opening, the document's own language is British English, every table has a caption, and only a
draft's running head is labelled."""

import itertools

from docx.oxml.ns import qn

from reports import word
from reports.report_data import assemble, version_data
from reports.services import reports as services

from .conftest import make_ready_to_finalise
from .test_report_word import draft, open_docx  # noqa: F401 (the fixture)


def test_headings_never_skip_a_level(draft):  # noqa: F811
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    levels = [int(p.style.name[-1]) for p in document.paragraphs if p.style.name.startswith("Heading ")]
    assert levels and levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels
    making = [p.text for p in document.paragraphs].index("Making a difference")
    assert document.paragraphs[making + 2].style.name == "Heading 2"  # an example's title


def test_the_contents_are_written_and_updated_on_opening(draft):  # noqa: F811
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    texts = [p.text for p in document.paragraphs]
    contents = texts[texts.index("Contents") + 1]
    assert "Update Field" not in contents
    assert contents.splitlines()[:2] == ["Acknowledgements", "Foreword and summary"]
    assert "Scoring and summary table" in contents and "Appendix 4: Glossary" in contents
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_the_documents_default_language_is_british_english(draft):  # noqa: F811
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    languages = [lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))]
    assert languages and set(languages) == {"en-GB"}


def test_every_table_has_a_caption(draft):  # noqa: F811
    document = open_docx(word.render(assemble(inspection=draft.report.inspection, version=draft)))
    body = list(document.element.body.iterchildren())
    for index, element in enumerate(body):
        if element.tag == qn("w:tbl"):
            before = body[index - 1]
            style = before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            assert style is not None and style.get(qn("w:val")) == "Caption", index


def test_only_a_drafts_running_head_is_labelled(draft, lead):  # noqa: F811
    inspection = draft.report.inspection
    draft_header = open_docx(word.render(version_data(draft))).sections[0].header.paragraphs[0].text
    assert draft_header.endswith("DRAFT")
    make_ready_to_finalise(inspection, lead)
    services.finalise_version(version=draft, actor=lead)
    draft.refresh_from_db()
    final_header = open_docx(word.render(version_data(draft))).sections[0].header.paragraphs[0].text
    assert "Final" not in final_header and "DRAFT" not in final_header
