"""Consulta through HTTP: a party found by each of its keys, inactive ones, bad input, the grid
page without JavaScript, the F3 code field typed with a name, and the keys kept in step."""

import re
import sqlite3
from urllib.parse import quote

import pytest
from flask_migrate import upgrade

from app import create_app
from app.database import migrations_dir
from app.extensions import db
from app.parties import lookup
from app.parties.lookup import lookup_query

from .databases import database_at

VALID_CNPJ = "11222333000181"
VALID_CPF = "52998224725"


@pytest.fixture
def parties(factory):
    """A customer by every key, a look-alike, an inactive one and a supplier."""
    return {
        "padaria": factory.party("Padaria Pão Quente", trade_name="Pão do Zé",
                                 document=VALID_CNPJ, phone="(11) 3456-7890",
                                 mobile="(21) 98765-4321"),
        "acougue": factory.party("Açougue São João", document=VALID_CPF, phone="(19) 3232-1000"),
        "quentinha": factory.party("Quentinhas Bom Prato"),
        "fechado": factory.party("Padaria Fechada", active=False),
        "fornecedor": factory.party("Moinho Pão Bom", kind="supplier"),
    }


def matches(client, text: str, kind: str = "customer", **params) -> list[str]:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(f"/parties/lookup/matches?q={quote(text)}&kind={kind}&{query}")
    assert response.status_code == 200
    return [item["cells"][1 if kind else 2] for item in response.get_json()["items"]]


@pytest.mark.parametrize("typed,expected", [
    ("pao quente", ["Padaria Pão Quente"]),           # accents and case ignored
    ("PÃO", ["Padaria Pão Quente"]),
    ("quent", ["Padaria Pão Quente", "Quentinhas Bom Prato"]),  # word prefixes, name order
    ("uente", []),                                     # not the middle of a word
    ("padaria quente", ["Padaria Pão Quente"]),       # every word must match
    ("padaria prato", []),
    ("ze", ["Padaria Pão Quente"]),                   # the trade name (Pão do Zé)
    ("acougue sao joao", ["Açougue São João"]),
    (VALID_CPF, ["Açougue São João"]),                 # CPF digits
    ("529.982", ["Açougue São João"]),                 # its start, with the mask
    ("11.222.333/0001-81", ["Padaria Pão Quente"]),   # CNPJ with its mask
    ("(11) 3456-7890", ["Padaria Pão Quente"]),       # phone with DDD
    ("1134567890", ["Padaria Pão Quente"]),
    ("3456-7890", ["Padaria Pão Quente"]),            # phone without DDD
    ("98765", ["Padaria Pão Quente"]),                # the mobile's start, without DDD
    ("21 98765-4321", ["Padaria Pão Quente"]),
])
def test_the_lookup_finds_a_party_by_each_key(signed_in, parties, typed, expected):
    assert matches(signed_in, typed) == expected


def test_typed_digits_find_the_code_of_the_kind_asked(signed_in, parties):
    acougue, supplier = parties["acougue"], parties["fornecedor"]
    assert acougue.code == 2 and supplier.code == 1
    assert matches(signed_in, "2") == ["Açougue São João"]
    assert matches(signed_in, "1", kind="supplier") == ["Moinho Pão Bom"]
    # Without a kind, both kinds are searched and each row says which it is.
    data = signed_in.get("/parties/lookup/matches?q=pao").get_json()
    assert [(item["cells"][1], item["cells"][2]) for item in data["items"]] == [
        ("Fornecedor", "Moinho Pão Bom"), ("Cliente", "Padaria Pão Quente")]
    assert data["headers"][:3] == ["Código", "Cliente/Fornecedor", "Nome"]


def test_inactive_parties_are_shown_as_such(signed_in, parties):
    items = signed_in.get("/parties/lookup/matches?q=padaria&kind=customer").get_json()["items"]
    assert [(item["label"], item["active"]) for item in items] == [
        ("4 — Padaria Fechada", False), ("1 — Padaria Pão Quente", True)]


