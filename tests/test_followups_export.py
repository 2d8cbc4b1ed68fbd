"""Exporting the Follow Up list: same filters and scope, no internal comment unless asked,
no formula injection, CSV and XLSX."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

TODAY = date(2026, 11, 27)


@pytest.fixture
def noon():
    with time_machine.travel(datetime(2026, 11, 27, 15, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def entries(factory, admin):
    factory.entry(factory.party("=HYPERLINK(\"http://evil\")", phone="(11) 3456-7890"), admin,
                  return_date=TODAY, notes="+55 ligar", complaints="@reclamou",
                  internal_comment="Margem baixa: não dar desconto")
    factory.entry(factory.party("Padaria"), admin, return_date=date(2026, 12, 10),
                  notes="-desconto pedido", internal_comment="segredo")


def read_csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_follows_the_filters_and_leaves_the_internal_comment_out(noon, signed_in, entries):
    response = signed_in.get("/followups/export.csv?period=today")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Data Retorno", "Cliente/Fornecedor", "Código", "Nome"]
    assert "Comentário Interno" not in rows[0]
    assert len(rows) == 2  # header + today's one
    body = response.get_data().decode("utf-8-sig")
    assert "Margem baixa" not in body and "segredo" not in body


def test_cells_that_look_like_formulas_are_neutralised(noon, signed_in, entries):
    rows = read_csv(signed_in.get("/followups/export.csv"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells
    assert "'+55 ligar" in cells and "'@reclamou" in cells and "'-desconto pedido" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_internal_comment_only_when_asked(noon, signed_in, entries):
    rows = read_csv(signed_in.get("/followups/export.csv?internal=1"))
    assert rows[0][-1] == "Comentário Interno"
    assert {row[-1] for row in rows[1:]} == {"Margem baixa: não dar desconto", "segredo"}


def test_xlsx_has_the_same_rows_and_no_formulas(noon, signed_in, entries):
    response = signed_in.get("/followups/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Data Retorno" and len(values) == 3
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert values[1][3] == "'=HYPERLINK(\"http://evil\")"


def test_export_respects_the_users_scope(noon, web, factory, entries):
    factory.user("vendas")
    web.login("vendas")
    rows = read_csv(web.get("/followups/export.csv?status=all&internal=1"))
    assert rows[1:] == []
    assert web.get("/followups/export.pdf").status_code == 404


def test_the_list_offers_the_export(noon, signed_in, entries):
    page = signed_in.get("/followups/?period=today").get_data(as_text=True)
    assert 'action="/followups/export.csv"' in page and 'name="period" value="today"' in page
