"""CSV that a spreadsheet cannot run: every text cell that could be read as a formula (starting
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe. Shared by every download
(the cases app's moderation figures and the reports app's exports), so it lives in the project."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text value a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(row: Iterable) -> list:
    """A row's cells as the CSV writer takes them: text neutralised, anything else as it is (the
    writer prints None as an empty cell and other values as ``str`` would). The one loop every
    exported cell goes through, hence written out rather than calling ``neutralise``."""
    return ["'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value for value in row]


def write_csv(rows: Iterable[list], header: list[str], out) -> None:
    """Write a header and rows to the text stream ``out`` as CSV, every text cell neutralised."""
    for chunk in csv_chunks(rows, header):
        out.write(chunk)


def csv_chunks(
    rows: Iterable[list], header: list[str], *, rows_per_chunk: int = 1000, neutralised: bool = False
) -> Iterator[str]:
    """``write_csv`` as text chunks of ``rows_per_chunk`` rows: a streamed download holds one chunk at a time.
    ``neutralised``: the rows' text cells are neutralised already (by ``neutralise``), as a large
    export does once per distinct value rather than once per cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_cells(header))
    rows = iter(rows)
    while chunk := list(islice(rows, rows_per_chunk)):
        writer.writerows(chunk if neutralised else map(_cells, chunk))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():  # the header alone
        yield out.getvalue()
