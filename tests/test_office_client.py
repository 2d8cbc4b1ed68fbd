"""The office client (retorno desktop --server): its loopback proxy in front of a real HTTPS
server, the certificate pinned at the first connection, the server away, the notifier."""

import json
import socket
import ssl
import threading
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.alerts.notifier import CHECK_SECONDS
from app.desktop.client import OfficeClient
from app.desktop.client_notifier import ClientNotifier
from app.desktop.pinning import PIN_FILE
from app.desktop.server_choice import LOCAL, Choice, ServerAddress, chosen_server, load_choice
from app.extensions import db
from app.imports.uploads import upload_folder
from app.models import Party
from app.settings.services import business_today

from .alerts_helpers import Recorder, configure, sp
from .office_client_helpers import (  # noqa: F401 - fixtures
    TAG,
    Browser,
    OfficeServer,
    free_port,
    office_client_fixture,
    office_fixture,
    shown_fingerprint,
    shown_rows,
)

STATUS = "/__retorno/client/server"


@pytest.fixture
def browser(office_client):
    return Browser(office_client.server.port)


def _status(browser: Browser, query: str = "") -> dict:
    _, _, text = browser.get(STATUS + query, accept="application/json")
    return json.loads(text)


def test_the_first_connection_shows_the_fingerprint_and_only_confere_pins_it(
        office, office_client, browser, tmp_path, admin):
    status, headers, _ = browser.get("/")
    assert (status, headers["location"]) == (303, "/__retorno/client/pin")
    _, _, page = browser.get("/__retorno/client/pin")
    assert "Compare o certificado do servidor" in page
    assert shown_fingerprint(page) == office.certificate.fingerprint
    # Four rows of eight pairs, as on every client page, so two codes line up pair by pair.
    assert [len(row) for row in shown_rows(page)] == [8, 8, 8, 8]
    assert '<button type="submit" name="matches" value="1" class="primary">Confere</button>' in page
    assert 'href="/__retorno/client/static/office_client/client.css"' in page
    assert office.requests == 0  # nothing reaches the server before the certificate is trusted
    status, _, page = browser.post_form("/__retorno/client/pin", {"differs": "Não confere"})
    assert status == 200 and "Não continue" in page
    assert not (tmp_path / "client-data" / PIN_FILE).exists()
    assert browser.pin() == office.certificate.fingerprint
    saved = json.loads((tmp_path / "client-data" / PIN_FILE).read_text())
    assert saved == {"origin": f"https://127.0.0.1:{office.port}",
                     "fingerprint": office.certificate.fingerprint}
    status, _, page = browser.get("/login")
    assert status == 200 and 'name="password"' in page
    assert 'src="/__retorno/client/static/office_client/client.js"' in page  # the banner's script
    for asset in ("client.js", "client.css"):
        assert browser.get(f"/__retorno/client/static/office_client/{asset}")[0] == 200


def test_a_form_sent_through_the_proxy_saves_once_and_comes_back_to_the_loopback(
        app, office, browser, admin):
    browser.pin()
    browser.sign_in("admin", "correct-horse-9")
    assert browser.set_cookie_headers and all(
        "secure" not in header.lower() for header in browser.set_cookie_headers)
    status, headers, _ = browser.post_form("/parties/customers/new",
                                           {"name": "Padaria Pelo Proxy"})
    assert status == 302, headers
    assert headers["location"].startswith("/parties/") and "https" not in headers["location"]
    assert "strict-transport-security" not in headers
    status, _, page = browser.get(headers["location"])
    assert status == 200 and "Padaria Pelo Proxy" in page and "salvo" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(
            Party.name == "Padaria Pelo Proxy")) == 1


def test_a_new_certificate_is_refused_with_the_way_to_pin_it_again(office, browser, admin):
    browser.pin()
    office.stop()
    office.new_certificate()
    office.start()
    before = office.requests
    status, _, page = browser.get("/")
    assert status == 200  # a page the window reads
    assert "O certificado do servidor mudou" in page
    assert '<code class="command">retorno desktop --forget-certificate</code>' in page
    assert office.certificate.fingerprint in TAG.sub("", page)  # presented now
    assert [len(row) for row in shown_rows(page)] == [8, 8, 8, 8] * 2  # saved, and presented now
    status, _, _ = browser.request("POST", "/login", {"login": "admin", "password": "x"})
    assert status == 502
    assert office.requests == before  # not one request reached the server
    assert _status(browser)["status"] == "changed"
    status, headers, _ = browser.post_form("/__retorno/client/forget", {}, page="/")
    assert (status, headers["location"]) == (303, "/__retorno/client/pin")
    assert browser.pin() == office.certificate.fingerprint
    assert browser.get("/login")[0] == 200


