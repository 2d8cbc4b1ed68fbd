"""Relatório de Reclamações: counts and the list by period, customer, product (from the linked
documents' lines) and type; the same filters in the CSV and XLSX; print styles."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from app.extensions import db
from app.models import Complaint, FollowUp
from app.sales.lines import LineInput
from app.sales.services import DocumentInput, create_document

from .alerts_helpers import configure, sp

THURSDAY = sp(2026, 11, 19, 10, 0)


def complaint_on(factory, party, user, day: date, type_name: str, text: str):
    """An entry typed on that day with a complaint (the complaint opens that day)."""
    with time_machine.travel(sp(day.year, day.month, day.day, 10, 0), tick=False):
        return factory.entry(party, user, return_date=day, type_name=type_name,
                             contacted_at=datetime(day.year, day.month, day.day, 9, 0),
                             complaints=text)


def sale_of(app, party, follow_up_id: int, *codes: str) -> None:
    """A sale started from the follow-up, one line per product code."""
    lines = [LineInput(product_code=code, quantity=Decimal("1"), unit_price=Decimal("10"),
                       discount=Decimal("0")) for code in codes]
    with app.app_context():
        create_document("sale", DocumentInput(issued_on=date(2026, 10, 1),
                                              customer_code=str(party.code),
                                              salesperson_id=None, notes="", lines=lines),
                        db.session.get(FollowUp, follow_up_id), by=None)
        db.session.commit()


def set_status(app, entry_id: int, status: str) -> None:
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint).where(Complaint.entry_id == entry_id))
        complaint.status = status
        db.session.commit()


@pytest.fixture
def world(app, factory, admin):
    """Four complaints of two customers, two types and two products, three statuses."""
    configure(app)
    alfa, beta = factory.party("Alfa Pães"), factory.party("Beta Doces")
    factory.product("FORNO-1", "Forno elétrico")
    factory.product("MASS-2", "Masseira")
    one = complaint_on(factory, alfa, admin, date(2026, 10, 5), "Pós-Venda", "Forno não liga")
    sale_of(app, alfa, one.follow_up_id, "FORNO-1")
    two = complaint_on(factory, alfa, admin, date(2026, 11, 10), "Assistência Técnica",
                       "Masseira barulhenta")
    sale_of(app, alfa, two.follow_up_id, "MASS-2")
    set_status(app, two.id, "resolved")
    three = complaint_on(factory, beta, admin, date(2026, 11, 18), "Pós-Venda",
                         "Entrega atrasada")
    sale_of(app, beta, three.follow_up_id, "FORNO-1", "MASS-2")
    set_status(app, three.id, "progress")
    complaint_on(factory, beta, admin, date(2026, 11, 19), "Pós-Venda", "=Cobrança em dobro")
    with time_machine.travel(sp(2026, 11, 19, 11, 0), tick=False):
        factory.entry(beta, admin, return_date=date(2026, 11, 19))  # no complaint: not counted
    return {"alfa": alfa, "beta": beta}


def counts(page: str) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r'<dd id="count-([a-z]+)">(\d+)</dd>', page)}


def listed(page: str) -> list[str]:
    body = page.split('class="grid report-list"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="prewrap">([^<]*)</td>', body)


def report(web, query: str = "") -> str:
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        response = web.get(f"/complaints/report{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_report_counts_every_complaint_by_status_type_and_product(world, web):
    page = report(web)
    assert counts(page) == {"total": 4, "open": 2, "progress": 1, "resolved": 1, "overdue": 1}
    assert listed(page) == ["=Cobrança em dobro", "Entrega atrasada", "Masseira barulhenta",
                            "Forno não liga"]
    by_type = page.split('id="by-type"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td>([^<]+)</td><td class=\"num\">(\d+)</td>", by_type) == [
        ("Pós-Venda", "3"), ("Assistência Técnica", "1")]
    by_product = page.split('id="by-product"', 1)[1].split("</table>", 1)[0]
    assert sorted(re.findall(r"<td>([^<]+)</td><td class=\"num\">(\d+)</td>", by_product)) == [
        ("FORNO-1 – Forno elétrico", "2"), ("MASS-2 – Masseira", "2")]


@pytest.mark.parametrize("query,expected", [
    ("?date_from=01/11/2026&date_to=18/11/2026", ["Entrega atrasada", "Masseira barulhenta"]),
    ("?product=forno-1", ["Entrega atrasada", "Forno não liga"]),
    ("?status=resolved", ["Masseira barulhenta"]),
])
def test_the_filters_narrow_the_list_and_the_counts(world, web, query, expected):
    page = report(web, query)
    assert listed(page) == expected
    assert counts(page)["total"] == len(expected)


def test_the_customer_and_type_filters(world, web, factory):
    page = report(web, f"?customer={world['beta'].code}")
    assert listed(page) == ["=Cobrança em dobro", "Entrega atrasada"]
    type_id = factory.type_id("Assistência Técnica")
    assert listed(report(web, f"?type_id={type_id}")) == ["Masseira barulhenta"]


@pytest.mark.parametrize("query,field,message", [
    ("?customer=999", "customer", "Nenhum cliente com o código 999."),
    ("?product=NADA", "product", "Nenhum produto com o código NADA."),
    ("?date_from=10/11/2026&date_to=01/11/2026", "date_to",
     "O fim do período não pode ser antes do início."),
])
def test_a_bad_filter_gets_a_message_beside_it(world, web, query, field, message):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        response = web.get(f"/complaints/report{query}")
    assert response.status_code == 422
    assert re.search(rf'id="{field}-msg" role="alert">{message}</p>',
                     response.get_data(as_text=True))


def test_csv_and_xlsx_carry_the_filtered_list(world, web):
    code = world["beta"].code
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        as_csv = web.get(f"/complaints/report.csv?customer={code}")
        as_xlsx = web.get(f"/complaints/report.xlsx?customer={code}")
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[0][:3] == ["Aberta em", "Código", "Cliente"]
    assert [row[5] for row in rows[1:]] == ["'=Cobrança em dobro", "Entrega atrasada"]
    assert rows[2][4] == "FORNO-1 – Forno elétrico, MASS-2 – Masseira"
    sheet = load_workbook(io.BytesIO(as_xlsx.data)).active
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "'=Cobrança em dobro", "Entrega atrasada"]


def test_the_report_prints_without_the_filters(world, web):
    page = report(web)
    assert 'href="/static/complaints.css"' in page
    assert 'class="filters no-print"' in page
    css = (web.get("/static/complaints.css").get_data(as_text=True))
    assert "@media print" in css and ".no-print" in css
