"""Cadastro de Clientes e Fornecedores: codes, validation, contacts, search, deletion, lookup."""

import re

import pytest
from sqlalchemy import select

from app.models import CUSTOMER, SUPPLIER, Contact, Party
from app.validation import format_document

VALID_CNPJ = "11.222.333/0001-81"
VALID_CPF = "529.982.247-25"


def party_form(**overrides) -> dict:
    data = {"name": "Mercado Bom Preço", "trade_name": "Bom Preço", "document": VALID_CNPJ,
            "phone": "11 3456 7890", "mobile": "", "email": "compras@bompreco.com.br",
            "address": "Rua A, 10", "city": "São Paulo", "state": "sp", "postal_code": "01000-000",
            "notes": "", "active": "y",
            "contacts-0-name": "Ana Paula", "contacts-0-role": "Gerente",
            "contacts-0-phone": "(21) 97654-3210", "contacts-0-email": "",
            "contacts-1-name": "", "contacts-1-role": "", "contacts-1-phone": "",
            "contacts-1-email": ""}
    data.update(overrides)
    return data


def test_creating_a_customer_normalises_and_numbers_it(signed_in, factory):
    response = signed_in.post("/parties/customers/new", party_form())
    assert response.status_code == 302
    party = factory.scalar(select(Party).where(Party.name == "Mercado Bom Preço"))
    assert (party.kind, party.code) == (CUSTOMER, 1)
    assert party.document == "11222333000181"
    assert party.phone == "(11) 3456-7890"
    assert party.state == "SP"
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Cliente 1 salvo." in page and "11.222.333/0001-81" in page
    contacts = factory.scalars(select(Contact).where(Contact.party_id == party.id))
    assert [(c.name, c.phone) for c in contacts] == [("Ana Paula", "(21) 97654-3210")]


def test_the_list_shows_cpf_and_cnpj_with_their_punctuation(signed_in, factory):
    for name, document in (("Pessoa Física", VALID_CPF), ("Empresa", VALID_CNPJ),
                           ("Sem documento", "")):
        signed_in.post("/parties/customers/new", party_form(name=name, document=document))
    cells = re.findall(r"<td>([^<]*)</td>", signed_in.get("/parties/customers").get_data(
        as_text=True))
    assert VALID_CPF in cells and VALID_CNPJ in cells
    assert [format_document(n) for n in ("", "123", "52998224725")] == ["", "123", VALID_CPF]


