"""The desktop's notifications wired to the window: where a click leads without a window, the
fallback without one, and the Windows and macOS paths needing no dbus-fast."""

import os
import subprocess
import sys
from pathlib import Path

from app.desktop.notices import today_list_path, window_notifications
from app.desktop.window import DesktopWindow

from .waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
SERVER = "http://127.0.0.1:5813/"


def _fake_xdg_open(tmp_path: Path, monkeypatch) -> Path:
    """xdg-open first on PATH, recording the URL it is given (no browser starts here)."""
    opened = tmp_path / "opened.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xdg-open").write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    (bin_dir / "xdg-open").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return opened


def test_today_list_is_the_follow_up_list_filtered_on_today(app):
    assert today_list_path(app) == "/followups/?period=today"


def test_without_a_window_a_click_opens_today_list_in_the_browser(app, tmp_path, monkeypatch):
    opened = _fake_xdg_open(tmp_path, monkeypatch)
    notifications = window_notifications(app, None, SERVER)
    notifications.backend.on_click()
    assert wait_until(lambda: opened.exists() and opened.read_text().split(), 10,
                      "xdg-open called") == [SERVER + "followups/?period=today"]
    assert notifications.on_failure is None


def test_a_window_not_open_yet_sends_the_click_to_the_browser_too(app, tmp_path, monkeypatch):
    opened = _fake_xdg_open(tmp_path, monkeypatch)
    window = DesktopWindow(SERVER)
    notifications = window_notifications(app, window, SERVER)
    assert window.request_attention() is False  # nothing to flag, and no error
    assert notifications.on_failure is not None
    notifications.on_failure()  # the taskbar fallback: harmless before the window opens
    notifications.backend.on_click()
    assert wait_until(lambda: opened.exists() and opened.read_text().split(), 10,
                      "xdg-open called") == [SERVER + "followups/?period=today"]


def test_windows_and_macos_need_no_dbus_fast():
    code = ("import sys; sys.modules['dbus_fast'] = None\n"  # as if not installed
            "from app.alerts.backends.choose import notification_backend\n"
            "print(type(notification_backend('win32')).__name__,"
            " type(notification_backend('darwin')).__name__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["WindowsBalloons", "AppleScriptNotifications"]
