"""F4 (a follow-up from a customer, supplier, quote, order or sale), F5 (a document from a
follow-up, customers only) and the party's timeline — through the HTTP interface."""

import html
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import FollowUp, FollowUpEntry, SalesDocument

from .sales_helpers import doc_form, line


def entry_form(factory, **overrides) -> dict:
    now = datetime.now()
    data = {"contacted_at": now.strftime("%d/%m/%Y %H:%M"),
            "return_date": (now + timedelta(days=7)).strftime("%d/%m/%Y"),
            "type_id": str(factory.type_id("Pós-Venda")), "status": "open",
            "notes": "Ligar para confirmar a entrega.", "complaints": "", "internal_comment": ""}
    data.update(overrides)
    return data


def follow_up_button(page: str) -> str:
    """The href of the header's Follow Up button (F4)."""
    match = re.search(r'<div class="header-buttons">.*?'
                      r'<a class="button" href="([^"]+)">Follow Up</a>',
                      page, re.S)
    assert match, "no Follow Up button in the header"
    return html.unescape(match.group(1))


def _count(factory, model) -> int:
    return factory.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("screen", ["customer", "supplier"])
def test_f4_from_a_party_screen_opens_a_new_follow_up_for_it(signed_in, factory, screen):
    party = factory.party("Mercado Central", kind=screen)
    url = follow_up_button(signed_in.get(f"/parties/{party.id}").get_data(as_text=True))
    page = signed_in.get(url).get_data(as_text=True)
    assert "Inclusão de Observações do Follow Up" in page and "Mercado Central" in page
    response = signed_in.post(url, entry_form(factory))
    assert response.status_code == 302
    follow_up = factory.scalar(select(FollowUp))
    assert (follow_up.party_id, follow_up.origin_document_id) == (party.id, None)


@pytest.mark.parametrize("kind,label", [("quote", "Orçamento"), ("order", "Pedido de Venda"),
                                        ("sale", "Venda")])
def test_f4_from_a_document_links_the_follow_up_both_ways(signed_in, factory, admin, kind, label):
    customer = factory.party("Padaria Pão Quente")
    factory.document(kind, customer, admin)  # number 1, so the linked one is number 2
    document = factory.document(kind, customer, admin)
    url = follow_up_button(signed_in.get(f"/documents/{document.id}").get_data(as_text=True))
    page = signed_in.get(url).get_data(as_text=True)
    assert f"{label} nº 2" in page and f'href="/documents/{document.id}"' in page
    assert f'name="origin" value="{document.id}"' in page

    response = signed_in.post(url, entry_form(factory))
    assert response.status_code == 302
    follow_up = factory.scalar(select(FollowUp))
    assert (follow_up.party_id, follow_up.origin_document_id) == (customer.id, document.id)
    # The follow-up shows its origin and links back …
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Origem" in page and f'href="/documents/{document.id}"' in page
    # … and the document lists its follow-up.
    page = signed_in.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'href="/followups/{follow_up.id}"' in page and "iniciado por este documento" in page


def test_f4_through_the_start_screen_keeps_the_origin(signed_in, factory, admin):
    customer = factory.party("Padaria Pão Quente")
    quote = factory.document("quote", customer, admin)
    page = signed_in.get(f"/followups/new?origin={quote.id}").get_data(as_text=True)
    assert f'name="origin" value="{quote.id}"' in page
    response = signed_in.post("/followups/new", {"kind": "customer", "code": str(customer.code),
                                                 "origin": str(quote.id)})
    assert response.status_code == 302 and f"origin={quote.id}" in response.location


