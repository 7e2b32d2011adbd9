"""Reading the research pages and downloads as a person or a spreadsheet would: table rows by their
label, every text of a workbook or Word document."""

import io

import lxml.html
import openpyxl
from docx import Document


def table_rows(content: bytes, table_id: str = "programme-table") -> dict[str, list[str]]:
    """``{row label: [cell texts]}`` of the page's table ``table_id`` (a label seen twice keeps the first)."""
    tree = lxml.html.fromstring(content)
    rows: dict[str, list[str]] = {}
    for tr in tree.get_element_by_id(table_id).iter("tr"):
        header, cells = tr.find("th"), tr.findall("td")
        if header is None or not cells:  # a grouping's heading row
            continue
        rows.setdefault(header.text_content().strip(), [td.text_content().strip() for td in cells])
    return rows


def workbook_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    )


def workbook_values(content: bytes) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def document_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs]
    properties = document.core_properties
    texts += [properties.title or "", properties.subject or "", properties.author or ""]
    return "\n".join(texts)


def by_class(tree, name: str, tag: str = "*") -> list:
    """Elements under ``tree`` whose class list holds ``name`` (lxml without cssselect)."""
    return tree.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')