def test_suggestions_page_and_say_when_more_follow(signed_in, factory):
    for n in range(5):
        factory.party(f"Mercado {n}")
    first = signed_in.get("/parties/lookup/matches?q=merc&size=3").get_json()
    second = signed_in.get("/parties/lookup/matches?q=merc&size=3&page=2").get_json()
    assert [i["label"] for i in first["items"]] == ["1 — Mercado 0", "2 — Mercado 1",
                                                    "3 — Mercado 2"]
    assert first["has_next"] is True and second["has_next"] is False
    assert [i["label"] for i in second["items"]] == ["4 — Mercado 3", "5 — Mercado 4"]


@pytest.mark.parametrize("typed", [
    "!!!", "...///---", "a" * 500, "9" * 500, "' OR 1=1 --", "padaria' OR '1'='1",
    '"pao"* OR NEAR(a b)', "pao AND NOT quente*", "%", "_", "18446744073709551616",
    "99999999999999999999999999", "\x00", "\u200b\u0301",
])
def test_bad_input_is_an_empty_result_never_an_error(signed_in, parties, typed):
    for kind in ("customer", ""):
        assert matches(signed_in, typed, kind) == []
    page = signed_in.get(f"/parties/lookup/grid?q={quote(typed)}")
    assert page.status_code == 200 and "Nada encontrado." in page.get_data(as_text=True)


@pytest.mark.parametrize("params", ["page=99999999999999999999", "page=-5", "page=x",
                                    "size=99999999999999999999", "size=0", "kind=<b>"])
def test_odd_paging_parameters_are_no_error(signed_in, parties, params):
    response = signed_in.get(f"/parties/lookup/matches?q=padaria&{params}")
    assert response.status_code == 200
    assert signed_in.get(f"/parties/lookup/grid?q=padaria&{params}").status_code == 200


def test_common_words_walk_the_name_order_with_the_same_answer(app, signed_in, parties,
                                                               monkeypatch):
    """A word with many matches is answered walking the parties in name order instead of
    reading its matches first: the rows must be the same either way."""
    typed = ["pao", "padaria quente", "3456", "1", VALID_CPF, "quent bom"]
    few = {text: matches(signed_in, text, "") for text in typed}
    monkeypatch.setattr(lookup, "FEW_MATCHES", 1)
    assert {text: matches(signed_in, text, "") for text in typed} == few
    with app.app_context():
        plan = str(lookup_query("pao", None).compile(db.engine))
    assert "EXISTS" in plan and " IN " not in plan


def test_the_grid_page_picks_a_party_for_the_form_that_opened_it(signed_in, parties):
    """Without JavaScript the lupa opens this page; a row brings the party back to F3."""
    page = signed_in.get("/parties/lookup/grid?kind=customer&q=padaria"
                         "&next=/followups/new%3Forigin%3D7&param=code").get_data(as_text=True)
    picks = re.findall(r'<tr data-href="([^"]+)"', page)
    assert picks == ["/followups/new?origin=7&amp;kind=customer&amp;code=1"]
    assert "Padaria Fechada" in page and "Inativo" in page  # shown, but no link to pick it
    form = signed_in.get("/followups/new?origin=7&kind=customer&code=1").get_data(as_text=True)
    assert 'value="1"' in form


@pytest.mark.parametrize("next_url", ["//evil.example/x", "https://evil.example/", "\\\\evil",
                                      "javascript:alert(1)", "/ok\r\nX: y"])
def test_the_grid_page_returns_only_to_this_app(signed_in, parties, next_url):
    page = signed_in.get(f"/parties/lookup/grid?q=padaria&next={quote(next_url)}")
    picks = re.findall(r'<tr data-href="([^"]+)"', page.get_data(as_text=True))
    assert picks == [f"/parties/{parties['fechado'].id}", f"/parties/{parties['padaria'].id}"]


