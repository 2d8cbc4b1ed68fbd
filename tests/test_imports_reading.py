"""Files the importer refuses with a clear reason, having imported nothing."""

import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.imports.reading import MAX_COLUMNS, BadFile, read_table
from app.models import Party

from .imports_helpers import write_csv, write_xlsx


def reason(app, path) -> str:
    with app.test_request_context(), pytest.raises(BadFile) as refused:
        read_table(path)
    return str(refused.value.message)


def test_an_empty_file(app, tmp_path):
    (tmp_path / "vazio.csv").write_bytes(b"")
    assert reason(app, tmp_path / "vazio.csv") == "The file is empty."


def test_a_header_without_rows(app, tmp_path):
    path = write_csv(tmp_path / "so.csv", [["Código", "Nome"], ["", ""]])
    assert "only the row of column names" in reason(app, path)


def test_ten_thousand_columns(app, tmp_path):
    path = write_csv(tmp_path / "largo.csv", [[f"c{n}" for n in range(10_000)], ["1"] * 10_000])
    assert f"more than {MAX_COLUMNS} columns" in reason(app, path)


def test_nul_bytes(app, tmp_path):
    (tmp_path / "bin.csv").write_bytes(b"Codigo;Nome\r\n1;A\x00B\r\n")
    assert "NUL bytes" in reason(app, tmp_path / "bin.csv")


def test_mixed_encodings(app, tmp_path):
    (tmp_path / "misto.csv").write_bytes("Código;Nome\r\n".encode() +
                                         "1;São João\r\n".encode("cp1252"))
    assert "mixes two encodings" in reason(app, tmp_path / "misto.csv")


def test_a_file_over_the_limit(app, tmp_path):
    path = tmp_path / "grande.csv"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    assert "too large (200 MB)" in reason(app, path)


@pytest.mark.parametrize(("name", "content"), [
    ("planilha.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
])
def test_an_old_excel_file(app, tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    assert ".xlsx or CSV" in reason(app, tmp_path / name)


def test_a_zip_that_is_no_spreadsheet(app, tmp_path):
    with zipfile.ZipFile(tmp_path / "nada.xlsx", "w") as archive:
        archive.writestr("leia.txt", "oi")
    assert "neither a CSV nor an Excel" in reason(app, tmp_path / "nada.xlsx")


def test_a_pdf_is_no_csv(app, tmp_path):
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(1, 256)) * 10 + b"\x00")
    assert "NUL bytes" in reason(app, tmp_path / "doc.pdf")


def test_an_xlsx_header_is_read_without_its_formatted_empty_columns(app, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Código", "Nome", None, None], [1, "A"]])
    with app.app_context():
        assert read_table(path).headers == ["Código", "Nome"]
        assert db.session.scalar(select(func.count(Party.id))) == 0