def test_the_server_away_reads_wait_for_it_and_writes_say_nothing_was_saved(office, browser,
                                                                              admin):
    browser.pin()
    browser.sign_in("admin", "correct-horse-9")
    assert _status(browser)["connected"] is True
    _, _, form_page = browser.get("/parties/customers/new")
    office.stop()
    status, _, page = browser.get("/painel")
    assert status == 200 and "Sem conexão com o servidor" in page
    assert 'http-equiv="refresh"' in page  # it tries again by itself
    status, _, answer = browser.get("/alerts/due", accept="application/json")
    assert status == 503 and "Sem conexão" in json.loads(answer)["error"]  # for the page's poll
    away = _status(browser)
    assert away["connected"] is False and "tentando de novo" in away["message"]
    # On a page in English (the user's language on the server) the banner says it in English.
    assert "trying again" in _status(browser, "?lang=en")["message"]
    assert "tentando de novo" in _status(browser, "?lang=pt-BR")["message"]
    status, _, page = browser.request("POST", "/parties/customers/new",
                                      {"name": "Padaria Sem Rede"})
    assert status == 503 and "Nada foi salvo" in page and "data-go-back" in page
    office.start()
    assert _status(browser)["connected"] is True
    assert browser.get("/painel")[0] == 200


class CutServer:
    """The office server's certificate on its port, but the cable is pulled after each request
    arrives: no answer ever comes back."""

    def __init__(self, office: OfficeServer) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(office.certificate.cert_path, office.certificate.key_path)
        self.listener = socket.create_server(("127.0.0.1", office.port))
        self.requests: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            with self.context.wrap_socket(raw, server_side=True) as tls:
                received = b""
                while b"\r\n\r\n" not in received:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    received += chunk
                if received:
                    self.requests.append(received)

    def close(self) -> None:
        self.listener.close()


def test_a_save_cut_mid_way_is_never_sent_again(office, browser, admin):
    browser.pin()
    office.stop()
    cut = CutServer(office)
    try:
        status, _, page = browser.request("POST", "/parties/customers/new",
                                          {"name": "Padaria Cabo Solto"})
    finally:
        cut.close()
    assert status == 502
    assert "<h1>A conexão caiu durante o envio</h1>" in page  # not "no connection": it was sent
    assert "A conexão com o servidor" in page and "caiu" in page
    assert len([r for r in cut.requests if r.startswith(b"POST")]) == 1  # never resent


def test_the_notifier_names_the_returns_of_the_user_signed_in_here_only(
        app, factory, office, office_client, browser):
    configure(app)
    seller_a = factory.user("ana", alert_every_minutes=30)
    seller_b = factory.user("bruno", alert_every_minutes=30)
    with app.app_context():
        today = business_today()
    factory.entry(factory.party("Padaria da Ana"), seller_a, return_date=today)
    factory.entry(factory.party("Mercado do Bruno"), seller_b, return_date=today)
    browser.pin()
    notices = Recorder()
    notifier = ClientNotifier(office_client.state, notices, check_seconds=CHECK_SECONDS)
    assert notifier.tick() is None  # nobody signed in on this PC yet
    browser.sign_in("ana", "correct-horse-9")
    browser.get("/painel")  # the window's next request carries the new session cookie
    title, body = notifier.tick()
    assert "Padaria da Ana" in body and "Mercado do Bruno" not in body
    assert notices.calls == [(title, body)]
    browser.post_form("/logout", {}, page="/painel")
    assert notifier.tick() is None  # the server refuses the signed-out session: silence
    assert len(notices.calls) == 1


