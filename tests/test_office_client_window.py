"""The office client in the real window (pywebview's Qt backend under Xvfb): the first start's
question answered with the office server's address, its certificate compared and pinned, the
sign-in page of the server shown through this PC's proxy."""

import json
import subprocess
import sys
import threading
from pathlib import Path

from .live_server import create_admin, running
from .office_client_helpers import free_port
from .test_desktop_window import _missing_tools, _window_env
from .test_office_client_processes import wait_for_output
from .waiting import wait_until
from .xvfb import require, xvfb_display

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "janela-cliente-9"


def test_the_first_start_chooses_the_office_server_and_pins_its_certificate(tmp_path):
    require(_missing_tools())
    server_dir, client_dir = tmp_path / "server", tmp_path / "client"
    create_admin(server_dir, "admin", PASSWORD)
    port = free_port()
    report = tmp_path / "report.json"
    with running("serve", "--tls", "--port", str(port), "--data-dir", str(server_dir)) as server, \
            xvfb_display() as display:
        wait_for_output(server, "fingerprint")
        printed = server.output.split("(SHA-256): ")[1].split()[0]
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from tests.test_office_client_window import "
             "drive; drive(*sys.argv[1:])", str(client_dir), str(report),
             f"https://127.0.0.1:{port}"],
            cwd=ROOT, env=_window_env(display, tmp_path), capture_output=True, text=True,
            timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(report.read_text())
    assert "error" not in result, (result, done.stdout[-3000:], done.stderr[-3000:])
    assert result["question"] == "Este computador usa o servidor do escritório?"
    assert result["fingerprint"] == printed
    assert result["signed_in"] == "/painel"
    assert json.loads((client_dir / "office-server.json").read_text()) == {
        "mode": "office", "server": f"https://127.0.0.1:{port}"}


def drive(data_dir: str, report_path: str, server: str) -> None:
    """In a subprocess: run `retorno desktop` with its window; answer from a side thread."""
    from app.desktop import window as window_module
    from app.desktop.launcher import DesktopOptions, run_desktop

    original_run = window_module.DesktopWindow.run

    def run(self, on_shown=None):
        threading.Thread(target=_answer, args=(self, Path(report_path), server),
                         daemon=True).start()
        return original_run(self, on_shown)

    window_module.DesktopWindow.run = run
    sys.exit(run_desktop(DesktopOptions(data_dir=Path(data_dir))))


def _at(window, path: str) -> bool:
    try:
        return window.run_js("window.__retornoLinks === true && location.pathname") == path
    except Exception:  # noqa: BLE001 - no page yet, or one being replaced
        return False


def _answer(desktop, report_path: Path, server: str) -> None:
    result: dict = {}
    try:
        window = wait_until(lambda: desktop._window, 30, "the window object")
        wait_until(lambda: _at(window, "/__retorno/client/start"), 60, "the question")
        result["question"] = window.run_js("document.querySelector('h2').textContent")
        window.run_js(f"document.querySelector('[name=server]').value = {json.dumps(server)};"
                      "document.querySelector('[name=office]').click();")
        wait_until(lambda: _at(window, "/__retorno/client/pin"), 60, "the certificate page")
        result["fingerprint"] = window.run_js(
            "document.getElementById('server-fingerprint').textContent")
        window.run_js("document.querySelector('[name=matches]').click()")
        wait_until(lambda: _at(window, "/login"), 60, "the server's sign-in page")
        window.run_js("document.querySelector('[name=login]').value = 'admin';"
                      f"document.querySelector('[name=password]').value = '{PASSWORD}';"
                      "document.querySelector('form').requestSubmit();")
        wait_until(lambda: _at(window, "/painel"), 60, "the Painel after signing in")
        result["signed_in"] = "/painel"
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
    finally:
        report_path.write_text(json.dumps(result))
        desktop.close()
