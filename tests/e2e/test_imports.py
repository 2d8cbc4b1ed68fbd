"""Cadastros → Importar in a real browser: the columns guessed, the preview, the dry run and
the import with its progress bar (pt-BR labels); screenshots in test-output/imports/."""

from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Party

from ..conftest import PASSWORD
from ..imports_helpers import write_csv
from .conftest import sign_in

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "imports"


def test_mapping_preview_and_import_of_a_small_file(page, live_server, factory, admin,
                                                    tmp_path):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = write_csv(tmp_path / "clientes.csv", [
        ["Cód.", "Razão Social", "CNPJ/CPF", "Fone", "Cidade", "Coisa"],
        ["7", "Açúcar & Cia. Ltda", "11.222.333/0001-81", "11 3456-7890", "São João", "x"],
        ["8", "Mercearia Boa Vista", "529.982.247-25", "(21) 98765-4321", "Niterói", "y"],
        ["9", "Sem Documento Válido", "123", "", "", "z"]], encoding="cp1252")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.get_by_text("Cadastros", exact=True).click()
    page.get_by_role("link", name="Importar").click()
    page.get_by_label("Arquivo (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Enviar").click()

    expect(page.get_by_role("heading", name="Colunas de clientes.csv")).to_be_visible()
    expect(page.get_by_label("Razão Social")).to_have_value("name")
    expect(page.get_by_label("CNPJ/CPF")).to_have_value("document")
    expect(page.get_by_label("Coisa")).to_have_value("")
    page.screenshot(path=str(OUTPUT / "1-columns.png"), full_page=True)
    page.get_by_role("button", name="Ver a prévia").click()

    expect(page.get_by_role("heading", name="Prévia de clientes.csv")).to_be_visible()
    expect(page.get_by_role("cell", name="(11) 3456-7890")).to_be_visible()
    expect(page.get_by_role("cell", name="Açúcar & Cia. Ltda")).to_be_visible()
    page.screenshot(path=str(OUTPUT / "2-preview.png"), full_page=True)
    page.get_by_role("button", name="Verificar todas as linhas (simulação)").click()

    expect(page.get_by_role("heading", name="Simulação de clientes.csv")).to_be_visible()
    expect(page.locator('[data-count="create"]')).to_have_text("2")
    expect(page.locator('[data-count="refused"]')).to_have_text("1")
    expect(page.get_by_role("cell", name="Sem Documento Válido")).to_be_visible()
    page.screenshot(path=str(OUTPUT / "3-dry-run.png"), full_page=True)
    assert factory.scalars(select(Party)) == []
    page.get_by_label("Pular as linhas recusadas e importar as demais").check()
    page.get_by_role("button", name="Importar").click()

    expect(page.get_by_role("heading", name="Importado: clientes.csv")).to_be_visible()
    expect(page.locator('[data-count="create"]')).to_have_text("2")
    page.screenshot(path=str(OUTPUT / "4-imported.png"), full_page=True)
    names = {party.code: party.name for party in factory.scalars(select(Party))}
    assert names == {7: "Açúcar & Cia. Ltda", 8: "Mercearia Boa Vista"}