def test_a_server_down_when_the_client_starts_is_waited_for(app, admin, tmp_path):
    office = OfficeServer(app, tmp_path / "server-data")
    office.port = free_port()  # not started yet: the server PC is still booting
    (tmp_path / "client-data").mkdir()
    client = OfficeClient(tmp_path / "client-data", ServerAddress("127.0.0.1", office.port))
    client.start()
    try:
        browser = Browser(client.server.port)
        status, _, page = browser.get("/__retorno/client/pin")
        assert status == 200 and "não responde" in page and 'http-equiv="refresh"' in page
        # A wrong address: the way to another server is on the page.
        assert '<a href="/__retorno/client/change">' in page
        office.start()
        assert browser.pin() == office.certificate.fingerprint
        assert browser.get("/login")[0] == 200
    finally:
        client.stop()
        office.stop()


def test_another_server_is_chosen_here_and_used_from_the_next_start(office, office_client,
                                                                     browser, tmp_path):
    data_dir = tmp_path / "client-data"
    status, _, page = browser.get("/__retorno/client/change")
    assert status == 200 and "Usar outro servidor" in page
    assert f"https://127.0.0.1:{office.port}" in page  # the server in use, named
    # A bad address is refused beside the field, with what was typed kept; nothing saved.
    status, _, page = browser.post_form("/__retorno/client/change",
                                        {"server": "http://novo-servidor:8765", "office": "1"})
    assert status == 422 and "HTTPS" in page and 'value="http://novo-servidor:8765"' in page
    assert load_choice(data_dir) is None
    status, _, page = browser.post_form("/__retorno/client/change",
                                        {"server": "novo-servidor", "office": "1"})
    assert status == 200 and "Feche o Retorno" in page
    assert "https://novo-servidor:8765" in page
    assert chosen_server(data_dir, None) == ServerAddress("novo-servidor", 8765)
    # The running client goes on with its server until it is opened again.
    assert office_client.state.server == ServerAddress("127.0.0.1", office.port)
    # Or this PC's own data.
    status, _, page = browser.post_form("/__retorno/client/change", {"local": "1"})
    assert status == 200 and "só os seus próprios dados" in page
    assert load_choice(data_dir) == Choice(LOCAL)


def test_an_upload_and_an_export_pass_through_the_proxy(app, office, browser, admin, factory):
    factory.party("Padaria Exportada")
    browser.pin()
    browser.sign_in("admin", "correct-horse-9")
    rows = "".join(f"C{n};Cliente Importado {n};SP\r\n" for n in range(3000))  # ~100 kB
    csv = ("Código;Nome;UF\r\n" + rows).encode("cp1252")
    status, headers, _ = browser.post_form(
        "/imports/", {"target": "parties", "kind": "customer"}, files={
            "file": ("clientes.csv", csv)})
    assert status == 302 and headers["location"].endswith("/columns"), headers
    assert browser.get(headers["location"])[0] == 200
    kept = [path.read_bytes() for path in upload_folder(app.config["DATA_DIR"]).iterdir()
            if path.suffix == ".data"]
    assert kept == [csv]  # every byte arrived
    status, headers, export = browser.get("/imports/export/customers.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "Padaria Exportada" in export


def test_the_notifier_rings_a_timed_return_of_the_user_signed_in_here_once(
        app, factory, office, office_client, browser, tmp_path):
    configure(app)
    seller = factory.user("ana", alert_every_minutes=None)  # the periodic alert off
    with time_machine.travel(sp(2025, 3, 12, 15, 0), tick=True):
        factory.entry(factory.party("Padaria das Duas e Meia"), seller,
                      return_date=date(2025, 3, 12), return_time=time(14, 30))
        factory.entry(factory.party("Padaria das Cinco"), seller,
                      return_date=date(2025, 3, 12), return_time=time(17, 0))  # not yet
        browser.pin()
        browser.sign_in("ana", "correct-horse-9")
        browser.get("/painel")
        notices = Recorder()
        rung = tmp_path / "rung.json"
        ClientNotifier(office_client.state, notices, rung_file=rung).tick()
        ClientNotifier(office_client.state, notices, rung_file=rung).tick()  # a restart
    assert len(notices.calls) == 1
    title, body = notices.calls[0]
    assert "14:30" in title and body == "Padaria das Duas e Meia · Pós-Venda"
