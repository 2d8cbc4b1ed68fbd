"""Reading another system's file: CSV in any usual encoding and delimiter, or XLSX values.

A table is read again for each step (preview, dry run, import) instead of kept in memory.
XLSX cells are read as stored: a formula stays its text ("=HYPERLINK(…)"), never evaluated.
"""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

MAX_COLUMNS = 200
MAX_BYTES = 64 * 1024 * 1024  # far above 100,000 customers; a bigger file is not a register
CHUNK = 1024 * 1024
DELIMITERS = (";", ",", "\t")
_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"
# A character UTF-8 writes with two or three bytes: found in a file that is not UTF-8, the
# file mixes encodings (one part saved as UTF-8, another as Windows-1252).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


class BadFile(Exception):
    """The file cannot be read as a table: the message says why, in the user's words."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Table:
    """A file's header and how to read its rows again."""

    path: Path
    headers: list[str]
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only

    @property
    def is_xlsx(self) -> bool:
        return self.encoding is None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as a spreadsheet shows it, values) of every data row not left blank."""
        width = len(self.headers)
        source = _xlsx_rows(self.path) if self.is_xlsx else _csv_rows(self)
        next(source, None)  # the header
        for number, values in enumerate(source, start=2):
            if any(value.strip() for value in values):
                yield number, (values + [""] * width)[:width]

    def count_rows(self) -> int:
        """About how many data rows there are (for a progress bar: lines, not records)."""
        if self.is_xlsx:
            workbook = load_workbook(self.path, read_only=True)
            try:
                rows = workbook.worksheets[0].max_row  # the sheet's recorded size, if any
            finally:
                workbook.close()
            return max(rows - 1, 1) if rows else sum(1 for _row in self.rows())
        with self.path.open("rb") as handle:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(CHUNK), b""))
                       - 1, 1)


def read_table(path: Path) -> Table:
    """Open a CSV or XLSX file and check it holds a header and at least one data row."""
    size = path.stat().st_size
    if size == 0:
        raise BadFile(_l("The file is empty."))
    if size > MAX_BYTES:
        raise BadFile(_l("The file is too large (%(size)s MB): the limit is %(limit)s MB.",
                         size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith(_ZIP):
        table = _xlsx_table(path)
    elif start.startswith(_OLD_EXCEL):
        raise BadFile(_l("This is an old Excel file (.xls): save it as .xlsx or CSV and send "
                         "it again."))
    else:
        table = _csv_table(path)
    if not any(header.strip() for header in table.headers):
        raise BadFile(_l("The first row is blank: it should name the columns."))
    if len(table.headers) > MAX_COLUMNS:
        raise BadFile(_l("The file has more than %(limit)s columns: is it the right file?",
                         limit=MAX_COLUMNS))
    if next(table.rows(), None) is None:
        raise BadFile(_l("The file has only the row of column names: no data to import."))
    return table


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes so; else Windows-1252 (Latin-1
    where it has bytes Windows-1252 leaves undefined); a file mixing both is refused."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8, utf8_seen, holes = True, False, False
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if b"\x00" in chunk:
                raise BadFile(_l("The file contains NUL bytes: it is not a text (CSV) file. "
                                 "Save it as CSV (UTF-8) or XLSX."))
            utf8_seen = utf8_seen or bool(_UTF8_SEQUENCE.search(chunk))
            holes = holes or bool(_CP1252_HOLES.search(chunk))
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        return "utf-8-sig"
    if utf8_seen:
        raise BadFile(_l("The file mixes two encodings (part UTF-8, part Windows-1252): "
                         "accents would come out wrong. Save the whole file again as CSV UTF-8."))
    return "latin-1" if holes else "cp1252"


def detect_delimiter(header_line: str) -> str:
    """The delimiter the header line uses most, outside quotes (";" on a tie: Brazil's Excel)."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {delimiter: outside.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def _csv_table(path: Path) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        first_line = handle.readline(CHUNK)
    table = Table(path, [], encoding, detect_delimiter(first_line))
    headers = next(_csv_rows(table), [])
    return Table(path, [header.strip() for header in headers], encoding, table.delimiter)


def _csv_rows(table: Table) -> Iterator[list[str]]:
    with table.path.open(encoding=table.encoding, newline="") as handle:
        try:
            yield from csv.reader(handle, delimiter=table.delimiter)
        except csv.Error as error:
            raise BadFile(_l("The file is not a readable CSV (%(reason)s).",
                             reason=str(error))) from error


def _xlsx_table(path: Path) -> Table:
    try:
        headers = next(_xlsx_rows(path), [])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise BadFile(_l("The file is neither a CSV nor an Excel spreadsheet (.xlsx).")) from error
    while headers and not headers[-1].strip():
        headers.pop()  # formatted but empty columns
    return Table(path, [header.strip() for header in headers])


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    workbook = load_workbook(path, read_only=True, data_only=False)  # formulas stay text
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell's value as the text a CSV would hold (dates dd/mm/aaaa, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M" if (value.hour, value.minute) != (0, 0)
                              else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
