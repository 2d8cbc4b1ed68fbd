"""LGPD in a real browser: from the customer's page to the export and the anonymisation."""

import json
import re

from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in


def test_an_admin_exports_then_anonymises_a_customer(page, live_server, factory, admin, shot):
    customer = factory.party("Maria Aparecida Zanoni", document="529.982.247-25",
                             phone="(11) 3456-7890", email="maria.zanoni@exemplo.com.br",
                             contacts=[{"name": "Joaquim Zanoni", "phone": "(11) 99876-5432"}])
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/parties/{customer.id}")
    page.get_by_role("link", name="Dados pessoais (LGPD)").click()
    expect(page.get_by_role("heading", name=re.compile("Dados pessoais"))).to_be_visible()
    shot("lgpd-page")

    with page.expect_download() as download:
        page.get_by_role("button", name="Baixar JSON").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["party"]["name"] == "Maria Aparecida Zanoni"

    code = page.get_by_label("Digite o código do cadastro para confirmar")
    code.fill("999")
    page.get_by_role("button", name="Anonimizar").click()
    expect(page.get_by_text(f"Digite o código {customer.code} para confirmar.")).to_be_visible()
    expect(code).to_have_value("999")
    shot("wrong-code")
    code.fill(str(customer.code))
    page.get_by_role("button", name="Anonimizar").click()
    expect(page.get_by_text("seus dados pessoais foram apagados").first).to_be_visible()
    shot("anonymised")
    page.get_by_role("link", name="Voltar ao cadastro").click()
    expect(page.get_by_label("Nome", exact=True)).to_have_value("[anonimizado]")
    expect(page.get_by_text("Anonimizado (LGPD)")).to_be_visible()
    shot("party-after")
