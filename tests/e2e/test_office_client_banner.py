"""The office client in a real Chromium: the window's pages through the client's proxy, the
server stopped while a customer is being typed, then started again."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Party

from ..conftest import PASSWORD
from ..office_client_helpers import office_client_fixture, office_fixture  # noqa: F401
from .conftest import sign_in

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "office_client"
WAIT_MS = 15_000  # the banner's poll runs every 3 s


@pytest.fixture
def client_url(office_client):
    return office_client.url.rstrip("/")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_banner_holds_the_form_while_the_server_is_away_and_it_saves_once_after(
        app, admin, office, client_url, page):
    page.goto(client_url + "/")
    expect(page.locator("#server-fingerprint")).to_have_text(office.certificate.fingerprint)
    _shot(page, "pin")
    page.get_by_role("button", name="Confere", exact=True).click()
    sign_in(page, client_url, "admin", PASSWORD)
    page.goto(client_url + "/parties/customers/new")
    page.get_by_label("Nome", exact=True).fill("Padaria Sem Rede")
    office.stop()
    banner = page.locator("#server-banner")
    expect(banner).to_be_visible(timeout=WAIT_MS)
    expect(banner).to_contain_text("Sem conexão com o servidor do escritório")
    page.get_by_role("button", name="Salvar").click()
    expect(banner).to_contain_text("Não enviado")
    _shot(page, "server-away")
    assert page.url == client_url + "/parties/customers/new"  # the page stayed
    expect(page.get_by_label("Nome", exact=True)).to_have_value("Padaria Sem Rede")
    office.start()
    expect(banner).to_be_hidden(timeout=WAIT_MS)
    page.get_by_role("button", name="Salvar").click()
    expect(page.locator(".flash-success")).to_contain_text("salvo")
    _shot(page, "saved")
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(
            Party.name == "Padaria Sem Rede")) == 1
