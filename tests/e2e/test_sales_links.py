"""F4 from a quote and F5 from a customer's follow-up, in a real browser (pt-BR labels)."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import FollowUp, SalesDocument

from ..conftest import PASSWORD
from .conftest import sign_in


def test_f4_a_quote_opens_a_follow_up_linked_to_it(page, live_server, factory, admin, shot):
    factory.product("FORNO-45", "Forno elétrico 45 L", "1299.90")
    customer = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    sign_in(page, live_server.url, "admin", PASSWORD)

    page.get_by_text("Processos", exact=True).click()  # the top menu
    page.get_by_role("link", name="Orçamentos").click()
    expect(page.get_by_role("heading", name="Orçamentos")).to_be_visible()
    page.get_by_role("link", name="Incluir").click()
    page.get_by_label("Código do cliente").fill(str(customer.code))
    expect(page.locator("#customer-preview")).to_contain_text("Padaria Pão Quente")
    page.get_by_label("Produto 1", exact=True).fill("forno-45")
    page.get_by_label("Produto 1", exact=True).press("Tab")
    expect(page.get_by_label("Descrição 1", exact=True)).to_have_value("Forno elétrico 45 L")
    expect(page.get_by_label("Preço unitário 1", exact=True)).to_have_value("1299,90")
    page.get_by_label("Quantidade 1", exact=True).fill("2")
    page.get_by_label("Desconto 1", exact=True).fill("99,80")
    rows = page.locator("#doc-lines tbody tr")
    before = rows.count()
    page.get_by_role("button", name="Mais linhas").click()  # JavaScript adds rows in place
    expect(rows).to_have_count(before + 3)
    page.get_by_label(f"Descrição {before + 1}", exact=True).fill("Instalação")
    page.get_by_label(f"Quantidade {before + 1}", exact=True).fill("1")
    page.get_by_label(f"Preço unitário {before + 1}", exact=True).fill("-5")
    page.get_by_role("button", name="Salvar").click()
    # A negative price is refused beside the field; what was typed stays.
    expect(page.get_by_text("O preço não pode ser negativo.")).to_be_visible()
    expect(page.get_by_label("Descrição 1", exact=True)).to_have_value("Forno elétrico 45 L")
    page.get_by_label(f"Preço unitário {before + 1}", exact=True).fill("150")
    shot("quote-form")
    page.keyboard.press("F2")

    expect(page.get_by_role("heading", name=re.compile("Orçamento nº 1"))).to_be_visible()
    expect(page.locator("#total")).to_have_text("R$\xa02.650,00")  # 2 × 1.299,90 − 99,80 + 150
    shot("quote")
    page.locator(".header-buttons").get_by_role("link", name="Follow Up").click()

    expect(page.get_by_role("heading", name="Inclusão de Observações do Follow Up")).to_be_visible()
    expect(page.locator(".origin")).to_contain_text("Orçamento nº 1")
    page.get_by_label("Data Retorno").fill((date.today() + timedelta(days=2)).strftime("%d/%m/%Y"))
    page.get_by_label("Tipo de Follow Up").select_option(label="Em Análise")
    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes.fill("Cliente vai analisar o orçamento.")
    shot("entry-from-quote")
    page.get_by_role("button", name="Salvar").click()

    heading = re.compile("Follow Up – Clientes e Fornecedores")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    origin = page.locator(".follow-up-links .origin")
    expect(origin).to_contain_text("Orçamento nº 1")
    shot("follow-up-with-origin")
    origin.get_by_role("link", name=re.compile("Orçamento nº 1")).click()
    follow_up = factory.scalar(select(FollowUp))
    expect(page.locator(".doc-follow-ups")).to_contain_text(f"Follow Up #{follow_up.id}")
    assert follow_up.origin_document_id == factory.scalar(select(SalesDocument.id))


def test_f5_a_customer_follow_up_starts_an_order_and_comes_back(page, live_server, factory, admin,
                                                                shot):
    customer = factory.party("Mercado Bom Preço")
    entry = factory.entry(customer, admin, return_date=date.today(), notes="Quer um pedido.")
    supplier = factory.party("Distribuidora Sul", kind="supplier")
    other = factory.entry(supplier, admin, return_date=date.today(), notes="Cotação")
    sign_in(page, live_server.url, "admin", PASSWORD)

    page.goto(f"{live_server.url}/followups/{other.follow_up_id}")
    expect(page.get_by_role("link", name="Ped. Venda")).to_have_count(0)  # not for suppliers

    page.goto(f"{live_server.url}/followups/{entry.follow_up_id}")
    shot("follow-up")
    page.get_by_role("link", name="Ped. Venda").click()
    expect(page.get_by_role("heading", name=re.compile("Pedido de Venda"))).to_be_visible()
    expect(page.get_by_label("Código do cliente")).to_have_value(str(customer.code))
    page.get_by_label("Descrição 1", exact=True).fill("Caixa de som")
    page.get_by_label("Quantidade 1", exact=True).fill("3")
    page.get_by_label("Preço unitário 1", exact=True).fill("33,33")
    shot("order-form")
    page.get_by_role("button", name="Salvar").click()

    expect(page).to_have_url(re.compile(rf"/followups/{entry.follow_up_id}$"))
    linked = page.locator(".follow-up-links .linked")
    expect(linked).to_contain_text("Pedido de Venda nº 1")
    expect(linked).to_contain_text("R$\xa099,99")
    shot("follow-up-with-order")
    linked.get_by_role("link", name=re.compile("Pedido de Venda nº 1")).click()
    expect(page.get_by_role("heading", name=re.compile("Pedido de Venda nº 1"))).to_be_visible()
    expect(page.locator(".doc-follow-ups")).to_contain_text(f"Follow Up #{entry.follow_up_id}")

    # The customer's timeline shows the order, one click away.
    page.goto(f"{live_server.url}/parties/{customer.id}")
    page.locator(".timeline").get_by_role("link", name=re.compile("Pedido de Venda nº 1")).click()
    expect(page.get_by_role("heading", name=re.compile("Pedido de Venda nº 1"))).to_be_visible()