def test_f3_without_javascript_takes_a_name_in_the_code_field(signed_in, parties):
    one = signed_in.post("/followups/new", {"kind": "customer", "code": "acougue"})
    assert one.status_code == 302
    assert one.location.endswith(f"/followups/new/entry?party={parties['acougue'].id}")
    several = signed_in.post("/followups/new", {"kind": "customer", "code": "padaria"})
    page = several.get_data(as_text=True)
    assert several.status_code == 422
    assert "Vários cadastros correspondem a “padaria”: escolha um abaixo." in page
    assert f'href="/followups/new/entry?party={parties["padaria"].id}"' in page
    assert f'party={parties["fechado"].id}"' not in page  # inactive: listed, not offered
    none = signed_in.post("/followups/new", {"kind": "supplier", "code": "padaria"})
    assert none.status_code == 422
    assert "Nenhum fornecedor corresponde a “padaria”." in none.get_data(as_text=True)


def test_the_keys_follow_the_name_and_phones_when_they_change(signed_in, factory, parties):
    from tests.test_parties import party_form

    party = parties["quentinha"]
    response = signed_in.post(f"/parties/{party.id}", party_form(
        name="Restaurante Sabor Caseiro", trade_name="", document="", phone="(31) 3333-2222",
        version=str(party.version)))
    assert response.status_code == 302
    assert matches(signed_in, "quentinhas") == []
    assert matches(signed_in, "sabor cas") == ["Restaurante Sabor Caseiro"]
    assert matches(signed_in, "3333-2222") == ["Restaurante Sabor Caseiro"]
    signed_in.post(f"/parties/{party.id}/delete", {})
    assert matches(signed_in, "sabor") == []


def test_the_product_lookup_ignores_accents_and_marks_inactive_products(signed_in, factory):
    factory.product("FORNO-45", "Forno elétrico 45 L")
    factory.product("FOG-4", "Fogão 4 bocas", active=False)
    items = signed_in.get("/products/lookup/matches?q=ELETRICO").get_json()["items"]
    assert [(i["value"], i["active"]) for i in items] == [("FORNO-45", True)]
    items = signed_in.get("/products/lookup/matches?q=fo").get_json()["items"]
    assert [(i["value"], i["active"]) for i in items] == [("FOG-4", False), ("FORNO-45", True)]
    assert signed_in.get("/products/lookup/matches?q=%25").get_json()["items"] == []
    page = signed_in.get("/products/?q=fogao&inactive=1").get_data(as_text=True)
    assert "Fogão 4 bocas" in page


def test_the_lookup_needs_a_signed_in_user(client):
    for url in ("/parties/lookup/matches?q=a", "/parties/lookup/grid",
                "/products/lookup/matches?q=a", "/products/lookup/grid"):
        assert client.get(url).status_code == 302


def test_the_migration_gives_existing_parties_their_keys(tmp_path):
    path = database_at(tmp_path, "0006")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "insert into parties (kind, code, name, trade_name, document, phone, mobile, email,"
            " address, city, state, postal_code, notes, active, created_at, updated_at, version)"
            " values ('customer', 7, 'Farmácia São Luís', 'Drogaria Avenida', '', "
            "'(11) 3456-7890', '', '', '', '', '', '', '', 1, '2025-01-01', '2025-01-01', 1)")
        connection.execute("insert into products (code, description, unit, price, active, "
                           "version) values ('PEÇA-1', 'Peça única', 'UN', 1, 1, 1)")
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "AUTO_MIGRATE": False})
    with app.app_context():
        upgrade(directory=migrations_dir(), revision="0009")
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("select name_key from parties").fetchone() == (
            "farmacia sao luis drogaria avenida",)
        assert [row[0] for row in connection.execute(
            "select term from party_search_terms order by term")] == [
            "1134567890", "34567890", "avenida", "drogaria", "farmacia", "luis", "sao"]
        assert connection.execute("select search_key from products").fetchone() == (
            "peca 1 peca unica",)
