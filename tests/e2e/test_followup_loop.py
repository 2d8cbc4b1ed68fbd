"""F3 → F6 → F9 → F10 in a real browser, fields found by their pt-BR labels."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import FollowUpEntry

from ..conftest import PASSWORD
from .conftest import sign_in


def test_a_user_records_a_return_finds_it_today_and_closes_it(page, live_server, factory, admin,
                                                              shot):
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890",
                          contacts=[{"name": "Marcos Lima", "role": "Comprador",
                                     "phone": "(11) 97777-1111", "email": ""}])
    sign_in(page, live_server.url, "admin", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("^Painel"))).to_be_visible()
    page.get_by_role("link", name="Lista do Follow Up").click()  # the list: one click away
    expect(page.get_by_role("heading", name="Follow Up")).to_be_visible()

    # F3: Incluir, choose Cliente, type the code and see the name at once.
    page.get_by_role("link", name="Incluir").click()
    title = "Follow Up – Clientes e Fornecedores"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_label("Cliente", exact=True).check()
    page.get_by_label("Código").fill("999")
    expect(page.locator("#party-preview")).to_contain_text("Nenhum cliente com este código")
    page.get_by_label("Código").fill(str(party.code))
    expect(page.locator("#party-preview")).to_contain_text("Padaria Pão Quente")
    expect(page.locator("#party-preview")).to_contain_text("Marcos Lima")
    shot("start")
    page.get_by_role("button", name="Incluir").click()

    # F6: Inclusão de Observações do Follow Up.
    new_entry = "Inclusão de Observações do Follow Up"
    expect(page.get_by_role("heading", name=new_entry)).to_be_visible()
    expect(page.get_by_label("Data do contato")).not_to_have_value("")
    today = page.get_by_label("Data do contato").input_value()[:10]
    page.get_by_label("Data Retorno").fill("01/01/2020")  # before the contact: refused
    page.get_by_label("Tipo de Follow Up").select_option(label="Pós-Venda")
    notes_box = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes_box.fill("Ligar para saber se o forno chegou bem.")
    page.get_by_role("tab", name="Reclamações").click()
    page.get_by_role("textbox", name="Reclamações").fill("Entrega atrasou dois dias.")
    page.get_by_role("button", name="Salvar").click()
    refused = "A Data Retorno não pode ser anterior à data do contato."
    expect(page.get_by_text(refused)).to_be_visible()
    expect(page.get_by_role("textbox", name="Follow Up", exact=True)).to_have_value(
        "Ligar para saber se o forno chegou bem.")
    page.get_by_label("Data Retorno").fill(today)
    shot("entry")
    page.keyboard.press("F2")  # F2 = Salvar

    # Back on the follow-up with the entry in its grid.
    expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    grid = page.get_by_role("table", name="Observações do Follow Up")
    expect(grid).to_contain_text("Ligar para saber se o forno chegou bem.")
    page.get_by_role("button", name="Salvar").click()

    # The list filtered to today shows it; Enter on the row opens it (F9).
    page.get_by_role("link", name="Hoje").click()
    row = page.get_by_role("row", name=re.compile("Padaria Pão Quente"))
    expect(row).to_be_visible()
    shot("today")
    row.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Observação do Follow Up"))).to_be_visible()
    expect(page.locator(".party-card")).to_contain_text("(11) 3456-7890")
    expect(page.locator(".party-card")).to_contain_text("Marcos Lima")

    # F10: Situação = Baixado, add text, Salvar.
    page.get_by_label("Situação").select_option(label="Baixado")
    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes.fill(notes.input_value() + "\nCliente confirmou: tudo certo.")
    page.get_by_role("button", name="Salvar").click()
    expect(page.get_by_text("Retorno baixado.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Padaria Pão Quente"))).to_have_count(0)

    page.get_by_label("Situação").select_option("done")
    page.get_by_role("button", name="Pesquisar").click()
    expect(page.get_by_role("row", name=re.compile("Padaria Pão Quente"))).to_be_visible()
    shot("done-list")

    entry = factory.scalar(select(FollowUpEntry))
    assert entry.status == "done" and entry.done_by_id == admin.id
    assert entry.complaints == "Entrega atrasou dois dias."
    assert entry.return_date - entry.contacted_at.date() <= timedelta(days=1)
