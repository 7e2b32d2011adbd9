"""A thin layer over python-docx: the report's styles and the few building blocks it is made of.

Real Word structure throughout, so an editor can restyle and restructure it: built-in Heading 1–3
and Title styles (the navigation pane and a contents field find them), List Number, tables with
a repeating header row, pictures with alternative text, British English as the language.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run
from lxml import etree

FONT = "Arial"  # Arimo, the PDF's font, has Arial's metrics; every editor's Word has Arial
BLUE = RGBColor(0x1D, 0x70, 0xB8)
GREY_FILL = "F3F2F1"


class WordDocument:
    def __init__(self, *, title: str, subject: str, header: str):
        self.doc = Document()
        self._styles()
        # Styles by name → id, looked up once: python-docx finds a style by name, and checks
        # it against the default, with a search of every style each time (a third of the file's time).
        self._style_ids = {
            name: self.doc.styles[name].style_id
            for name in ("Heading 1", "Heading 2", "Heading 3", "Caption", "List Number", "List Bullet", "Table Grid")
        }
        properties = self.doc.core_properties
        properties.title, properties.subject, properties.language = title, subject, "en-GB"
        properties.author = "Probation case assessment"
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.8))
        self._header_and_footer(section, header)

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(11)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "en-GB")
        normal.element.rPr.append(language)
        # The document's default language (docDefaults), which every style without its own inherits.
        for default in styles.element.iter(qn("w:rPrDefault")):
            for lang in default.iter(qn("w:lang")):
                lang.set(qn("w:val"), "en-GB")
                lang.set(qn("w:eastAsia"), "en-GB")
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 28), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
            style = styles[name]
            style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
            style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C) if name != "Title" else BLUE
            fonts = style.element.rPr.rFonts  # the template's theme fonts would win over the name
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
        for name in ("List Number", "Caption"):
            styles[name].font.name = FONT
        styles["Caption"].font.size, styles["Caption"].font.italic = Pt(10), False
        styles["Caption"].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)

    def _header_and_footer(self, section, header: str) -> None:
        paragraph = section.header.paragraphs[0]
        paragraph.text = header
        paragraph.style.font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
        section.different_first_page_header_footer = True  # the cover carries neither

    # --- Blocks ---------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, *, new_page: bool = False):
        paragraph = self.paragraph(text, style=f"Heading {level}")
        paragraph.paragraph_format.page_break_before = new_page
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def paragraph(self, text: str = "", *, style: str | None = None, bold: bool = False, italic: bool = False):
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.style = self._style_ids[style]
        if text:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
        return paragraph

    def numbered(self, items) -> None:
        for item in items:
            self.paragraph(item, style="List Number")

    def lettered(self, items) -> None:
        """(a) … items with a hanging indent, as the inspectorate letters strengths."""
        for marker, text in items:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(1)
            paragraph.paragraph_format.first_line_indent = Cm(-1)
            paragraph.add_run(f"{marker}\t{text}")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """A table of contents field over Heading 1–2, which Word updates on opening (``w:updateFields``);
        until then it shows the headings written (``fill_contents``), never "Update Field" instructions."""
        paragraph = self.doc.add_paragraph()
        self._contents_run = _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', placeholder="Contents")
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.doc.settings.element.append(update)

    def table(self, headers, rows, *, widths=None, caption: str = "", font_size: float = 9.5):
        """A Word table: a bold, shaded header row repeated on every page, then ``rows``.

        ``rows``: sequences of cell texts, or ("group", text) / ("heading", text) for a row spanning
        every column (a group heading in italics, a criterion heading in bold)."""
        if caption:
            self.paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
        headers = [headers] if headers and isinstance(headers[0], str) else headers
        columns = len(headers[0])
        table = self.doc.add_table(rows=0, cols=columns)
        tbl = table._tbl
        tbl.tblStyle_val = self._style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        twips = [Cm(w).twips for w in widths] if widths else [col.w.twips for col in tbl.tblGrid.gridCol_lst]
        twips = (twips + [twips[-1]] * columns)[:columns]
        size = str(round(font_size * 2))  # half-points
        for header in headers:
            tr = _row(tbl, header=True)
            for text, width in zip(header, twips, strict=True):
                _cell(tr, text, width, size, bold=True, fill=GREY_FILL)
        for row in rows:
            tr = _row(tbl)
            if len(row) == 2 and row[0] in ("group", "heading"):
                _cell(tr, row[1], sum(twips), size, bold=row[0] == "heading", italic=row[0] == "group", span=columns)
                continue
            for index, (text, width) in enumerate(zip(row, twips, strict=True)):
                _cell(tr, text, width, size, right=index > 0 and _numeric(text))
        self.doc.add_paragraph()
        return table

    def picture(self, png: bytes, *, alt: str, title: str, width_cm: float = 16) -> None:
        self.doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        properties = self.doc.inline_shapes[-1]._inline.docPr
        properties.set("descr", alt)
        properties.set("title", title)

    def landscape(self, start: bool) -> None:
        """Start a landscape (``start``) or portrait section on a new page."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if start else WD_ORIENT.PORTRAIT
        long, short = Cm(29.7), Cm(21)
        section.page_width, section.page_height = (long, short) if start else (short, long)

    def fill_contents(self) -> None:
        """The contents field's text: every Heading 1 and 2 written after it, in order."""
        ids = {self._style_ids["Heading 1"], self._style_ids["Heading 2"]}
        headings = [p.text for p in self.doc.paragraphs if p._p.style in ids and p.text != "Contents"]
        self._contents_run.text = "\n".join(headings)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _numeric(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "+\u2212\u2013-") and len(text) <= 8


# Table rows are written as WordprocessingML directly: python-docx's cell, paragraph and run objects
# (a lookup per child element) took most of the Word file's time, for Appendix 1's tables. The
# markup is what python-docx writes for the same cell.


def _w(tag: str, parent, **attributes):
    element = etree.SubElement(parent, qn(f"w:{tag}"))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _row(tbl, *, header: bool = False):
    tr = _w("tr", tbl)
    if header:  # repeated at the top of every page the table runs over
        _w("tblHeader", _w("trPr", tr), val="true")
    return tr


def _cell(tr, text: str, width: int, size: str, *, bold=False, italic=False, right=False, fill="", span=1) -> None:
    tc = _w("tc", tr)
    properties = _w("tcPr", tc)
    _w("tcW", properties, w=str(width), type="dxa")
    if span > 1:
        _w("gridSpan", properties, val=str(span))
    if fill:
        _w("shd", properties, val="clear", fill=fill)
    paragraph = _w("p", tc)
    paragraph_properties = _w("pPr", paragraph)
    _w("spacing", paragraph_properties, after="0")
    if right:
        _w("jc", paragraph_properties, val="right")
    run = _w("r", paragraph)
    run_properties = _w("rPr", run)
    if bold:
        _w("b", run_properties)
    if italic:
        _w("i", run_properties)
    _w("sz", run_properties, val=size)
    if any(c in text for c in "\t\n\r"):
        Run(run, None).text = text  # tabs and line breaks as Word's own elements
    elif text:
        t = _w("t", run)
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")


def _field(paragraph, instruction: str, placeholder: str = "1"):
    """A Word field (PAGE, NUMPAGES, TOC…) with the text shown until Word updates it; returns that text's run."""
    shown = None
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text
            shown = run
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
    return shown
