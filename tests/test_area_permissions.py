"""Issue #11.8: permissions per area (Clientes/Fornecedores, Orçamento/Pedido/Venda, Produtos),
each enforced on the server and in the queries, each turned off in turn; where a user lands."""

import pytest
from sqlalchemy import func, select

from app.models import Party, Product, SalesDocument
from app.permissions import PERMISSION_FLAGS

from .alerts_helpers import update_user
from .conftest import Browser
from .sales_helpers import doc_form, line

SALES_LISTS = ("/documents/quotes/", "/documents/orders/", "/documents/sales/")


@pytest.fixture
def shop(app, factory, admin):
    """Seller vendas (the defaults of a new user) and seller outro, each with a quote."""
    vendas, outro = factory.user("vendas"), factory.user("outro")
    customer = factory.party("Padaria Pão Quente")
    mine = factory.document("quote", customer, vendas, notes="Orçamento da vendedora")
    theirs = factory.document("quote", customer, outro, notes="Orçamento do outro")
    web = Browser(app.test_client())
    assert web.login("vendas").status_code == 302
    return {"vendas": vendas, "outro": outro, "customer": customer, "mine": mine,
            "theirs": theirs, "product": factory.product(), "web": web, "admin": admin}


def count(factory, model) -> int:
    return factory.scalar(select(func.count(model.id)))


def menu(web) -> str:
    page = web.get("/documents/quotes/", follow_redirects=True).get_data(as_text=True)
    return page[page.index('class="menubar"'):page.index('class="userbox"')]


def test_a_new_user_starts_with_the_defaults_the_readme_names(factory):
    user = factory.user("novo")
    assert {flag: getattr(user, flag) for flag in PERMISSION_FLAGS} == {
        **dict.fromkeys(PERMISSION_FLAGS, True), "can_delete_followups": False,
        "can_see_all_followups": False, "can_delete_parties": False, "can_see_all_sales": False}


# Clientes e Fornecedores


def test_party_access_off_closes_lists_records_and_menu(app, shop, factory):
    update_user(app, shop["vendas"].id, can_access_parties=False)
    web, customer = shop["web"], shop["customer"]
    for url in ("/parties/customers", "/parties/suppliers", f"/parties/{customer.id}",
                "/parties/customers/new"):
        assert web.get(url).status_code == 403, url
    assert web.post(f"/parties/{customer.id}", {"name": "Mexido", "version": "1"}
                    ).status_code == 403
    assert factory.get(Party, customer.id).name == "Padaria Pão Quente"
    assert "Clientes" not in menu(web) and "Fornecedores" not in menu(web)
    # The code lookup still serves the follow-up and sales screens he may use.
    assert web.get(f"/parties/lookup?kind=customer&code={customer.code}").status_code == 200


def test_party_add_off_refuses_new_records(app, shop, factory):
    update_user(app, shop["vendas"].id, can_add_parties=False)
    web, before = shop["web"], count(factory, Party)
    assert web.get("/parties/customers/new").status_code == 403
    assert web.post("/parties/customers/new", {"name": "Forjado", "active": "y"}
                    ).status_code == 403
    assert count(factory, Party) == before
    assert 'data-key="insert"' not in web.get("/parties/customers").get_data(as_text=True)


def test_party_edit_off_shows_the_record_and_refuses_changes(app, shop, factory):
    update_user(app, shop["vendas"].id, can_edit_parties=False)
    web, customer = shop["web"], shop["customer"]
    page = web.get(f"/parties/{customer.id}")
    assert page.status_code == 200 and 'data-key="save"' not in page.get_data(as_text=True)
    assert web.post(f"/parties/{customer.id}", {"name": "Mexido", "active": "y", "version": "1"}
                    ).status_code == 403
    assert factory.get(Party, customer.id).name == "Padaria Pão Quente"


def test_party_delete_is_off_by_default_and_allowed_when_granted(app, shop, factory):
    web, spare = shop["web"], factory.party("Sem Vínculo")
    assert "Excluir" not in web.get(f"/parties/{spare.id}").get_data(as_text=True)
    assert web.post(f"/parties/{spare.id}/delete", {}).status_code == 403
    assert factory.get(Party, spare.id) is not None
    update_user(app, shop["vendas"].id, can_delete_parties=True)
    response = web.post(f"/parties/{spare.id}/delete", {}, follow_redirects=True)
    assert "Registro excluído." in response.get_data(as_text=True)
    assert factory.get(Party, spare.id) is None


# Orçamento, Pedido de Venda, Venda


