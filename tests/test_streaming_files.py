"""The streamed CSV and XLSX writers: the files open as written, in chunks, sheets roll over."""

import csv
import io

from openpyxl import load_workbook

from app.streaming_files import CHUNK, column_letters, csv_chunks, xlsx_chunks

HEADER = ["Código", "Nome", "Observação"]


def many_rows(count: int):
    for number in range(1, count + 1):
        yield [str(number), f"Cliente {number} & Filhos <Ltda>", "linha\ncom quebra; e ponto"]


def test_csv_comes_in_chunks_and_reads_back():
    chunks = list(csv_chunks(HEADER, many_rows(5000)))
    assert len(chunks) > 2 and all(len(chunk) < 2 * CHUNK for chunk in chunks)
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == HEADER and len(rows) == 5001
    assert rows[5000] == ["5000", "Cliente 5000 & Filhos <Ltda>", "linha\ncom quebra; e ponto"]


def test_xlsx_comes_in_chunks_and_opens_with_every_row():
    chunks = list(xlsx_chunks("Follow Up", HEADER, many_rows(20_000)))
    assert len(chunks) > 2
    book = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True)
    sheet = book["Follow Up"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER and len(values) == 20_001
    assert values[-1] == ["20000", "Cliente 20000 & Filhos <Ltda>", "linha\ncom quebra; e ponto"]


def test_xlsx_goes_on_in_another_sheet_past_the_row_limit():
    data = b"".join(xlsx_chunks("Follow Up", HEADER, many_rows(5), sheet_rows=3))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Follow Up", "Follow Up (2)", "Follow Up (3)"]
    codes = [[row[0] for row in book[name].iter_rows(values_only=True)]
             for name in book.sheetnames]
    assert codes == [["Código", "1", "2"], ["Código", "3", "4"], ["Código", "5"]]


def test_xlsx_drops_characters_xml_cannot_hold_and_keeps_formulas_as_text():
    rows = [["1", "NUL\x00 e sino\x07", "=SUM(A1:A2)"]]
    book = load_workbook(io.BytesIO(b"".join(xlsx_chunks("T", HEADER, rows))))
    cells = list(book.active.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == ["1", "NUL e sino", "=SUM(A1:A2)"]
    assert all(cell.data_type == "s" for cell in cells)


def test_column_letters():
    assert column_letters(28)[-3:] == ["Z", "AA", "AB"]
