"""The `retorno` command: demo data, the data folder, serving."""

import os
import subprocess
import sys
import time
import urllib.request

from sqlalchemy import func, select

from app.cli import main
from app.models import FollowUpEntry, Party, User


def test_demo_data_fills_a_small_realistic_set(app, factory):
    result = app.test_cli_runner().invoke(main, ["demo-data", "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(func.count(Party.id))) >= 8
    entries = factory.scalars(select(FollowUpEntry))
    from datetime import date

    days = {e.return_date for e in entries if e.status == "open"}
    today = date.today()
    assert any(d < today for d in days) and any(d > today for d in days)
    assert factory.scalar(select(User.id).where(User.login == "vendas"))


def _demo_data(app, *options: str):
    return app.test_cli_runner().invoke(main, ["demo-data", "--data-dir", app.config["DATA_DIR"],
                                               *options])


def test_demo_data_says_which_accounts_got_the_public_password(app):
    result = _demo_data(app)
    assert result.exit_code == 0, result.output
    assert ("Accounts created with the public password retorno-demo: admin, vendas. "
            "Change their passwords before real use") in " ".join(result.output.split())


def test_demo_data_refuses_a_database_that_has_data(app, factory, admin):
    result = _demo_data(app)
    assert result.exit_code == 1
    assert "already has data" in result.output and "--force" in result.output
    assert factory.scalar(select(User.id).where(User.login == "vendas")) is None
    assert factory.scalar(select(func.count(Party.id))) == 0


def test_demo_data_with_force_names_only_the_account_it_created(app, factory, admin, web):
    result = _demo_data(app, "--force")
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(func.count(Party.id))) >= 8
    said = " ".join(result.output.split())
    assert "Accounts created with the public password retorno-demo: vendas. Change" in said
    assert "admin" not in said
    assert web.login("admin", "retorno-demo").status_code == 422
    assert web.login("vendas", "retorno-demo").status_code == 302


def test_the_secret_key_is_private_to_the_user(app):
    from pathlib import Path

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
    assert result.returncode != 0 and "RETORNO_ALLOWED_HOSTS" in result.stderr


def test_lan_mode_names_its_allowed_hosts_by_environment(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("RETORNO_ALLOWED_HOSTS", "servidor.local, 192.168.0.10")
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    client = app.test_client()
    assert client.get("/login", headers={"Host": "servidor.local:8765"}).status_code in (200, 302)
    assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400


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
