"""Run in a subprocess by tests/test_desktop_window.py: the launcher with a real window, looked
at when the app's start begins. Imports nothing of Flask itself (the test checks that the
launcher has not either, at that moment)."""

import json
import subprocess
import sys
import threading
from pathlib import Path

from .waiting import wait_until


def drive_splash(data_dir: str, report_path: str, screenshot: str) -> None:
    """In a subprocess: the launcher, looking at its window when the app's start begins."""
    from app.desktop import starter
    from app.desktop import window as window_module
    from app.desktop.launcher import DesktopOptions, run_desktop

    result: dict = {}
    windows: list = []
    original_run, real_create = window_module.DesktopWindow.run, starter.create_local_app

    def run(self, on_shown=None):
        windows.append(self)
        threading.Thread(target=_wait_for_sign_in, args=(self, result, Path(report_path)),
                         daemon=True).start()
        return original_run(self, on_shown)

    def create_local_app(*args, **kwargs):
        try:
            result["at_app_start"] = {
                "flask_imported": "flask" in sys.modules,
                "app_created": "app.factory" in sys.modules,
                "page": windows[0]._window.run_js("document.body.innerText")}
            subprocess.run(["import", "-window", "root", screenshot], check=True, timeout=30)
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            result["error"] = repr(error)
        return real_create(*args, **kwargs)

    window_module.DesktopWindow.run = run
    starter.create_local_app = create_local_app
    sys.exit(run_desktop(DesktopOptions(data_dir=Path(data_dir))))


def _wait_for_sign_in(desktop, result: dict, report_path: Path) -> None:
    try:
        window = wait_until(lambda: desktop._window, 30, "the window object")
        wait_until(lambda: _showing(window, "/login"), 60, "the sign-in page", every=0.2)
        result["then"] = "/login"
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
    finally:
        report_path.write_text(json.dumps(result))
        desktop.close()


def _showing(window, path: str) -> bool:
    """The window shows this path and our link script runs in it (the page's load is done)."""
    try:
        return window.run_js("window.__retornoLinks === true && location.pathname") == path
    except Exception:  # noqa: BLE001 - no page to run script in yet, or one being replaced
        return False
