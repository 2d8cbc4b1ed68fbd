"""Exporting the Follow Up list: same filters and scope, no internal comment unless asked,
no formula injection, CSV and XLSX."""

import csv
import io
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import insert

from app.extensions import db
from app.models import FollowUpEntry

from .conftest import Browser

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


def read_csv_text(response) -> str:
    return response.get_data().decode("utf-8-sig")


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


def many_entries(app, factory, admin, count: int) -> None:
    """count more entries of one follow-up, inserted in one statement."""
    first = factory.entry(factory.party("Atacado Grande"), admin, return_date=TODAY)
    with app.app_context():
        rows = [{"follow_up_id": first.follow_up_id, "party_id": first.party_id,
                 "responsible_id": admin.id, "type_id": first.type_id,
                 "contacted_at": datetime(2026, 11, 20, 13, tzinfo=UTC), "return_date": TODAY,
                 "status": "open", "notes": f"Contato {n}", "created_by_id": admin.id}
                for n in range(count - 1)]
        db.session.execute(insert(FollowUpEntry), rows)
        db.session.commit()


def test_every_selected_row_is_streamed_in_both_formats(noon, app, signed_in, factory, admin):
    many_entries(app, factory, admin, 2500)  # more than one batch read from the cursor
    response = signed_in.get("/followups/export.csv?status=all")
    assert response.is_streamed
    rows = read_csv(response)
    assert len(rows) == 2501 and rows[-1][8] == "Contato 2498"
    response = signed_in.get("/followups/export.xlsx?status=all")
    assert response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 2501


def test_a_save_goes_through_while_an_export_is_downloading(noon, app, signed_in, factory, admin):
    many_entries(app, factory, admin, 2500)
    response = signed_in.client.get("/followups/export.csv?status=all", buffered=False)
    chunks = iter(response.response)
    first = next(chunks) + next(chunks)  # the header at once, then rows: the reading began
    assert first.startswith("\ufeff".encode()) and b"Contato 1;" in first
    party = factory.party("Cliente Novo")
    form = {"contacted_at": "27/11/2026 09:00", "return_date": "30/11/2026",
            "type_id": str(factory.type_id()), "status": "open",
            "notes": "Salvo durante a exportação"}
    statuses = []

    def save() -> None:  # another user's request: its own thread, as the server runs it
        saver = Browser(app.test_client())
        saver.login("admin")
        statuses.append(saver.post(f"/followups/new/entry?party={party.id}", form).status_code)

    saving = threading.Thread(target=save)
    saving.start()
    saving.join(timeout=60)
    assert statuses == [302]
    rest = b"".join(chunks)
    response.close()
    exported = (first + rest).decode("utf-8-sig")
    # One snapshot: the rows as they were when the reading began, the new one not half-in.
    assert exported.count("\r\n") == 2501 and "Salvo durante" not in exported
    assert "Salvo durante" in read_csv_text(signed_in.get("/followups/export.csv?status=all"))


def test_the_text_search_and_the_party_kind_filter_the_export_too(noon, signed_in, entries):
    rows = read_csv(signed_in.get("/followups/export.csv?status=all&q=pedido"))
    assert [row[3] for row in rows[1:]] == ["Padaria"]
    assert read_csv(signed_in.get("/followups/export.csv?status=all&pkind=supplier"))[1:] == []
