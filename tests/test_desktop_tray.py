"""Closing the window hides Retorno in the tray, the alarm goes on; Sair really stops.

For real: pywebview's Qt window under Xvfb, with `trayer` as the desktop's system tray (and
without it: closing quits, as before). The tray's menu items are triggered as Qt delivers a
click on them (QAction.trigger, queued to the GUI thread).
"""

import json
import os
import shutil
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app import create_app
from app.extensions import db

from .factories import Factory
from .waiting import wait_until
from .xvfb import require, xvfb_display

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "tray-test-9"


def _missing_tools() -> str | None:
    for tool in ("Xvfb", "trayer"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install xvfb trayer)"
    try:
        import PyQt6.QtWebEngineWidgets  # noqa: F401
        import webview  # noqa: F401
    except ImportError as error:
        return f"pywebview[qt] is not usable: {error}"
    return None


@pytest.fixture
def display():
    """A fresh Xvfb display (the tray host differs per test)."""
    require(_missing_tools())
    with xvfb_display() as display:
        yield display


@pytest.fixture
def tray_host(display):
    """trayer: a panel that holds tray icons (the desktop's system tray)."""
    host = subprocess.Popen(["trayer", "--edge", "top", "--widthtype", "pixel", "--width", "200"],
                            env=dict(os.environ, DISPLAY=display), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    probe = ("from PyQt6.QtWidgets import QApplication, QSystemTrayIcon; app = QApplication([]);"
             "raise SystemExit(0 if QSystemTrayIcon.isSystemTrayAvailable() else 1)")
    wait_until(lambda: subprocess.run([sys.executable, "-c", probe], env=_env(display, Path("/")),
                                      capture_output=True).returncode == 0,
               30, "trayer to own the system tray", every=0.3)
    yield display
    host.terminate()
    host.wait(10)


def _env(display: str, home: Path) -> dict:
    env = dict(os.environ, DISPLAY=display, QTWEBENGINE_DISABLE_SANDBOX="1", HOME=str(home),
               PYTHONUNBUFFERED="1", QT_QPA_PLATFORM="xcb")
    for name in ("RETORNO_NO_WINDOW", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    return env


def _data_with_a_return_next_week(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
    factory = Factory(app, PASSWORD)
    admin = factory.user("admin", is_admin=True, name="Ana Admin")
    # Not due today: no "returns due today" question, no notification sent meanwhile.
    factory.entry(factory.party("Padaria Pão Quente"), admin,
                  return_date=date.today() + timedelta(days=7))
    with app.app_context():
        db.engine.dispose()


def _drive(tmp_path: Path, display: str, scenario: str, *options: str) -> tuple[dict, str]:
    data_dir = tmp_path / "data"
    _data_with_a_return_next_week(data_dir)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.test_desktop_tray import run_scenario;"
         " run_scenario(*sys.argv[1:])", str(data_dir), str(report), scenario, *options],
        cwd=ROOT, env=_env(display, tmp_path / "home"), capture_output=True, text=True,
        timeout=150)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    result = json.loads(report.read_text())
    assert "error" not in result, (result, output)
    log = (data_dir / "logs" / "retorno.log").read_text()
    assert "Retorno stopped cleanly" in log
    assert not (data_dir / "retorno.sqlite3-wal").exists(), "database not closed"
    return result, log


def test_started_with_the_system_it_waits_in_the_tray_and_quits_from_it(tray_host, tmp_path):
    result, log = _drive(tmp_path, tray_host, "tray", "--autostart")
    assert result["labels"] == ["Abrir", "Retornos de hoje", "Sair"]
    assert result["at_start"] == {"visible": False, "in_tray": True}
    assert result["woke_notifier"] is True
    assert result["after_open"] == {"visible": True}
    assert result["after_close"] == {"visible": False, "told": True, "alive": True,
                                     "notifier_running": True}
    assert result["notice"] == "O Retorno continua aberto na bandeja, e o alarme também."
    assert result["after_today"]["visible"] is True
    today_url = urlsplit(result["after_today"]["url"])
    assert (today_url.path, parse_qs(today_url.query)) == ("/followups/", {"period": ["today"]})
    assert result["notifier_stopped"] is True
    assert "closing the window hides Retorno in the tray" in log


def test_without_a_tray_closing_the_window_quits(display, tmp_path):
    result, log = _drive(tmp_path, display, "no-tray")
    assert result["at_start"] == {"visible": True, "in_tray": False}
    assert "no tray icon (the desktop shows no system tray)" in log


def run_scenario(data_dir: str, report_path: str, scenario: str, *options: str) -> None:
    """In a subprocess: the launcher, driven from a side thread as a user would."""
    from app.desktop import launcher, local_app
    from app.desktop import window as window_module

    seen: dict = {}
    real_start, real_wake = local_app.start_notifier_or_log, local_app.wake_notifier
    local_app.start_notifier_or_log = lambda app, notify=None: seen.setdefault(
        "notifier", real_start(app, notify))
    local_app.wake_notifier = lambda app: seen.update(woke=True) or real_wake(app)
    original_run = window_module.DesktopWindow.run
    drive = _drive_tray if scenario == "tray" else _drive_without_tray

    def run(self, on_shown=None):
        threading.Thread(target=_reporting, args=(drive, self, seen, Path(report_path)),
                         daemon=True).start()
        return original_run(self, on_shown)

    window_module.DesktopWindow.run = run
    code = launcher.run_desktop(launcher.DesktopOptions(data_dir=Path(data_dir),
                                                        autostart="--autostart" in options))
    if "notifier" in seen:
        report = json.loads(Path(report_path).read_text())
        report["notifier_stopped"] = not seen["notifier"].running
        Path(report_path).write_text(json.dumps(report))
    # A normal exit: a thread left waiting on the closed window once kept the interpreter from
    # ending here (1 run in 15 under load); the subprocess's timeout would catch it again.
    sys.exit(code)


def _reporting(drive, desktop, seen: dict, report_path: Path) -> None:
    result: dict = {}
    try:
        drive(desktop, seen, result)
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
        desktop.close()
    finally:
        report_path.write_text(json.dumps(result))


def _visible(window) -> bool:
    from webview.platforms.qt import BrowserView

    view = BrowserView.instances.get(window.uid)
    return bool(view is not None and view.isVisible())


def _trigger(desktop, label: str) -> None:
    """Click a tray menu item: QAction.trigger, run in the GUI thread as a real click is."""
    from qtpy.QtCore import QMetaObject, Qt

    action = next(a for a in desktop.tray.icon.contextMenu().actions() if a.text() == label)
    QMetaObject.invokeMethod(action, "trigger", Qt.ConnectionType.QueuedConnection)


def _shows(window, path: str) -> bool:
    try:
        return window.run_js("document.readyState === 'complete' && location.pathname") == path
    except Exception:  # noqa: BLE001 - no page yet, or one being replaced
        return False


def _drive_tray(desktop, seen: dict, result: dict) -> None:
    window = wait_until(lambda: desktop._window, 30, "the window object")
    wait_until(lambda: _shows(window, "/login"), 60, "the sign-in page", every=0.2)
    result["labels"] = [a.text() for a in desktop.tray.icon.contextMenu().actions()]
    result["at_start"] = {"visible": _visible(window), "in_tray": desktop._in_tray}
    result["woke_notifier"] = seen.get("woke", False)
    _trigger(desktop, "Abrir")
    wait_until(lambda: _visible(window), 30, "the window shown by Abrir")
    result["after_open"] = {"visible": True}
    window.run_js("document.querySelector('[name=login]').value = 'admin';"
                  f"document.querySelector('[name=password]').value = '{PASSWORD}';"
                  "document.querySelector('form').requestSubmit();")
    wait_until(lambda: "—" in window.title, 30, "the signed-in title")
    window.destroy()  # what the window's close button does: Qt's close(), its closeEvent
    wait_until(lambda: not _visible(window), 30, "the window hidden in the tray")
    result["notice"] = desktop.tray.menu.still_running
    result["after_close"] = {"visible": _visible(window), "told": desktop.tray._told,
                             "alive": desktop._window is not None,
                             "notifier_running": seen["notifier"].running}
    _trigger(desktop, "Retornos de hoje")
    wait_until(lambda: _visible(window) and _shows(window, "/followups/"), 30, "today's list")
    result["after_today"] = {"visible": _visible(window), "url": window.get_current_url()}
    _trigger(desktop, "Sair")


def _drive_without_tray(desktop, seen: dict, result: dict) -> None:
    window = wait_until(lambda: desktop._window, 30, "the window object")
    wait_until(lambda: _shows(window, "/login"), 60, "the sign-in page", every=0.2)
    result["at_start"] = {"visible": _visible(window), "in_tray": desktop._in_tray}
    window.destroy()  # the close button: with no tray, the app ends
