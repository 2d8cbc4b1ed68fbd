"""The `retorno` command: demo data, the data folder, serving."""

import ipaddress
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from app import create_app
from app.cli import main
from app.models import FollowUp, FollowUpEntry, Party, Product, SalesDocument, User
from app.settings.services import business_today

from .waiting import wait_until


def test_demo_data_fills_a_small_realistic_set(app, factory):
    result = app.test_cli_runner().invoke(main, ["demo-data", "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    assert "Dados de demonstração carregados: 8 clientes e fornecedores, 6 produtos" in \
        " ".join(result.output.split())
    assert factory.scalar(select(func.count(Party.id))) >= 8
    entries = factory.scalars(select(FollowUpEntry))
    with app.app_context():
        today = business_today()
    days = {e.return_date for e in entries if e.status == "open"}
    assert any(d < today for d in days) and today in days and any(d > today for d in days)
    assert sum(bool(e.complaints) for e in entries) >= 2
    assert factory.scalar(select(User.id).where(User.login == "vendas"))

    # Quotes, orders and sales, each linked to a follow-up (F5: started from it; F4: one started
    # from the document) itself or through the document it was converted from or into.
    documents = factory.scalars(select(SalesDocument))
    assert {d.kind for d in documents} == {"quote", "order", "sale"}
    assert {"converted", "invoiced", "completed", "rejected"} <= {d.status for d in documents}
    linked = {d.id for d in documents if d.follow_up_id} | set(factory.scalars(
        select(FollowUp.origin_document_id).where(FollowUp.origin_document_id.is_not(None))))
    converted_into = {d.source_document_id: d.id for d in documents if d.source_document_id}
    for document in documents:
        chain = {document.id, document.source_document_id, converted_into.get(document.id)}
        assert chain & linked, (document.kind, document.number)
    assert factory.scalar(select(func.count(Product.id))) == 6


def test_the_demo_parties_live_where_their_area_codes_ring(app, factory):
    assert _demo_data(app).exit_code == 0
    area_codes = {"11": ("São Paulo", "SP"), "19": ("Campinas", "SP"),
                  "21": ("Rio de Janeiro", "RJ"), "31": ("Belo Horizonte", "MG"),
                  "41": ("Curitiba", "PR"), "43": ("Londrina", "PR"),
                  "51": ("Porto Alegre", "RS")}
    for party in factory.scalars(select(Party)):
        for phone in party.phones:
            assert area_codes[phone[1:3]] == (party.city, party.state), (party.name, phone)


def _demo_data(app, *options: str):
    return app.test_cli_runner().invoke(main, ["demo-data", "--data-dir", app.config["DATA_DIR"],
                                               *options])


def test_demo_data_says_which_accounts_got_the_public_password(app):
    result = _demo_data(app)
    assert result.exit_code == 0, result.output
    assert ("Contas criadas com a senha pública retorno-demo: admin, vendas. "
            "Troque essas senhas antes do uso real") in " ".join(result.output.split())


def test_demo_data_refuses_a_database_that_has_data(app, factory, admin):
    result = _demo_data(app)
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "O banco de dados já tem dados (usuários: 1)" in said and "--force" in said
    assert factory.scalar(select(User.id).where(User.login == "vendas")) is None
    assert factory.scalar(select(func.count(Party.id))) == 0


def test_demo_data_with_force_names_only_the_account_it_created(app, factory, admin, web):
    result = _demo_data(app, "--force")
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(func.count(Party.id))) >= 8
    said = " ".join(result.output.split())
    assert "Contas criadas com a senha pública retorno-demo: vendas. Troque" in said
    assert "admin" not in said
    assert web.login("admin", "retorno-demo").status_code == 422
    assert web.login("vendas", "retorno-demo").status_code == 302


def test_the_secret_key_is_private_to_the_user(app):
    key = Path(app.config["DATA_DIR"]) / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_text().strip()) == 64


def test_serve_prints_the_url_and_answers(tmp_path):
    env = {**os.environ, "RETORNO_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        url = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and url is None:
            line = process.stdout.readline()
            if "http://" in line:
                url = line.split("http://", 1)[1].split()[0]
        assert url, "no URL printed"
        with urllib.request.urlopen(f"http://{url}login") as response:
            assert response.status == 200
            assert "Bem-vindo ao Retorno" in response.read().decode()
        assert (tmp_path / "retorno.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serving_on_all_interfaces_needs_allowed_hosts(tmp_path):
    result = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--host", "0.0.0.0",
                             "--data-dir", str(tmp_path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2  # a usage error: click exits with 2
    assert "Serving beyond this PC needs RETORNO_ALLOWED_HOSTS" in result.stderr


def _interface_ipv4_addresses() -> set[str] | None:
    """This machine's non-loopback IPv4 addresses as iproute2 lists them (None without `ip`)."""
    if shutil.which("ip") is None:
        return None
    listing = subprocess.run(["ip", "-4", "-o", "address", "show"], capture_output=True,
                             text=True, check=True).stdout
    found = {line.split()[3].split("/")[0] for line in listing.splitlines()}
    return {a for a in found if not ipaddress.ip_address(a).is_loopback}


def _collect_lines(stream) -> list[str]:
    """The lines a child process prints, gathered as they come by a reader thread."""
    lines: list[str] = []

    def read() -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_lan_mode_prints_the_addresses_to_open(tmp_path):
    env = {**os.environ, "RETORNO_ALLOWED_HOSTS": "servidor.local, 192.168.0.10"}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--host", "0.0.0.0",
                                "--port", "0", "--data-dir", str(tmp_path)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = _collect_lines(process.stdout)
    try:
        own = wait_until(lambda: [line for line in lines if line.startswith("This PC's")], 30,
                         "the line with this PC's addresses")[0]
        printed = "\n".join(lines)
        port = int(re.search(r"http://servidor\.local:(\d+)/", printed).group(1))
        assert "0.0.0.0" not in printed
        assert f"  http://servidor.local:{port}/" in lines
        assert f"  http://192.168.0.10:{port}/" in lines
        addresses = {}
        for item in own.split(": ", 1)[1].split(", "):
            address, _, note = item.partition(" ")
            addresses[address] = note
        assert addresses, printed
        for address, note in addresses.items():
            assert not ipaddress.ip_address(address).is_loopback
            assert note == "(refused: not in RETORNO_ALLOWED_HOSTS)"
            # Reachable there: it really is this machine's address.
            request = urllib.request.Request(f"http://{address}:{port}/login",
                                             headers={"Host": f"servidor.local:{port}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
        expected = _interface_ipv4_addresses()
        if expected is not None:
            assert set(addresses) == expected
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_lan_mode_names_its_allowed_hosts_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("RETORNO_ALLOWED_HOSTS", "servidor.local, 192.168.0.10")
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    client = app.test_client()
    for host in ("servidor.local:8765", "192.168.0.10:8765"):
        served = client.get("/login", headers={"Host": host})
        assert served.status_code == 302, host  # a new data folder: create the first user
        assert served.headers["Location"] == "/first-run", host
    refused = client.get("/login", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "Este endereço não é atendido aqui (nome de servidor desconhecido)." in (
        refused.get_data(as_text=True))


def test_plain_retorno_takes_the_data_folder_too(tmp_path):
    env = {**os.environ, "RETORNO_NO_WINDOW": "1"}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "--data-dir", str(tmp_path)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and "http://" not in line:
            line = process.stdout.readline()
        assert "http://127.0.0.1:" in line
        assert (tmp_path / "retorno.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