def test_without_see_all_a_seller_sees_only_his_own_documents(shop):
    web, mine, theirs = shop["web"], shop["mine"], shop["theirs"]
    listing = web.get("/documents/quotes/").get_data(as_text=True)
    assert f'/documents/{mine.id}"' in listing and f'/documents/{theirs.id}"' not in listing
    assert f'/documents/{theirs.id}"' not in web.get(
        f"/documents/quotes/?salesperson={shop['outro'].id}").get_data(as_text=True)
    assert web.get(f"/documents/{mine.id}").status_code == 200
    page = web.get(f"/documents/{theirs.id}")
    assert page.status_code == 404 and "Orçamento do outro" not in page.get_data(as_text=True)
    timeline = web.get(f"/parties/{shop['customer'].id}").get_data(as_text=True)
    assert f'/documents/{mine.id}"' in timeline and f'/documents/{theirs.id}"' not in timeline


def test_another_sellers_quote_cannot_be_changed_cancelled_or_converted(app, shop, factory):
    web, theirs, customer = shop["web"], shop["theirs"], shop["customer"]
    form = doc_form(customer.code, [line("Mexido")], salesperson_id=shop["vendas"].id,
                    version="1", status="open", notes="mexido")
    assert web.post(f"/documents/{theirs.id}", form).status_code == 404
    assert web.post(f"/documents/{theirs.id}/cancel", {}).status_code == 404
    assert web.post(f"/documents/{theirs.id}/convert", {}).status_code == 404
    after = factory.get(SalesDocument, theirs.id, "lines")
    assert (after.status, after.notes, after.version) == ("open", "Orçamento do outro", 1)
    assert count(factory, SalesDocument) == 2


def test_without_see_all_he_can_only_name_himself_the_salesperson(app, shop, factory):
    web, customer = shop["web"], shop["customer"]
    page = web.get("/documents/quotes/new").get_data(as_text=True)
    assert f'value="{shop["outro"].id}"' not in page
    response = web.post("/documents/quotes/new", doc_form(
        customer.code, [line()], salesperson_id=shop["outro"].id, status="open"))
    assert response.status_code == 422
    assert count(factory, SalesDocument) == 2
    response = web.post("/documents/quotes/new", doc_form(
        customer.code, [line()], salesperson_id=shop["vendas"].id, status="open"))
    assert response.status_code == 302


def test_see_all_shows_every_document(app, shop):
    update_user(app, shop["vendas"].id, can_see_all_sales=True)
    web, theirs = shop["web"], shop["theirs"]
    assert f'/documents/{theirs.id}"' in web.get("/documents/quotes/").get_data(as_text=True)
    assert "Orçamento do outro" in web.get(f"/documents/{theirs.id}").get_data(as_text=True)


def test_sales_access_off_closes_lists_documents_timeline_and_menu(app, shop, factory):
    update_user(app, shop["vendas"].id, can_access_sales=False)
    web, mine = shop["web"], shop["mine"]
    for url in (*SALES_LISTS, "/documents/quotes/new", f"/documents/{mine.id}"):
        assert web.get(url).status_code == 403, url
    assert web.post(f"/documents/{mine.id}/cancel", {}).status_code == 403
    assert factory.get(SalesDocument, mine.id).status == "open"
    timeline = web.get(f"/parties/{shop['customer'].id}").get_data(as_text=True)
    assert f'/documents/{mine.id}"' not in timeline
    assert "Orçamentos" not in menu(web)


def test_sales_add_off_refuses_new_documents_and_conversions(app, shop, factory):
    update_user(app, shop["vendas"].id, can_add_sales=False)
    web, mine, customer = shop["web"], shop["mine"], shop["customer"]
    assert web.get("/documents/quotes/new").status_code == 403
    assert web.post("/documents/quotes/new", doc_form(
        customer.code, [line()], salesperson_id=shop["vendas"].id, status="open")
    ).status_code == 403
    assert web.post(f"/documents/{mine.id}/convert", {}).status_code == 403
    assert count(factory, SalesDocument) == 2
    assert 'data-key="insert"' not in web.get("/documents/quotes/").get_data(as_text=True)
    assert "Converter" not in web.get(f"/documents/{mine.id}").get_data(as_text=True)


def test_sales_edit_off_shows_the_document_read_only(app, shop, factory):
    update_user(app, shop["vendas"].id, can_edit_sales=False)
    web, mine, customer = shop["web"], shop["mine"], shop["customer"]
    page = web.get(f"/documents/{mine.id}").get_data(as_text=True)
    assert "Você não tem permissão para alterar" in page and 'id="document-form"' not in page
    assert web.post(f"/documents/{mine.id}", doc_form(
        customer.code, [line("Mexido")], salesperson_id=shop["vendas"].id, version="1",
        status="open")).status_code == 403
    assert factory.get(SalesDocument, mine.id).version == 1


