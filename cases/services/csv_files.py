"""Reading the exchange CSV files (DOMAIN.md) as a stream: decoding, parsing, the header row, and
the problems found.

    problems = Problems(source)
    csv_file = CsvFile(data=upload, source=source, max_bytes=..., columns=..., required=...)
    for number, values in csv_file.rows(problems):   # {column: value}, spreadsheet row numbers
        ...
    problems.raise_if_any()

The file is never held whole in memory: its size is checked before anything is read, then it is
decoded and parsed row by row. Every problem is a message naming the file and, where there is
one, the row and column, so a person can find it in their spreadsheet; past ``MAX_PROBLEMS`` only
the count goes on, and the refusal ends with how many more there are.
"""

import csv
import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from inspection.errors import FileRejectedError

MAX_PROBLEMS = 100
READ_SIZE = 64 * 1024


class Problems:
    """A file's problems: the first ``limit`` messages kept, all of them counted."""

    def __init__(self, source: str, *, limit: int = MAX_PROBLEMS):
        self.source = source
        self.limit = limit
        self.count = 0
        self.messages: list = []  # str, or objects whose str() is known only at the end of the file

    def add(self, message) -> None:
        self.count += 1
        if len(self.messages) < self.limit:
            self.messages.append(message)

    def __bool__(self) -> bool:
        return self.count > 0

    def listed(self) -> list[str]:
        listed = [str(message) for message in self.messages]
        more = self.count - len(listed)
        if more:
            listed.append(
                f"{self.source}: …and {more:,} more problem{'s' if more != 1 else ''}: "
                "fix these and upload the file again"
            )
        return listed

    def raise_if_any(self) -> None:
        if self:
            raise FileRejectedError(self.listed(), total=self.count)


class _Raw(io.RawIOBase):
    """Any object with ``read(n)`` (an upload, an open file) as a raw stream for ``io`` to buffer."""

    def __init__(self, source):
        self.source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.source.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _size(data) -> int | None:
    size = getattr(data, "size", None)
    if size is not None:
        return size
    try:
        return os.fstat(data.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        pass
    try:  # an in-memory file: its end
        end = data.seek(0, io.SEEK_END)
        data.seek(0)
        return end
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


def _binary(*, data: bytes | str | BinaryIO, source: str, max_bytes: int) -> BinaryIO:
    """The file as a binary stream, once its size is known to be within ``max_bytes``."""
    if isinstance(data, str):
        # Text given directly (tests, the shell): as the bytes a file would hold. A lone surrogate has
        # no UTF-8 form, so it is refused below as any file that is not UTF-8.
        data = data.encode("utf-8", "surrogatepass")
    size = len(data) if isinstance(data, bytes) else _size(data)
    if size is not None and size > max_bytes:
        raise FileRejectedError([f"{source}: the file is larger than {max_bytes / (1024 * 1024):g} MB"])
    if isinstance(data, bytes):
        return io.BytesIO(data)
    if hasattr(data, "seek"):
        data.seek(0)
    return _Raw(data)


class CsvFile:
    """An exchange CSV file read row by row. ``header`` is checked when it is first asked for."""

    def __init__(self, *, data, source: str, max_bytes: int, columns: list[str], required: list[str]):
        self.source = source
        self.columns = columns
        self.required = required
        self.max_bytes = max_bytes
        self._text = io.TextIOWrapper(
            io.BufferedReader(_binary(data=data, source=source, max_bytes=max_bytes), READ_SIZE),
            encoding="utf-8-sig",
            newline="",
        )
        self._reader = csv.reader(self._text)
        self._read = 0  # records read, header included: the spreadsheet number of the last row read
        self._header: list[str] | None = None

    def _next(self) -> list[str] | None:
        try:
            cells = next(self._reader)
        except StopIteration:
            return None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise self._unreadable(exc) from exc
        self._read += 1
        return cells

    def _unreadable(self, exc: Exception) -> FileRejectedError:
        if isinstance(exc, UnicodeDecodeError):
            return FileRejectedError(
                [
                    f"{self.source}: the file is not UTF-8 text (row {self._read + 1} cannot be read): "
                    "save it as UTF-8 and upload it again"
                ]
            )
        return FileRejectedError([f"{self.source}, row {self._read + 1}: not a readable CSV file ({exc})"])

    @property
    def header(self) -> list[str]:
        """The header row's column names; every unknown, repeated or missing column is refused."""
        if self._header is None:
            self._header = read_header(
                row=self._next(), source=self.source, columns=self.columns, required=self.required
            )
        return self._header

    def rows(self, problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, {column: value}) for each row with data, as a spreadsheet numbers it.

        Blank rows are skipped; a row of the wrong length, or with a NUL character (which no text
        may hold), is a problem and is not given.
        """
        header = self.header
        for number, cells in self.records(problems):
            yield number, dict(zip(header, cells, strict=True))

    def records(self, problems: Problems) -> Iterator[tuple[int, list[str]]]:
        """``rows`` as lists of cells in the header's order (no dict built: the judgements import
        reads 200k rows)."""
        width = len(self.header)
        try:  # ``_next`` written out: a method call fewer a row
            for cells in self._reader:
                self._read += 1
                joined = "".join(cells)
                if len(cells) == width and "\x00" not in joined and joined.strip():
                    yield self._read, cells
                elif joined.strip():  # blank lines (e.g. at the end of a spreadsheet export) are skipped
                    self._refuse(cells, problems)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise self._unreadable(exc) from exc

    def _refuse(self, cells: list[str], problems: Problems) -> None:
        """The problems of a row of the wrong length or with a NUL character."""
        header, number = self.header, self._read
        if len(cells) != len(header):
            problems.add(
                f"{self.source}, row {number}: has {len(cells)} values but the header has {len(header)} columns"
            )
            return
        for column, value in zip(header, cells, strict=True):
            if "\x00" in value:
                problems.add(
                    f"{self.source}, row {number}, {column}: contains a NUL character (a zero byte), "
                    "which a value may not hold: remove it"
                )


def read_header(*, row: list[str] | None, source: str, columns: list[str], required: list[str]) -> list[str]:
    """The header row's column names; every unknown, repeated or missing column is an error."""
    if not row or not any(cell.strip() for cell in row):
        raise FileRejectedError([f"{source}, row 1: the header row is missing; expected columns {', '.join(columns)}"])
    header = [cell.strip() for cell in row]
    errors = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column not in columns:
            shown = column.replace("\x00", "\\x00")[:50]
            errors.append(
                f"{source}, row 1, column {position}: unknown column '{shown}'; expected any of {', '.join(columns)}"
            )
        elif column in seen:
            errors.append(f"{source}, row 1, column {position}: column '{column}' appears more than once")
        seen.add(column)
    errors.extend(f"{source}, row 1: required column '{c}' is missing" for c in required if c not in header)
    if errors:
        raise FileRejectedError(errors)
    return header
