"""The `retorno` command: demo data, the data folder, serving."""

import os
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app import create_app
from app.cli import main
from app.models import FollowUpEntry, Party, User


def test_demo_data_fills_a_small_realistic_set(app, factory):
    result = app.test_cli_runner().invoke(main, ["demo-data", "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(func.count(Party.id))) >= 8
    entries = factory.scalars(select(FollowUpEntry))
    days = {e.return_date for e in entries if e.status == "open"}
    today = date.today()
    assert any(d < today for d in days) and any(d > today for d in days)
    assert factory.scalar(select(User.id).where(User.login == "vendas"))


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
