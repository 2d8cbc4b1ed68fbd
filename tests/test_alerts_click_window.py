"""Issue #16 item 10 for real: a click on the notification brings the window to today's list.

`retorno desktop` with its Qt window under Xvfb, on a private D-Bus whose recording notification
service then emits ActionInvoked("default") for the notification it got, as a desktop does when
the user clicks it. The window's page is read through QtWebEngine's remote debugging port.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from bench.http_client import Client
from bench.notification_bus import notification_bus

from .factories import Factory
from .test_desktop_window import _free_port, _missing_tools, _window_env
from .waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "window-test-9"
TODAY_LIST = "/followups/?period=today"


def _pages(debug_port: int) -> list[dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=2) as r:
            return [page for page in json.load(r) if page.get("type") == "page"]
    except OSError:
        return []


def _admin_with_a_late_return(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
    factory = Factory(app, PASSWORD)
    admin = factory.user("admin", is_admin=True, name="Ana Admin")
    factory.entry(factory.party("Padaria Pão Quente"), admin,
                  return_date=date.today() - timedelta(days=1))
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def display():
    missing = _missing_tools() or (None if shutil.which("dbus-daemon") else "no dbus-daemon")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    number = server.stdout.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def test_clicking_the_notification_shows_todays_list_in_the_window(display, tmp_path):
    data_dir = tmp_path / "data"
    _admin_with_a_late_return(data_dir)
    with notification_bus(tmp_path) as bus:
        debug_port = _free_port()
        env = _window_env(display, tmp_path, DBUS_SESSION_BUS_ADDRESS=bus.address,
                          QTWEBENGINE_REMOTE_DEBUGGING=f"127.0.0.1:{debug_port}",
                          RETORNO_BACKUP_THREAD="0")
        log = (tmp_path / "launcher.log").open("w")
        launcher = subprocess.Popen([sys.executable, str(ROOT / "desktop_launcher.py"),
                                     "desktop", "--data-dir", str(data_dir)], cwd=tmp_path,
                                    env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: any("/login" in p["url"] for p in _pages(debug_port)), 60,
                       "the sign-in page in the window")
            info = json.loads((data_dir / "instance.json").read_text())
            Client(info["port"]).login("admin", PASSWORD)  # signing in here: the notifier wakes
            notification = bus.wait_for_calls(1, timeout=10)[0]
            assert notification["actions"][0] == "default"

            bus.click(notification["id"])
            # The window is not signed in itself: the list asks for the sign-in, then goes on.
            page = wait_until(lambda: next((p for p in _pages(debug_port)
                                            if "period%3Dtoday" in p["url"]
                                            or "period=today" in p["url"]), None),
                              30, "today's list in the window")
            assert "/followups/" in urllib.request.unquote(page["url"])

            request = urllib.request.Request(f"http://127.0.0.1:{info['port']}/__retorno/close",
                                             data=b"",
                                             headers={"X-Retorno-Token": info["token"]})
            assert urllib.request.urlopen(request, timeout=10).status == 200
            assert launcher.wait(30) == 0
        finally:
            if launcher.poll() is None:
                launcher.send_signal(signal.SIGKILL)
                launcher.wait()
            log.close()
