"""Reading the exchange CSV files (DOMAIN.md): decoding, parsing and checking the header row.

Every problem is a ``FileRejectedError`` message naming the file and, where there is one, the row
and column, so a person can find it in their spreadsheet.
"""

import csv
import io

from inspection.errors import FileRejectedError


def read_rows(*, data: bytes | str, source: str, max_bytes: int) -> list[list[str]]:
    """The file's rows (header first). Bytes must be UTF-8 (a byte-order mark is dropped)."""
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise FileRejectedError([f"{source}: the file is larger than {max_bytes // (1024 * 1024)} MB"])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileRejectedError(
                [f"{source}: the file is not UTF-8 text (byte {exc.start} cannot be read)"]
            ) from exc
    else:
        text = data.removeprefix("\ufeff")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FileRejectedError([f"{source}: not a readable CSV file ({exc})"]) from exc


def read_header(*, rows: list[list[str]], source: str, columns: list[str], required: list[str]) -> list[str]:
    """The header row's column names; every unknown, repeated or missing column is an error."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileRejectedError([f"{source}, row 1: the header row is missing; expected columns {', '.join(columns)}"])
    header = [cell.strip() for cell in rows[0]]
    errors = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column not in columns:
            errors.append(
                f"{source}, row 1, column {position}: unknown column '{column}'; expected any of {', '.join(columns)}"
            )
        elif column in seen:
            errors.append(f"{source}, row 1, column {position}: column '{column}' appears more than once")
        seen.add(column)
    errors.extend(f"{source}, row 1: required column '{c}' is missing" for c in required if c not in header)
    if errors:
        raise FileRejectedError(errors)
    return header
