"""Orçamento, Pedido de Venda, Venda through HTTP: life cycle, conversions, lists, bad input."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, SalesDocument, SalesDocumentLine

from .sales_helpers import doc_form, line


@pytest.fixture
def customer(factory):
    return factory.party("Padaria Pão Quente")


def _document(factory, number_or_id, kind=None) -> SalesDocument:
    if kind is None:
        return factory.get(SalesDocument, number_or_id, "lines", "party")
    ident = factory.scalar(select(SalesDocument.id).where(SalesDocument.kind == kind,
                                                          SalesDocument.number == number_or_id))
    return factory.get(SalesDocument, ident, "lines", "party")


@pytest.mark.parametrize("slug,kind,initial,label,new_title", [
    ("quotes", "quote", "open", "Orçamento", "Orçamento — novo"),
    ("orders", "order", "open", "Pedido de Venda", "Pedido de Venda — novo"),
])
def test_each_kind_is_created_numbered_edited_and_cancelled(signed_in, factory, admin, customer,
                                                            slug, kind, initial, label,
                                                            new_title):
    page = signed_in.get(f"/documents/{slug}/new").get_data(as_text=True)
    assert f"<h1>{new_title}</h1>" in page and 'for="customer_code"' in page
    for count in (1, 2):
        response = signed_in.post(f"/documents/{slug}/new", doc_form(
            customer.code, [line(quantity="2", unit_price="1.234,56", discount="10")],
            salesperson_id=admin.id, notes=f"nota {count}",
            **({"status": "open"} if kind == "quote" else {})))
        assert response.status_code == 302, response.get_data(as_text=True)
    first, second = _document(factory, 1, kind), _document(factory, 2, kind)
    assert (first.status, first.party_id, first.salesperson_id) == (initial, customer.id, admin.id)
    assert [(ln.description, ln.quantity, ln.unit_price, ln.discount) for ln in first.lines] == [
        ("Forno elétrico", Decimal("2.000"), Decimal("1234.56"), Decimal("10.00"))]
    page = signed_in.get(f"/documents/{second.id}").get_data(as_text=True)
    assert f"{label} nº 2" in page and "R$\xa02.459,12" in page  # 2 × 1.234,56 − 10,00

    # Alterar: change a line and add one; the version guards against stale forms.
    response = signed_in.post(f"/documents/{first.id}", doc_form(
        customer.code, [line(quantity="3", unit_price="10"), line("Bandeja", "2", "5,50")],
        salesperson_id=admin.id, version=str(first.version),
        **({"status": "approved"} if kind == "quote" else {})))
    assert response.status_code == 302, response.get_data(as_text=True)
    changed = _document(factory, first.id)
    assert [(ln.position, ln.description, ln.quantity) for ln in changed.lines] == [
        (1, "Forno elétrico", Decimal("3.000")), (2, "Bandeja", Decimal("2.000"))]
    assert signed_in.get(f"/documents/{first.id}").get_data(as_text=True).count("R$\xa041,00") >= 1
    assert factory.scalar(select(func.count(SalesDocumentLine.id))
                          .where(SalesDocumentLine.document_id == first.id)) == 2

    # The list shows both, newest first, with totals; search finds by number and customer.
    page = signed_in.get(f"/documents/{slug}/").get_data(as_text=True)
    assert page.index('>2</a>') < page.index('>1</a>') and "Padaria Pão Quente" in page
    assert "R$\xa041,00" in page
    assert "Padaria" in signed_in.get(f"/documents/{slug}/?q=Padaria").get_data(as_text=True)
    assert "Nada encontrado" in signed_in.get(f"/documents/{slug}/?q=Inexistente").get_data(
        as_text=True)

    # Cancel (a quote is rejected), then no more changes.
    response = signed_in.post(f"/documents/{second.id}/cancel", {})
    assert response.status_code == 302
    cancelled = _document(factory, second.id)
    expected = {"quote": "rejected", "order": "cancelled", "sale": "cancelled"}[kind]
    assert cancelled.status == expected
    actions = factory.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "sales_document", AuditEvent.entity_id == second.id))
    assert "create" in actions and "cancel" in actions
    if kind == "order":
        response = signed_in.post(f"/documents/{second.id}", doc_form(
            customer.code, [line("Outra coisa", "1", "1")], version=str(cancelled.version)))
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert "não aceita mais alterações" in page and 'value="Outra coisa"' in page
        assert [ln.description for ln in _document(factory, second.id).lines] == ["Forno elétrico"]


def test_a_sale_is_concluded_when_saved_read_only_and_still_cancellable(signed_in, factory,
                                                                        admin, customer):
    page = signed_in.get("/documents/sales/new").get_data(as_text=True)
    assert "<h1>Venda — nova</h1>" in page
    response = signed_in.post("/documents/sales/new", doc_form(
        customer.code, [line(quantity="2", unit_price="1.234,56", discount="10")],
        salesperson_id=admin.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    sale = _document(factory, 1, "sale")
    assert sale.status == "completed"

    # Concluded: shown without inputs, with Cancel and Print, and a change is refused (409).
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Venda 1 — concluída: não aceita mais alterações." in page
    assert 'id="document-form"' not in page and 'name="lines-0-quantity"' not in page
    assert "Cancelar venda" in page and "data-print" in page and "R$\xa02.459,12" in page
    response = signed_in.post(f"/documents/{sale.id}", doc_form(
        customer.code, [line("Outra coisa", "1", "1")], version=str(sale.version)))
    assert response.status_code == 409
    assert "não aceita mais alterações" in response.get_data(as_text=True)
    assert [ln.description for ln in _document(factory, sale.id).lines] == ["Forno elétrico"]

    assert signed_in.post(f"/documents/{sale.id}/cancel", {}).status_code == 302
    assert _document(factory, sale.id).status == "cancelled"
    page = signed_in.get(f"/documents/{sale.id}").get_data(as_text=True)
    assert "Venda 1 — cancelada" in page and "Cancelar venda" not in page


def test_a_quote_becomes_an_order_and_the_order_a_sale_keeping_the_links(signed_in, factory,
                                                                        admin, customer):
    quote = factory.document("quote", customer, admin, lines=[("Forno", "2", "100.00", "5.00")])
    response = signed_in.post(f"/documents/{quote.id}/convert", {})
    assert response.status_code == 302
    order = factory.scalar(select(SalesDocument).where(SalesDocument.kind == "order"))
    assert response.location.endswith(f"/documents/{order.id}")
    assert _document(factory, quote.id).status == "converted"
    order = _document(factory, order.id)
    assert (order.source_document_id, order.status, order.party_id) == (quote.id, "open",
                                                                        customer.id)
    assert [(ln.description, ln.quantity, ln.unit_price, ln.discount) for ln in order.lines] == [
        ("Forno", Decimal("2.000"), Decimal("100.00"), Decimal("5.00"))]
    page = signed_in.get(f"/documents/{order.id}").get_data(as_text=True)
    assert f'href="/documents/{quote.id}"' in page and "Convertido de" in page
    page = signed_in.get(f"/documents/{quote.id}").get_data(as_text=True)
    assert f'href="/documents/{order.id}"' in page and "Convertido em" in page
    assert "não aceita mais alterações" in page and 'name="submit"' not in page

    # A converted quote cannot be converted, changed or cancelled again.
    assert signed_in.post(f"/documents/{quote.id}/convert", {}).status_code == 302
    assert factory.scalar(select(func.count()).where(SalesDocument.kind == "order")) == 1
    signed_in.post(f"/documents/{quote.id}/cancel", {})
    assert _document(factory, quote.id).status == "converted"

    response = signed_in.post(f"/documents/{order.id}/convert", {})
    sale = factory.scalar(select(SalesDocument).where(SalesDocument.kind == "sale"))
    assert (sale.source_document_id, sale.status) == (order.id, "completed")
    assert _document(factory, order.id).status == "invoiced"
    # A sale converts into nothing; an invoiced order can no longer be changed.
    assert "Converter" not in signed_in.get(f"/documents/{sale.id}").get_data(as_text=True)
    response = signed_in.post(f"/documents/{order.id}", doc_form(
        customer.code, [line()], version=str(_document(factory, order.id).version)))
    assert response.status_code == 409


def test_a_rejected_quote_cannot_be_converted(signed_in, factory, admin, customer):
    quote = factory.document("quote", customer, admin)
    signed_in.post(f"/documents/{quote.id}/cancel", {})
    response = signed_in.post(f"/documents/{quote.id}/convert", {}, follow_redirects=True)
    assert "não pode ser convertido" in response.get_data(as_text=True)
    assert factory.scalar(select(func.count()).where(SalesDocument.kind == "order")) == 0


def _count(factory) -> int:
    return factory.scalar(select(func.count(SalesDocument.id)))


@pytest.mark.parametrize("row,field,message", [
    (line(quantity="0"), "quantity", "A quantidade deve ser maior que zero"),
    (line(quantity="-2"), "quantity", "A quantidade deve ser maior que zero"),
    (line(quantity="abc"), "quantity", "Não é um número"),
    (line(quantity="1,0005"), "quantity", "3 casas decimais"),
    (line(unit_price="-1,00"), "unit_price", "O preço não pode ser negativo"),
    (line(unit_price="10,001"), "unit_price", "2 casas decimais"),
    (line(unit_price=""), "unit_price", "Informe o preço unitário"),
    (line(quantity="2", unit_price="10", discount="20,01"), "discount",
     "O desconto é maior que o valor da linha (20,00)"),
    (line(discount="-1"), "discount", "O desconto não pode ser negativo"),
    (line(description=""), "description", "Informe uma descrição ou um código de produto"),
    (line(product_code="NAO-EXISTE", description=""), "product_code",
     "Nenhum produto com o código"),
])
def test_bad_lines_are_explained_beside_the_field_and_kept(signed_in, customer, factory, row,
                                                          field, message):
    good = line("Linha boa", "1", "2,00")
    response = signed_in.post("/documents/orders/new", doc_form(customer.code, [good, row]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'id="lines-1-{field}-msg"' in page
    assert "Alguns campos precisam de atenção" in page  # a row's error counts as the form's
    assert 'value="Linha boa"' in page
    for value in row.values():
        if value:
            assert f'value="{value}"' in page
    assert _count(factory) == 0


def test_a_document_needs_a_line(signed_in, customer, factory):
    response = signed_in.post("/documents/quotes/new", doc_form(customer.code, [], status="open"))
    assert response.status_code == 422
    assert "Inclua ao menos uma linha" in response.get_data(as_text=True)
    assert _count(factory) == 0


def test_customer_code_must_be_an_active_customer(signed_in, factory):
    customer = factory.party("Cliente Ativo")
    supplier_only = [factory.party(f"Fornecedor {n}", kind="supplier") for n in range(3)][-1]
    inactive = factory.party("Cliente Inativo", active=False)
    cases = [(supplier_only.code, "é Fornecedor 2"), (inactive.code, "está inativo"),
             ("999", "Nenhum cliente com o código 999"), ("abc", "O código é um número")]
    assert customer.code != supplier_only.code
    for code, message in cases:
        response = signed_in.post("/documents/sales/new", doc_form(code, [line("Item x")]))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, code
        assert message in page and 'id="customer_code-msg"' in page and 'value="Item x"' in page
    assert _count(factory) == 0


def test_inactive_products_are_refused_on_new_lines_and_kept_on_old_ones(signed_in, factory,
                                                                         customer, admin):
    product = factory.product("PAO-1", "Pão francês", "0.75")
    response = signed_in.post("/documents/quotes/new", doc_form(
        customer.code, [line(product_code="pao-1", description="", unit_price="", quantity="10")],
        status="open"))
    assert response.status_code == 302
    quote = _document(factory, 1, "quote")
    assert [(ln.product_id, ln.description, ln.unit_price) for ln in quote.lines] == [
        (product.id, "Pão francês", Decimal("0.75"))]
    signed_in.post(f"/products/{product.id}", {"code": "PAO-1", "description": "Pão francês",
                                                "unit": "KG", "price": "0,75",
                                                "version": str(product.version)})  # inactive
    response = signed_in.post("/documents/quotes/new", doc_form(
        customer.code, [line(product_code="PAO-1", description="", quantity="1")],
        status="open"))
    assert response.status_code == 422
    assert "O produto PAO-1 está inativo" in response.get_data(as_text=True)
    # The quote that already has it can still be changed.
    response = signed_in.post(f"/documents/{quote.id}", doc_form(
        customer.code, [line(product_code="PAO-1", description="Pão", unit_price="0,80",
                             quantity="12")], version=str(quote.version),
        status="open"))
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_stale_form_is_refused_with_the_typed_lines_kept(signed_in, factory, customer, admin):
    order = factory.document("order", customer, admin)
    form = doc_form(customer.code, [line("Minha versão", "1", "1")], version=str(order.version))
    signed_in.post(f"/documents/{order.id}", doc_form(customer.code, [line("Outra pessoa")],
                                                      version=str(order.version)))
    response = signed_in.post(f"/documents/{order.id}", form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Alguém alterou este documento" in page and 'value="Minha versão"' in page
    assert [ln.description for ln in _document(factory, order.id).lines] == ["Outra pessoa"]


def test_more_lines_adds_blank_rows_without_saving(signed_in, customer, factory):
    form = doc_form(customer.code, [line("Primeira")], blank_rows=0, more_lines="Mais linhas")
    response = signed_in.post("/documents/quotes/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Primeira"' in page and 'id="lines-3-description"' in page
    assert _count(factory) == 0


def test_list_filters_by_status_date_and_salesperson(signed_in, factory, admin, customer):
    other = factory.user("vendas")
    from datetime import date

    factory.document("order", customer, admin, issued_on=date(2026, 1, 10), notes="alpha")
    second = factory.document("order", customer, other, issued_on=date(2026, 2, 10), notes="beta")
    signed_in.post(f"/documents/{second.id}/cancel", {})

    def numbers(query):
        page = signed_in.get(f"/documents/orders/?{query}").get_data(as_text=True)
        return [n for n in (1, 2) if f'>{n}</a>' in page]

    assert numbers("") == [1, 2]
    assert numbers("status=cancelled") == [2]
    assert numbers("from=01/02/2026") == [2]
    assert numbers("to=31/01/2026") == [1]
    assert numbers(f"salesperson={admin.id}") == [1]
    assert numbers("q=beta") == [2]


def test_a_document_prints_clean_and_converting_asks_first(signed_in, factory, admin):
    customer = factory.party("Padaria Pão Quente", document="11222333000181",
                             address="Rua Augusta, 1200", city="São Paulo", state="SP",
                             phone="(11) 3456-7890")
    quote = factory.document("quote", customer, admin, notes="Pagamento: 30 dias.",
                             lines=[("Forno elétrico", "2", "1234.56", "10.00")])
    page = signed_in.get(f"/documents/{quote.id}").get_data(as_text=True)
    assert re.search(r'<button type="button" data-print hidden[^>]*>Imprimir</button>', page)
    assert re.search(r'<form [^>]*action="/documents/\d+/convert"[^>]*data-confirm="Converter '
                     r'este orçamento em pedido de venda\?', page)
    sheet = page[page.index('<article class="print-sheet" hidden>'):page.index("</article>")]
    for text in ("Orçamento nº 1", "Padaria Pão Quente", "11.222.333/0001-81",
                 "Rua Augusta, 1200 — São Paulo/SP", "(11) 3456-7890", "Forno elétrico",
                 "R$\xa02.469,12", "R$\xa02.459,12", "Condições e observações",
                 "Pagamento: 30 dias."):
        assert text in sheet, text
    assert "<input" not in sheet and "Follow Up" not in sheet
    # The print stylesheet shows the sheet alone: no menus, buttons or history on paper.
    css = (Path(__file__).resolve().parents[1] / "app/static/sales.css").read_text()
    assert ".topbar, main > :not(.print-sheet) { display: none !important; }" in css
