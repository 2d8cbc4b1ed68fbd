"""The office end to end on this machine: `retorno serve --tls` and `retorno desktop --server …
--no-window` as two processes on loopback, the client's notifications on a private D-Bus session
with the recording notification service (bench/notification_bus.py).

Two sellers, Ana and Bruno, each with a return due today on the server: signed in on the client
as Ana, the notification names Ana's customer and not Bruno's; after she signs out the notifier
falls silent, and Bruno signing in on that PC gets his own. A server restarted with a new
certificate is refused by the client, nothing forwarded.
"""

import os
import shutil
import time

import pytest

from app.settings.services import business_today
from bench.notification_bus import notification_bus

from .alerts_helpers import configure
from .conftest import PASSWORD
from .live_server import retorno, running
from .office_client_helpers import Browser, free_port


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def wait_for_output(process, text: str, timeout: float = 60.0) -> None:
    """Wait until the process printed a line containing text."""
    deadline = time.monotonic() + timeout
    while text not in process.output:
        assert process.process.poll() is None, f"the process ended:\n{process.output}"
        assert time.monotonic() < deadline, f"no {text!r} in:\n{process.output}"
        time.sleep(0.05)


def _serve(app, port: int):
    args = ["serve", "--tls", "--port", str(port), "--data-dir", app.config["DATA_DIR"]]
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        args += ["--database-url", app.config["SQLALCHEMY_DATABASE_URI"]]
    return running(*args)


@pytest.fixture
def due_for_two_sellers(app, factory):
    configure(app)
    ana = factory.user("ana", alert_every_minutes=30)
    bruno = factory.user("bruno", alert_every_minutes=30)
    with app.app_context():
        today = business_today()
    factory.entry(factory.party("Padaria da Ana"), ana, return_date=today)
    factory.entry(factory.party("Mercado do Bruno"), bruno, return_date=today)


@pytest.fixture
def bus(tmp_path):
    if not shutil.which("dbus-daemon"):
        _missing("dbus-daemon not found (apt-get install dbus)")
    with notification_bus(tmp_path) as recording:
        yield recording


def test_the_client_notifies_the_user_signed_in_on_it_and_only_him(
        app, due_for_two_sellers, bus, tmp_path):
    port = free_port()
    with _serve(app, port) as server:
        wait_for_output(server, "fingerprint")
        with running("desktop", "--no-window", "--server", f"https://127.0.0.1:{port}",
                     "--data-dir", str(tmp_path / "client"),
                     env={"DBUS_SESSION_BUS_ADDRESS": bus.address}) as client:
            wait_for_output(client, "is running at")
            browser = Browser(client.port)
            browser.pin()
            browser.sign_in("ana", PASSWORD)
            browser.get("/painel")
            first = bus.wait_for_calls(1)[-1]
            assert first["app_name"] == "Retorno"
            assert "Padaria da Ana" in first["body"] and "Mercado do Bruno" not in first["body"]
            browser.post_form("/logout", {}, page="/painel")
            wait_for_output(client, "nobody is signed in on this PC")
            assert len(bus.calls()) == 1  # signed out: silence
            browser.sign_in("bruno", PASSWORD)
            browser.get("/painel")
            second = bus.wait_for_calls(2)[-1]
            assert "Mercado do Bruno" in second["body"] and "Padaria da Ana" not in second["body"]


def test_a_server_restarted_with_a_new_certificate_is_refused(app, admin, tmp_path):
    port = free_port()
    with _serve(app, port) as server:
        wait_for_output(server, "fingerprint")
        with running("desktop", "--no-window", "--server", f"https://127.0.0.1:{port}",
                     "--data-dir", str(tmp_path / "client")) as client:
            wait_for_output(client, "is running at")
            browser = Browser(client.port)
            browser.pin()
            assert browser.get("/login")[0] == 200
            server.stop()
            data_dir = app.config["DATA_DIR"]
            for name in ("tls-cert.pem", "tls-key.pem"):
                os.remove(os.path.join(data_dir, name))
            with _serve(app, port) as restarted:
                wait_for_output(restarted, "fingerprint")
                status, _, page = browser.get("/login")
                assert status == 200 and "O certificado do servidor mudou" in page
                client.stop()
                with running("desktop", "--no-window", "--data-dir",
                             str(tmp_path / "client")) as again:  # the saved server, stale pin
                    wait_for_output(again, "REFUSED: the certificate of")
                    assert "retorno desktop --forget-certificate" in again.output


def test_a_second_start_finds_the_client_running_while_the_server_is_away(app, admin, tmp_path):
    port = free_port()
    client_dir = str(tmp_path / "client")
    with _serve(app, port) as server:
        wait_for_output(server, "fingerprint")
        with running("desktop", "--no-window", "--server", f"https://127.0.0.1:{port}",
                     "--data-dir", client_dir) as client:
            wait_for_output(client, "is running at")
            Browser(client.port).pin()
            server.stop()
            second = retorno("desktop", "--no-window", "--data-dir", client_dir)
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"Retorno is already running at http://127.0.0.1:{client.port}/" in second.stdout
