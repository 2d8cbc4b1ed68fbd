"""F5 where the manual puts it (#12.4): [Orçamento] [Ped. Venda] [Venda] beside the customer's
name on Follow Up – Clientes e Fornecedores before the first entry, and on an entry opened from
the list; refused for suppliers also when forged. And the type a follow-up started from a
document gets (#12.6) — through the HTTP interface."""

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.models import FollowUp, FollowUpEntry, SalesDocument

from .sales_helpers import doc_form, line


def count(factory, model) -> int:
    return factory.scalar(select(func.count(model.id)))


def start_buttons(page: str) -> dict[str, str]:
    """The F5 buttons of the start screen (label → value), and whether they are shown."""
    group = re.search(r'<div class="f5-buttons" role="group" data-f5-buttons([^>]*)>(.*?)</div>',
                      page, re.S)
    assert group, "no F5 buttons on the start screen"
    buttons = dict((label, value) for value, label in re.findall(
        r'<button type="submit" name="document" value="(\w+)">([^<]+)</button>', group.group(2)))
    return {"hidden": "hidden" in group.group(1), **buttons}


def selected_type(page: str) -> str:
    """The type the entry form starts with (none marked selected: the first, as a browser does)."""
    options = re.findall(r'<option (selected )?value="\d+">([^<]+)</option>',
                         page.split('id="type_id"')[1].split("</select>")[0])
    return next((name for selected, name in options if selected), options[0][1])


def test_the_code_of_a_customer_shows_the_f5_buttons(signed_in, factory):
    customer = factory.party("Padaria Pão Quente")
    page = signed_in.get(f"/followups/new?kind=customer&code={customer.code}").get_data(
        as_text=True)
    assert start_buttons(page) == {"hidden": False, "Orçamento": "quotes", "Ped. Venda": "orders",
                                   "Venda": "sales"}
    # Before a code shows a customer they are in the page, hidden (follow_up_start.js shows them).
    assert start_buttons(signed_in.get("/followups/new").get_data(as_text=True))["hidden"]
    assert "follow_up_start.js" in page


@pytest.mark.parametrize("slug,kind,type_name", [("quotes", "quote", "Em Análise"),
                                                 ("orders", "order", "Em Análise"),
                                                 ("sales", "sale", "Pós-Venda")])
def test_f5_from_the_code_screen_creates_the_document_and_the_follow_up(
        signed_in, factory, admin, slug, kind, type_name):
    customer = factory.party("Padaria Pão Quente")
    response = signed_in.post("/followups/new", {"kind": "customer", "code": str(customer.code),
                                                 "document": slug})
    assert response.status_code == 302
    url = html.unescape(response.location)
    assert url == f"/documents/{slug}/new?customer={customer.code}&new_follow_up=1"
    page = signed_in.get(url).get_data(as_text=True)
    assert "Ao salvar, também começa um Follow Up para este cliente" in page
    assert re.search(rf'name="customer_code"[^>]*value="{customer.code}"', page)
    assert count(factory, FollowUp) == 0  # nothing until the document is saved

    response = signed_in.post(url, doc_form(customer.code, [line("Forno", "1", "1.500,00")],
                                            **({"status": "open"} if kind == "quote" else {})))
    assert response.status_code == 302
    document = factory.scalar(select(SalesDocument))
    follow_up = factory.scalar(select(FollowUp))
    assert (document.kind, document.party_id) == (kind, customer.id)
    # Linked both ways: the follow-up starts from the document, the document belongs to it.
    assert (follow_up.party_id, follow_up.origin_document_id, follow_up.responsible_id) == (
        customer.id, document.id, admin.id)
    assert document.follow_up_id == follow_up.id
    # Then the follow-up's first entry, with the type the document kind gives.
    assert response.location == f"/followups/{follow_up.id}/entries/new"
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Inclusão de Observações do Follow Up" in page
    assert selected_type(page) == type_name
    page = signed_in.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'href="/followups/{follow_up.id}"' in page
    page = signed_in.get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert f'href="/documents/{document.id}"' in page