def test_sales_cancel_off_refuses_cancelling(app, shop, factory):
    update_user(app, shop["vendas"].id, can_cancel_sales=False)
    web, mine = shop["web"], shop["mine"]
    assert web.post(f"/documents/{mine.id}/cancel", {}).status_code == 403
    assert factory.get(SalesDocument, mine.id).status == "open"
    assert "Rejeitar" not in web.get(f"/documents/{mine.id}").get_data(as_text=True)


def test_a_follow_up_shows_only_the_documents_its_reader_may_see(app, shop, factory):
    entry = factory.entry(shop["customer"], shop["vendas"], return_date=shop["mine"].issued_on)
    theirs = factory.document("quote", shop["customer"], shop["outro"], follow_up=entry.follow_up)
    own = factory.document("quote", shop["customer"], shop["vendas"], follow_up=entry.follow_up)
    web = shop["web"]
    page = web.get(f"/followups/{entry.follow_up_id}").get_data(as_text=True)
    assert f'/documents/{own.id}"' in page and f'/documents/{theirs.id}"' not in page
    # F4: a follow-up cannot be started from another seller's document either.
    new_entry = web.get(f"/followups/new/entry?party={shop['customer'].id}"
                        f"&origin={shop['theirs'].id}")
    assert new_entry.status_code == 422
    update_user(app, shop["vendas"].id, can_add_sales=False)
    page = web.get(f"/followups/{entry.follow_up_id}").get_data(as_text=True)
    assert "/documents/quotes/new?follow_up=" not in page


# Produtos


def test_product_access_off_closes_the_catalog_but_not_the_lines_lookup(app, shop, factory):
    update_user(app, shop["vendas"].id, can_access_products=False)
    web, product = shop["web"], shop["product"]
    for url in ("/products/", f"/products/{product.id}", "/products/new"):
        assert web.get(url).status_code == 403, url
    assert "Produtos" not in menu(web)
    assert web.get(f"/products/lookup?code={product.code}").status_code == 200
    update_user(app, shop["vendas"].id, can_access_sales=False)
    assert web.get(f"/products/lookup?code={product.code}").status_code == 403


def test_product_edit_off_refuses_adding_and_changing(app, shop, factory):
    update_user(app, shop["vendas"].id, can_edit_products=False)
    web, product = shop["web"], shop["product"]
    assert web.get("/products/").status_code == 200
    assert 'data-key="insert"' not in web.get("/products/").get_data(as_text=True)
    assert web.post("/products/new", {"code": "NOVO", "description": "Novo", "unit": "UN",
                                      "price": "1,00", "active": "y"}).status_code == 403
    assert web.post(f"/products/{product.id}", {
        "code": product.code, "description": "Mexido", "unit": "UN", "price": "1,00",
        "active": "y", "version": "1"}).status_code == 403
    assert factory.get(Product, product.id).description == "Forno elétrico 45 L"
    assert count(factory, Product) == 1


# Where a user lands


@pytest.mark.parametrize("flags, landing", [
    ({}, "/painel"),
    ({"can_access_followups": False}, "/parties/customers"),
    ({"can_access_followups": False, "can_access_parties": False}, "/documents/quotes/"),
    ({"can_access_followups": False, "can_access_parties": False, "can_access_sales": False},
     "/products/"),
])
def test_after_sign_in_a_user_lands_on_the_first_area_he_may_use(app, factory, flags, landing):
    factory.user("vendas", **flags)
    web = Browser(app.test_client())
    response = web.login("vendas")
    while response.status_code == 302:
        last = response.location
        response = web.get(last)
    assert (last, response.status_code) == (landing, 200)


def test_a_user_with_no_permission_lands_on_a_page_telling_him_whom_to_ask(app, factory):
    factory.user("nada", **dict.fromkeys(PERMISSION_FLAGS, False))
    web = Browser(app.test_client())
    response = web.login("nada")
    response = web.get(response.location, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Peça ao administrador" in page and "Nada" in page
    assert "menu-direct" not in page and "Processos" not in page and "Cadastros" not in page


def test_the_menu_shows_only_the_areas_a_user_may_open(app, factory):
    factory.user("vendas", can_access_followups=False, can_access_products=False)
    web = Browser(app.test_client())
    web.login("vendas")
    shown = menu(web)
    assert "Follow Up" not in shown and "Produtos" not in shown
    for label in ("Clientes", "Fornecedores", "Orçamentos", "Pedidos de Venda", "Vendas"):
        assert label in shown, label
