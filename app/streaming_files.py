"""CSV and XLSX files written while they download: rows go out in chunks, never held whole.

The XLSX is a zip written to a pipe (zipfile on an unseekable stream puts each member's sizes
after its data), with the sheet XML written row by row as inline strings: memory stays flat
however many rows there are. Every cell is text; callers neutralise formula-looking values.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

CHUNK = 64 * 1024
SHEET_ROWS = 1_048_576  # Excel's last row: more rows continue on another sheet
CELL_MAX = 32_767  # characters Excel keeps in one cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralise(value: str) -> str:
    """Make a cell inert in Excel/LibreOffice (CSV injection): a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_chunks(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """CSV as Brazilian spreadsheets open it (UTF-8 with BOM, semicolons), in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the download starts at once
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class _Pipe(io.RawIOBase):
    """An unseekable file that keeps what was written until it is drained."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, AB … for the first count columns."""
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def cell_text(value: str) -> str:
    """A value as sheet XML text: characters XML cannot hold dropped, Excel's length kept."""
    return escape(_NOT_XML.sub("", value)[:CELL_MAX])


def _row_xml(number: int, letters: list[str], values: list[str], style: str = "") -> str:
    cells = "".join(f'<c r="{letter}{number}" t="inlineStr"{style}><is><t xml:space="preserve">'
                    f"{cell_text(value)}</t></is></c>"
                    for letter, value in zip(letters, values, strict=False) if value)
    return f'<row r="{number}">{cells}</row>'


def xlsx_chunks(title: str, header: list[str], rows: Iterable[list[str]],
                sheet_rows: int = SHEET_ROWS) -> Iterator[bytes]:
    """An XLSX workbook of one table of text cells, in chunks (see workbook_chunks)."""
    return workbook_chunks([(title, header, rows)], sheet_rows)


def workbook_chunks(tables: Iterable[tuple[str, list[str], Iterable[list[str]]]],
                    sheet_rows: int = SHEET_ROWS) -> Iterator[bytes]:
    """An XLSX workbook with a sheet per (title, header, rows), header in bold and frozen, in
    chunks; past sheet_rows rows (header included) a table goes on in another sheet."""
    pipe = _Pipe()
    names: list[str] = []
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for title, header, rows in tables:
            letters, remaining, part, more = column_letters(len(header)), iter(rows), 1, True
            while more:
                names.append(title[:31] if part == 1 else f"{title[:26]} ({part})")
                member = f"xl/worksheets/sheet{len(names)}.xml"
                with book.open(member, "w", force_zip64=True) as sheet:
                    more = yield from _write_sheet(sheet, pipe, letters, header, remaining,
                                                   sheet_rows)
                part += 1
        _write_workbook(book, names)
    yield pipe.drain()


def _write_sheet(sheet, pipe: _Pipe, letters: list[str], header: list[str],
                 rows: Iterator[list[str]], sheet_rows: int) -> Iterator[bytes]:
    """Write one sheet from rows; yield the zip's bytes as they fill; return whether rows remain."""
    parts = [SHEET_START, _row_xml(1, letters, header, ' s="1"')]
    size, number = 0, 1
    for row in rows:
        number += 1
        text = _row_xml(number, letters, row)
        parts.append(text)
        size += len(text)
        if size >= CHUNK:
            sheet.write("".join(parts).encode("utf-8"))
            parts, size = [], 0
            if pipe.size >= CHUNK:
                yield pipe.drain()
        if number == sheet_rows:
            break
    else:
        sheet.write(("".join(parts) + SHEET_END).encode("utf-8"))
        return False
    sheet.write(("".join(parts) + SHEET_END).encode("utf-8"))
    return True


def _write_workbook(book: zipfile.ZipFile, names: list[str]) -> None:
    sheets = len(names)
    sheet_list = "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, name in enumerate(names, start=1))
    book.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, sheets + 1))))
    book.writestr("_rels/.rels", ROOT_RELS)
    book.writestr("xl/workbook.xml", WORKBOOK.format(sheets=sheet_list))
    book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(sheets="".join(
        f'<Relationship Id="rId{n}" Type="{SHEET_REL}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)), styles=sheets + 1))
    book.writestr("xl/styles.xml", STYLES)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_REL = OFFICE_REL + "/worksheet"
SHEET_START = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>')
SHEET_END = "</sheetData></worksheet>"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
    f'xmlns:r="{OFFICE_REL}"><sheets>{{sheets}}</sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'{{sheets}}<Relationship Id="rId{{styles}}" Type="{OFFICE_REL}/styles" '
    'Target="styles.xml"/></Relationships>')
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