def test_a_refused_document_creates_no_follow_up(signed_in, factory):
    customer = factory.party("Padaria Pão Quente")
    url = f"/documents/orders/new?customer={customer.code}&new_follow_up=1"
    response = signed_in.post(url, doc_form(customer.code, []))
    assert response.status_code == 422
    assert count(factory, FollowUp) == 0 and count(factory, SalesDocument) == 0


def test_f5_is_refused_for_a_supplier_also_when_forged(signed_in, factory):
    supplier = factory.party("Distribuidora Sul", kind="supplier")
    page = signed_in.get(f"/followups/new?kind=supplier&code={supplier.code}").get_data(
        as_text=True)
    assert start_buttons(page)["hidden"]
    response = signed_in.post("/followups/new", {"kind": "supplier", "code": str(supplier.code),
                                                 "document": "quotes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="code-msg" role="alert">[^<]*Distribuidora Sul é um fornecedor', page)
    assert f'value="{supplier.code}"' in page
    # The document's own page refuses a supplier's code too: nothing is created.
    response = signed_in.post(f"/documents/quotes/new?customer={supplier.code}&new_follow_up=1",
                              doc_form(supplier.code, [line()], status="open"))
    assert response.status_code == 422
    assert count(factory, FollowUp) == 0 and count(factory, SalesDocument) == 0


def test_f5_from_the_code_screen_needs_incluir(web, factory):
    factory.user("vendas", can_access_followups=True, can_add_followups=False)
    customer = factory.party("Padaria Pão Quente")
    web.login("vendas")
    response = web.post(f"/documents/sales/new?customer={customer.code}&new_follow_up=1",
                        doc_form(customer.code, [line()]))
    assert response.status_code == 403
    assert count(factory, FollowUp) == 0 and count(factory, SalesDocument) == 0


def test_an_entry_opened_from_the_list_offers_f5_for_a_customer_only(signed_in, factory, admin):
    customer = factory.entry(factory.party("Padaria Pão Quente"), admin,
                             return_date=date.today() + timedelta(days=1))
    supplier = factory.entry(factory.party("Distribuidora Sul", kind="supplier"), admin,
                             return_date=date.today() + timedelta(days=1))
    page = signed_in.get(f"/entries/{customer.id}").get_data(as_text=True)
    head = page.split('class="party-head"')[1].split("</div>")[0]
    for slug, label in (("quotes", "Orçamento"), ("orders", "Ped. Venda"), ("sales", "Venda")):
        assert (f'<a class="button" href="/documents/{slug}/new?follow_up='
                f'{customer.follow_up_id}">{label}</a>') in head
    page = signed_in.get(f"/entries/{supplier.id}").get_data(as_text=True)
    assert "/documents/quotes/new" not in page
    # The document started there belongs to that follow-up.
    response = signed_in.post(f"/documents/quotes/new?follow_up={customer.follow_up_id}",
                              doc_form(factory.get(FollowUpEntry, customer.id, "party")
                                       .party.code, [line()], status="open",
                                       follow_up=str(customer.follow_up_id)))
    assert response.status_code == 302
    assert factory.scalar(select(SalesDocument.follow_up_id)) == customer.follow_up_id


def test_the_type_per_document_kind_is_a_setting(signed_in, factory, admin):
    page = signed_in.get("/settings/").get_data(as_text=True)
    assert "Follow Up iniciado por um documento de venda" in page
    assert '<label for="sale">Venda</label>' in page
    response = signed_in.post("/settings/document-types", {
        "quote": str(factory.type_id("Prospecção")), "order": "0",
        "sale": str(factory.type_id("Cobrança"))})
    assert response.status_code == 302
    customer = factory.party("Padaria Pão Quente")
    sale = factory.document("sale", customer, admin)
    quote = factory.document("quote", customer, admin)
    order = factory.document("order", customer, admin)
    for document, expected in ((sale, "Cobrança"), (quote, "Prospecção"), (order, "Em Análise")):
        page = signed_in.get(f"/followups/new/entry?party={customer.id}&origin={document.id}"
                             ).get_data(as_text=True)
        assert selected_type(page) == expected, document.kind  # order: the first type


def test_a_forged_type_for_a_document_kind_is_refused(signed_in, factory):
    response = signed_in.post("/settings/document-types", {"quote": "999", "order": "0",
                                                           "sale": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="quote-msg" role="alert">Escolha um Tipo de Follow Up da lista', page)