def test_codes_are_sequential_per_kind(signed_in, factory):
    for name in ("Cliente A", "Cliente B"):
        signed_in.post("/parties/customers/new", party_form(name=name, document=""))
    signed_in.post("/parties/suppliers/new", party_form(name="Fornecedor A", document=""))
    rows = factory.scalars(select(Party).order_by(Party.id))
    assert [(p.kind, p.code) for p in rows] == [(CUSTOMER, 1), (CUSTOMER, 2), (SUPPLIER, 1)]


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Campo obrigatório"),
    ("name", "x" * 121, "120"),
    ("document", "111.111.111-11", "CPF/CNPJ inválido"),
    ("document", "12.345.678/0001-00", "CPF/CNPJ inválido"),
    ("phone", "123", "Telefone inválido"),
    ("email", "not-an-email", "E-mail inválido"),
    ("notes", "abc\x00def", "caracteres de controle"),
    ("contacts-0-name", "", "Informe o nome do contato"),
])
def test_bad_input_is_explained_beside_the_field_and_kept(signed_in, factory, field, value,
                                                          message):
    response = signed_in.post("/parties/customers/new", party_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "Mercado Bom Preço" in page or field == "name"
    assert 'value="Gerente"' in page  # the rest of what was typed is still there
    assert factory.scalar(select(Party.id)) is None


def test_a_valid_cpf_is_accepted(signed_in, factory):
    assert signed_in.post("/parties/customers/new",
                          party_form(document=VALID_CPF)).status_code == 302
    assert factory.scalar(select(Party.document)) == "52998224725"


def test_html_in_a_name_is_shown_as_text(signed_in, factory):
    signed_in.post("/parties/customers/new",
                   party_form(name="<script>alert(1)</script>", document=""))
    page = signed_in.get("/parties/customers").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editing_replaces_contacts_and_audits_the_change(signed_in, factory):
    party = factory.party("Oficina Souza", contacts=[{"name": "Carlos", "role": "", "phone": "",
                                                      "email": ""}])
    response = signed_in.post(f"/parties/{party.id}", party_form(
        name="Oficina Irmãos Souza", document="", version=str(party.version),
        **{"contacts-0-name": "Carlos Souza", "contacts-1-name": "Pedro"}))
    assert response.status_code == 302
    saved = factory.get(Party, party.id, "contacts")
    assert saved.name == "Oficina Irmãos Souza"
    assert [c.name for c in saved.contacts] == ["Carlos Souza", "Pedro"]
    page = signed_in.get(f"/parties/{party.id}").get_data(as_text=True)
    assert "Oficina Souza → Oficina Irmãos Souza" in page


def test_a_stale_edit_is_refused_and_keeps_the_typed_values(signed_in, factory):
    party = factory.party("Oficina Souza")
    response = signed_in.post(f"/parties/{party.id}", party_form(
        name="Meu nome novo", document="", version=str(party.version - 1)))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Outra pessoa alterou este registro" in page and 'value="Meu nome novo"' in page
    assert factory.get(Party, party.id).name == "Oficina Souza"


@pytest.mark.parametrize("query,expected", [
    ("Bom", {"Mercado Bom Preço"}), ("2", {"Padaria"}), ("11222333", {"Mercado Bom Preço"}),
    ("3456-7890", {"Padaria"}), ("34567890", {"Padaria"}), ("zzz", set()),
])
def test_search_by_code_name_document_and_phone(signed_in, factory, query, expected):
    factory.party("Mercado Bom Preço", document="11222333000181")
    factory.party("Padaria", phone="(11) 3456-7890")
    page = signed_in.get(f"/parties/customers?q={query}").get_data(as_text=True)
    found = {name for name in ("Mercado Bom Preço", "Padaria") if f">{name}</a>" in page}
    assert found == expected


def test_the_list_pages_by_the_configured_size(signed_in, factory, app):
    app.config["PAGE_SIZE"] = 2
    for name in ("Ana", "Bruno", "Carla", "Davi"):
        factory.party(name)

    def names(url: str) -> tuple[list[str], bool]:
        page = signed_in.get(url).get_data(as_text=True)
        return re.findall(r">(Ana|Bruno|Carla|Davi)</a>", page), 'rel="next"' in page

    assert names("/parties/customers") == (["Ana", "Bruno"], True)
    assert names("/parties/customers?page=2") == (["Carla", "Davi"], False)  # exactly full
    assert names("/parties/customers?page=3") == ([], False)


def test_a_party_with_follow_ups_cannot_be_deleted_and_the_user_is_told_why(
        signed_in, factory, admin):
    from datetime import date

    party = factory.party("Com Histórico")
    factory.entry(party, admin, return_date=date(2030, 1, 10))
    response = signed_in.post(f"/parties/{party.id}/delete", {})
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "não pode ser excluído: Follow Ups ou documentos" in page and "Desmarque Ativo" in page
    assert factory.get(Party, party.id) is not None


def test_an_unreferenced_party_can_be_deleted(signed_in, factory):
    party = factory.party("Cadastro errado")
    response = signed_in.post(f"/parties/{party.id}/delete", {})
    assert response.status_code == 302
    assert factory.get(Party, party.id) is None


def test_code_lookup_answers_name_phones_and_contacts(signed_in, factory):
    party = factory.party("Padaria", phone="(11) 3456-7890",
                          contacts=[{"name": "Marcos", "role": "Comprador", "phone": "",
                                     "email": ""}])
    data = signed_in.get(f"/parties/lookup?kind=customer&code={party.code}").get_json()
    assert data["name"] == "Padaria" and data["phones"] == ["(11) 3456-7890"]
    assert data["contacts"][0]["name"] == "Marcos"
    missing = signed_in.get("/parties/lookup?kind=customer&code=77")
    assert missing.status_code == 404 and "Nenhum cliente" in missing.get_json()["message"]
    supplier = signed_in.get(f"/parties/lookup?kind=supplier&code={party.code}")
    assert supplier.status_code == 404


def test_parties_need_a_signed_in_user(client):
    assert client.get("/parties/customers").status_code == 302
    assert client.get("/parties/lookup?kind=customer&code=1").status_code == 302


def test_the_state_is_chosen_from_the_27_ufs(signed_in, factory):
    page = signed_in.get("/parties/customers/new").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="state".*?</select>', page, re.S).group(0)
    values = re.findall(r'<option[^>]*value="([^"]*)"', select_html)
    assert values[0] == "" and len(values[1:]) == 27
    assert {"AC", "AM", "DF", "PE", "RS", "SP", "TO"} <= set(values)
    assert ">SP – São Paulo</option>" in select_html
    response = signed_in.post("/parties/customers/new", party_form(state="XX"))
    assert response.status_code == 422
    assert "Escolha um estado da lista." in response.get_data(as_text=True)
    assert factory.scalar(select(Party)) is None


def test_a_cpf_or_cnpj_used_by_another_party_of_the_same_kind_is_refused(signed_in, factory):
    first = factory.party("Padaria Pão Quente", document="11222333000181")
    factory.party("Ana Beatriz Ferreira", document="52998224725")
    response = signed_in.post("/parties/customers/new", party_form(name="Outra Padaria"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Já usado pelo cliente {first.code} – Padaria Pão Quente." in page
    assert 'id="document-msg"' in page and 'value="Outra Padaria"' in page
    assert factory.scalar(select(Party).where(Party.name == "Outra Padaria")) is None

    # Changing a customer to a CPF another one has is refused too; keeping its own is fine.
    response = signed_in.post(f"/parties/{first.id}", party_form(
        name="Padaria Pão Quente", document=VALID_CPF, version=str(first.version)))
    assert response.status_code == 422
    assert "Já usado pelo cliente 2 – Ana Beatriz Ferreira." in response.get_data(as_text=True)
    response = signed_in.post(f"/parties/{first.id}", party_form(
        name="Padaria Pão Quente", version=str(first.version)))
    assert response.status_code == 302

    # A supplier is another kind of party: the same CNPJ is accepted there.
    response = signed_in.post("/parties/suppliers/new", party_form(name="Padaria (fornecedor)"))
    assert response.status_code == 302
    supplier = factory.scalar(select(Party).where(Party.name == "Padaria (fornecedor)"))
    assert (supplier.kind, supplier.document) == (SUPPLIER, "11222333000181")