def test_f4_refuses_a_document_of_another_party(signed_in, factory, admin):
    customer = factory.party("Padaria Pão Quente")
    other = factory.party("Mercado Central")
    quote = factory.document("quote", other, admin)
    url = f"/followups/new/entry?party={customer.id}&origin={quote.id}"
    response = signed_in.post(url, entry_form(factory, notes="Meu texto"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "pertence a Mercado Central" in page and "Nada foi salvo" in page
    assert "Meu texto" in page
    assert _count(factory, FollowUp) == 0 and _count(factory, FollowUpEntry) == 0
    response = signed_in.post(f"/followups/new/entry?party={customer.id}&origin=99999",
                              entry_form(factory))
    assert response.status_code == 422 and _count(factory, FollowUp) == 0


def f5_buttons(page: str) -> dict[str, str]:
    return {label: html.unescape(href) for href, label in re.findall(
        r'<a class="button" href="(/documents/[a-z]+/new\?follow_up=\d+)">([^<]+)</a>', page)}


@pytest.mark.parametrize("label,kind", [("Orçamento", "quote"), ("Ped. Venda", "order"),
                                        ("Venda", "sale")])
def test_f5_starts_a_document_for_the_customer_and_comes_back(signed_in, factory, admin, label,
                                                              kind):
    customer = factory.party("Padaria Pão Quente")
    entry = factory.entry(customer, admin, return_date=date.today() + timedelta(days=3))
    page = signed_in.get(f"/followups/{entry.follow_up_id}").get_data(as_text=True)
    buttons = f5_buttons(page)
    assert list(buttons) == ["Orçamento", "Ped. Venda", "Venda"]
    form_page = signed_in.get(buttons[label]).get_data(as_text=True)
    assert re.search(rf'<input[^>]*name="customer_code"[^>]*value="{customer.code}"', form_page)
    assert re.search(rf'<input[^>]*name="follow_up"[^>]*value="{entry.follow_up_id}"', form_page)

    data = doc_form(customer.code, [line("Forno", "1", "1.500,00")],
                    follow_up=str(entry.follow_up_id),
                    **({"status": "open"} if kind == "quote" else {}))
    response = signed_in.post(buttons[label], data)
    assert response.status_code == 302
    assert response.location.endswith(f"/followups/{entry.follow_up_id}")
    document = factory.scalar(select(SalesDocument))
    assert (document.kind, document.party_id, document.follow_up_id) == (
        kind, customer.id, entry.follow_up_id)
    page = signed_in.get(response.location).get_data(as_text=True)
    assert f'href="/documents/{document.id}"' in page and "R$\xa01.500,00" in page
    page = signed_in.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'href="/followups/{entry.follow_up_id}"' in page


def test_f5_must_stay_with_the_follow_ups_customer(signed_in, factory, admin):
    customer = factory.party("Padaria Pão Quente")
    other = factory.party("Mercado Central")
    entry = factory.entry(customer, admin, return_date=date.today() + timedelta(days=3))
    response = signed_in.post(f"/documents/orders/new?follow_up={entry.follow_up_id}",
                              doc_form(other.code, [line("Item digitado")]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "deve ser para esse cliente" in page and 'value="Item digitado"' in page
    assert _count(factory, SalesDocument) == 0


def test_f5_is_not_offered_for_a_supplier_and_refused_when_forged(signed_in, factory, admin):
    supplier = factory.party("Distribuidora Sul", kind="supplier")
    factory.party("Cliente com o mesmo código")  # customer 1 exists, as does supplier 1
    entry = factory.entry(supplier, admin, return_date=date.today() + timedelta(days=3))
    page = signed_in.get(f"/followups/{entry.follow_up_id}").get_data(as_text=True)
    assert f5_buttons(page) == {} and "/documents/quotes/new" not in page

    for slug in ("quotes", "orders", "sales"):
        url = f"/documents/{slug}/new?follow_up={entry.follow_up_id}"
        response = signed_in.get(url)
        assert response.status_code == 302
        assert response.location.endswith(f"/followups/{entry.follow_up_id}")
        response = signed_in.post(url, doc_form(supplier.code, [line()], status="open",
                                                follow_up=str(entry.follow_up_id)),
                                  follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "Distribuidora Sul é um fornecedor. Nada foi criado." in page
    assert _count(factory, SalesDocument) == 0


def test_f5_on_a_follow_up_the_user_may_not_see_is_404(web, factory, admin):
    factory.user("vendas", can_access_followups=True, can_add_followups=True)
    customer = factory.party("Padaria Pão Quente")
    entry = factory.entry(customer, admin, return_date=date.today() + timedelta(days=3))
    web.login("vendas")
    response = web.post(f"/documents/quotes/new?follow_up={entry.follow_up_id}",
                        doc_form(customer.code, [line()], status="open"))
    assert response.status_code == 404 and _count(factory, SalesDocument) == 0


def test_the_timeline_shows_entries_and_documents_newest_first(signed_in, factory, admin):
    customer = factory.party("Padaria Pão Quente")
    today = date.today()
    old = factory.entry(customer, admin, return_date=today, notes="Primeiro contato",
                        contacted_at=datetime.now() - timedelta(days=3))
    quote = factory.document("quote", customer, admin, lines=[("Forno", "1", "1234.56", "0")])
    order = factory.document("order", customer, admin, lines=[("Forno", "2", "10.00", "1.00")])
    later = factory.entry(customer, admin, return_date=today + timedelta(days=2),
                          notes="Contato agendado", contacted_at=datetime.now() + timedelta(days=1))
    other = factory.party("Outro cliente")
    factory.document("sale", other, admin)

    page = signed_in.get(f"/parties/{customer.id}").get_data(as_text=True)
    timeline = page[page.index('<ol class="timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    marks = [f'/entries/{later.id}"', f'/documents/{order.id}"', f'/documents/{quote.id}"',
             f'/entries/{old.id}"']
    positions = [timeline.index(mark) for mark in marks]
    assert positions == sorted(positions)
    assert "Orçamento nº 1" in timeline and "Pedido de Venda nº 1" in timeline
    assert "R$\xa01.234,56" in timeline and "R$\xa019,00" in timeline
    assert ">Venda nº" not in timeline  # the other customer's sale is not here
