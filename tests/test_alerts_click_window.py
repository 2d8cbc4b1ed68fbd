"""Issue #16 item 10 for real: a click on the notification brings the window to today's list.

`retorno desktop` with its Qt window under Xvfb, on a private D-Bus with a recording notification
service. The user signs in inside the window (the notifier wakes and sends); the service then
emits ActionInvoked("default") for that notification, as a desktop does on a click, and the
window must show the list of today's returns.
"""

import json
import shutil
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.settings.services import business_today
from bench.notification_bus import notification_bus

from .factories import Factory
from .test_desktop_window import _missing_tools, _screenshot, _showing, _window_env
from .waiting import wait_until
from .xvfb import require, xvfb_display

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "notify"
PASSWORD = "window-test-9"
TODAY_LIST = "/followups/?period=today"


def _admin_with_a_return_due_today(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
    factory = Factory(app, PASSWORD)
    admin = factory.user("admin", is_admin=True, name="Ana Admin")
    with app.app_context():
        today = business_today()
    factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today)
    factory.entry(factory.party("Mercado Bom Preço"), admin, return_date=today + timedelta(days=3))
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def display():
    require(_missing_tools() or (None if shutil.which("dbus-daemon") else "no dbus-daemon"))
    with xvfb_display() as display:
        yield display


def test_clicking_the_notification_shows_todays_list_in_the_window(display, tmp_path):
    data_dir, report = tmp_path / "data", tmp_path / "report.json"
    _admin_with_a_return_due_today(data_dir)
    with notification_bus(tmp_path) as bus:
        env = _window_env(display, tmp_path, DBUS_SESSION_BUS_ADDRESS=bus.address,
                          RETORNO_BACKUP_THREAD="0")
        driver = subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.test_alerts_click_window import "
             "drive_click; drive_click(*sys.argv[1:])", str(data_dir), str(tmp_path)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            notification = bus.wait_for_calls(1, timeout=90)[0]  # after the window's sign-in
            assert notification["summary"] == "1 retorno de Follow Up para hoje"
            bus.click(notification["id"])
            wait_until(lambda: (tmp_path / "showing").exists() or driver.poll() is not None,
                       60, "today's list in the window")
            OUTPUT.mkdir(parents=True, exist_ok=True)
            shot = OUTPUT / "after-click.png"
            wait_until(lambda: _screenshot(shot, env) > 10_000, 30, "the page painted",
                       every=0.2)
            (tmp_path / "shot-taken").touch()
            output, _ = driver.communicate(timeout=60)
        finally:
            if driver.poll() is None:
                driver.send_signal(signal.SIGKILL)
                driver.wait()
    result = json.loads(report.read_text())
    assert "error" not in result, (result, output)
    assert result["after_click"] == TODAY_LIST
    assert "Padaria Pão Quente" in result["list_text"]
    assert "Mercado Bom Preço" not in result["list_text"]  # due in three days: not today's


def drive_click(data_dir: str, folder: str) -> None:
    """In a subprocess: run the launcher; from a side thread sign in inside the window, wait
    for the click to bring today's list, report it, close."""
    from app.desktop import window as window_module
    from app.desktop.launcher import DesktopOptions, run_desktop

    original_run = window_module.DesktopWindow.run

    def run(self, on_shown=None):
        threading.Thread(target=_drive, args=(self, Path(folder)), daemon=True).start()
        return original_run(self, on_shown)

    window_module.DesktopWindow.run = run
    sys.exit(run_desktop(DesktopOptions(data_dir=Path(data_dir))))


def _location(window) -> str:
    try:
        return window.run_js("window.__retornoLinks === true && "
                             "location.pathname + location.search") or ""
    except Exception:  # noqa: BLE001 - a page being replaced
        return ""


def _drive(desktop, folder: Path) -> None:
    result: dict = {}
    try:
        window = wait_until(lambda: desktop._window, 30, "the window object")
        wait_until(lambda: _showing(window, "/login"), 60, "the sign-in page", every=0.2)
        window.run_js(
            "document.querySelector('[name=login]').value = 'admin';"
            f"document.querySelector('[name=password]').value = '{PASSWORD}';"
            "document.querySelector('form').requestSubmit();")
        wait_until(lambda: "—" in window.title, 30, "the signed-in title")
        result["after_click"] = wait_until(
            lambda: _location(window) if "period=today" in _location(window) else None,
            60, "the click's page", every=0.2)
        result["list_text"] = window.run_js("document.querySelector('main').innerText")
        (folder / "showing").touch()
        wait_until(lambda: (folder / "shot-taken").exists(), 60, "the screenshot")
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
    finally:
        (folder / "report.json").write_text(json.dumps(result))
        desktop.close()
