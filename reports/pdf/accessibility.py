"""PDF/UA-1 to the letter, where WeasyPrint's tagging stops short (a ``write_pdf`` finisher).

WeasyPrint tags tables, headings, lists and figures, but:

- a table header cell (``TH``) carries no ``/Scope`` attribute: each gets its HTML ``scope``
  (``row`` → ``/Row``; ``col`` and ``colgroup`` → ``/Column``; a header cell without one in a
  ``thead`` is a column header, elsewhere a row header);
- a data cell's (``TD``) ``/Headers`` miss the criterion and group heading rows above it, and
  columns under a header spanning two rows: each cell gets the IDs of its column headers and of
  the last heading row before it (Appendix 1's question cells);
- a link annotation's ``/Contents`` (what a screen reader says of it) is the target's slug
  ("#criterion-1-2"): it becomes the link's words ("1.2 General Criterion: Assessment").

The boxes still hold their structure elements (``box.mark``, ``box.link_annotation``) when the
finisher runs, so the fixes follow the HTML, not guesses from the PDF.
"""

import pydyf

SCOPES = {"row": "/Row", "col": "/Column", "colgroup": "/Column", "rowgroup": "/Row"}


def finish(document, pdf) -> None:
    """The ``finisher`` of ``Document.write_pdf``: scopes, headers and link words."""
    for page in document.pages:
        _walk(page._page_box, in_thead=False)


def _walk(box, *, in_thead: bool) -> None:
    tag = getattr(box, "element_tag", None)
    if tag == "table" and getattr(box, "children", None):
        _table_headers(box)
    if getattr(box, "link_annotation", None) is not None and box.element is not None:
        words = " ".join("".join(box.element.itertext()).split())
        if words:
            box.link_annotation["Contents"] = pydyf.String(words)
    mark = getattr(box, "mark", None)
    if tag == "th" and mark is not None and box.element is not None:
        scope = SCOPES.get(box.element.get("scope", ""), "/Column" if in_thead else "/Row")
        mark["A"]["Scope"] = scope
    for child in getattr(box, "children", None) or ():
        _walk(child, in_thead=in_thead or tag == "thead")


def _rows(box, *, head: bool = False):
    """(row box, in thead) of a table box, in order."""
    for child in box.children:
        tag = getattr(child, "element_tag", None)
        if tag == "tr":
            yield child, head
        elif getattr(child, "children", None) is not None and tag in ("thead", "tbody", "tfoot", None):
            yield from _rows(child, head=head or tag == "thead")


def _table_headers(table) -> None:
    """Give every data cell the header cells it sits under: the column headers of its column (from
    the header rows, rowspans counted) and the last criterion or group heading row before it."""
    columns: dict[int, list] = {}
    spanned: dict[int, int] = {}  # column → rows still covered by a cell above (rowspan)
    heading = None  # the last full-width heading row's cell (a criterion or group heading)
    for row, in_thead in _rows(table):
        column, row_heads = 0, []
        for cell in row.children:
            while spanned.get(column):
                spanned[column] -= 1
                column += 1
            mark = getattr(cell, "mark", None)
            tag = getattr(cell, "element_tag", None)
            span = getattr(cell, "colspan", 1)
            for index in range(column, column + span):
                spanned[index] = getattr(cell, "rowspan", 1) - 1
            if mark is not None and tag == "th":
                if "ID" not in mark:
                    mark["ID"] = pydyf.String(f"th-{id(cell)}")
                if in_thead:
                    for index in range(column, column + span):
                        columns.setdefault(index, []).append(mark["ID"])
                elif cell.element is not None and cell.element.get("scope") in ("colgroup", "rowgroup"):
                    heading = mark["ID"]
                else:
                    row_heads.append(mark["ID"])
            elif mark is not None and tag == "td":
                headers = [h for index in range(column, column + span) for h in columns.get(index, [])]
                headers += row_heads
                if heading is not None:
                    headers.append(heading)
                if headers:
                    mark["A"]["Headers"] = pydyf.Array(headers)
            column += span
