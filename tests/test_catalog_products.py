"""Cadastro de Produtos through HTTP: create, unique codes, bad prices, edit, lookup."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import Product


def product_form(**overrides) -> dict:
    data = {"code": "FORNO-45", "description": "Forno elétrico 45 L", "unit": "un",
            "price": "1.299,90", "active": "y", "version": "1"}
    data.update(overrides)
    return data


def test_a_product_is_created_listed_and_edited(signed_in, factory):
    response = signed_in.post("/products/new", product_form())
    assert response.status_code == 302
    product = factory.scalar(select(Product))
    assert (product.code, product.unit, product.price, product.active) == (
        "FORNO-45", "UN", Decimal("1299.90"), True)
    page = signed_in.get("/products/").get_data(as_text=True)
    assert "Forno elétrico 45 L" in page and "R$\xa01.299,90" in page
    page = signed_in.get(f"/products/{product.id}").get_data(as_text=True)
    # The price comes back as it was typed, 1.299,90.
    assert 'value="1.299,90"' in page and '<label for="price">Preço</label>' in page
    response = signed_in.post(f"/products/{product.id}", product_form(price="1.199,90",
                                                                      active=""))
    assert response.status_code == 302
    product = factory.get(Product, product.id)
    assert (product.price, product.active) == (Decimal("1199.90"), False)
    # Its history shows money as R$ 1.234,56 and booleans as Sim/Não.
    page = signed_in.get(f"/products/{product.id}").get_data(as_text=True)
    assert "<strong>Preço</strong>: R$\xa01.299,90 → R$\xa01.199,90" in page
    assert "<strong>Ativo</strong>: Sim → Não" in page
    assert "Forno elétrico" not in signed_in.get("/products/").get_data(as_text=True)
    assert "Forno elétrico" in signed_in.get("/products/?inactive=1").get_data(as_text=True)


@pytest.mark.parametrize("field,value,message", [
    ("code", "", "Informe o código"),
    ("code", "com espaço", "sem espaços"),
    ("description", "", "Informe a descrição"),
    ("price", "-1", "O preço não pode ser negativo"),
    ("price", "abc", "Não é um número"),
    ("price", "1,999", "2 casas decimais"),
])
def test_bad_product_input_is_explained_and_kept(signed_in, factory, field, value, message):
    response = signed_in.post("/products/new", product_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert f'id="{field}-msg"' in page
    assert factory.scalar(select(Product)) is None


def test_codes_are_unique_whatever_the_case(signed_in, factory):
    factory.product("FORNO-45", "Forno")
    response = signed_in.post("/products/new", product_form(code="forno-45"))
    assert response.status_code == 422
    assert "O código FORNO-45 já é do produto Forno." in response.get_data(as_text=True)


def test_lookup_fills_a_line(signed_in, factory):
    factory.product("PAO", "Pão francês", "0.75", unit="KG")
    factory.product("OLD", "Descontinuado", active=False)
    answer = signed_in.get("/products/lookup?code=pao")
    assert answer.get_json() == {"found": True, "code": "PAO", "description": "Pão francês",
                                 "unit": "KG", "price": "0,75"}
    assert signed_in.get("/products/lookup?code=OLD").status_code == 404
    assert signed_in.get("/products/lookup?code=NONE").get_json()["found"] is False


def test_a_stale_product_form_is_refused_with_the_typed_values_kept(signed_in, factory):
    product = factory.product()
    page = signed_in.get(f"/products/{product.id}").get_data(as_text=True)
    assert f'value="{product.version}"' in page and 'name="version"' in page
    response = signed_in.post(f"/products/{product.id}", {
        "code": product.code, "description": "Descrição nova", "unit": "UN", "price": "10,00",
        "active": "y", "version": str(product.version + 1)})
    assert response.status_code == 409
    assert "Descrição nova" in response.get_data(as_text=True)
    assert factory.get(Product, product.id).description != "Descrição nova"


def test_the_menu_and_the_document_lines_lead_to_the_catalog(signed_in):
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert '<a href="/products/">Produtos</a>' in page
    page = signed_in.get("/documents/quotes/new").get_data(as_text=True)
    assert 'data-product-lookup="/products/lookup"' in page


def test_an_empty_catalog_offers_incluir_produto(signed_in, factory):
    page = signed_in.get("/products/").get_data(as_text=True)
    assert "Nenhum produto cadastrado." in page
    assert '<a class="button primary" href="/products/new">Incluir produto</a>' in page
    factory.product("FORNO-45", "Forno")
    page = signed_in.get("/products/?q=geladeira").get_data(as_text=True)
    assert "Nada encontrado." in page and "Nenhum produto cadastrado." not in page
    assert "Incluir produto" in page
