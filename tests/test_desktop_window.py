"""The real window: pywebview's Qt backend under Xvfb, driven from outside and from inside."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.extensions import db

from .factories import Factory
from .waiting import wait_until
from .xvfb import require, xvfb_display

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "desktop"
PASSWORD = "window-test-9"
SIGN_IN_TITLES = {"Entrar · Retorno", "Sign in · Retorno"}


def _missing_tools() -> str | None:
    for tool in ("Xvfb", "import"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install xvfb imagemagick)"
    try:
        import PyQt6.QtWebEngineWidgets  # noqa: F401
        import webview  # noqa: F401
    except ImportError as error:
        return f"pywebview[qt] is not usable: {error}"
    return None


@pytest.fixture(scope="module")
def display():
    """An Xvfb display for the module; skipped locally (failed in CI) when tools are missing."""
    require(_missing_tools())
    with xvfb_display() as display:
        yield display


def _window_env(display: str, tmp_path: Path, **extra: str) -> dict:
    env = dict(os.environ, DISPLAY=display, QTWEBENGINE_DISABLE_SANDBOX="1",
               HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1", **extra)
    env.pop("RETORNO_NO_WINDOW", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def _create_admin(data_dir: Path) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", "create-user", "admin", "--name",
                    "Ana Admin", "--admin", "--password-stdin", "--data-dir", str(data_dir)],
                   input=PASSWORD + "\n", text=True, cwd=ROOT, check=True, capture_output=True)


def _page_titles(debug_port: int) -> list[str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=2) as r:
            return [page.get("title", "") for page in json.load(r) if page.get("type") == "page"]
    except OSError:
        return []


def _screenshot(path: Path, env: dict) -> int:
    """Save the whole screen; its size in bytes."""
    subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, timeout=30)
    return path.stat().st_size


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_launcher_opens_the_sign_in_page_in_a_window(display, tmp_path):
    """Start `retorno desktop`, see the sign-in page, a second start focuses it, closing ends it."""
    data_dir = tmp_path / "data"
    _create_admin(data_dir)
    debug_port = _free_port()
    env = _window_env(display, tmp_path, QTWEBENGINE_REMOTE_DEBUGGING=f"127.0.0.1:{debug_port}")
    log = (tmp_path / "launcher.log").open("w")
    launcher = subprocess.Popen([sys.executable, str(ROOT / "desktop_launcher.py"), "desktop",
                                 "--data-dir", str(data_dir)], cwd=tmp_path, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        titles = wait_until(lambda: [t for t in _page_titles(debug_port) if t in SIGN_IN_TITLES],
                       60, "the sign-in page in the window")
        assert titles
        OUTPUT.mkdir(parents=True, exist_ok=True)
        shot = OUTPUT / "window-sign-in.png"
        # An empty screen compresses to a few kB; the painted sign-in page does not.
        wait_until(lambda: _screenshot(shot, env) > 10_000, 30, "the page painted on screen",
                   every=0.2)

        second = subprocess.run([sys.executable, str(ROOT / "desktop_launcher.py"), "desktop",
                                 "--data-dir", str(data_dir)], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert "brought to the front" in second.stdout

        info = json.loads((data_dir / "instance.json").read_text())
        request = urllib.request.Request(f"http://127.0.0.1:{info['port']}/__retorno/close",
                                         data=b"", headers={"X-Retorno-Token": info["token"]})
        assert urllib.request.urlopen(request, timeout=10).status == 200
        assert launcher.wait(30) == 0
    finally:
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGKILL)
            launcher.wait()
        log.close()
    output = (tmp_path / "launcher.log").read_text()
    assert "Retorno stopped cleanly" in output
    # pywebview's own inline <style> is not injected, so the pages' CSP refuses nothing.
    assert "Refused to apply inline style" not in output
    assert not (data_dir / "retorno.sqlite3-wal").exists(), "WAL left behind: database not closed"
    assert not (data_dir / "instance.json").exists()


def test_the_splash_paints_before_the_app_is_imported(display, tmp_path):
    """The window opens on its splash (logo, "Abrindo o Retorno…") before Flask is imported or
    the app created; then the sign-in page replaces it."""
    data_dir = tmp_path / "data"
    _create_admin(data_dir)
    report = tmp_path / "report.json"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.splash_driver import drive_splash;"
         " drive_splash(*sys.argv[1:])", str(data_dir), str(report),
         str(OUTPUT / "window-splash.png")],
        cwd=ROOT, env=_window_env(display, tmp_path), capture_output=True, text=True,
        timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(report.read_text())
    assert "error" not in result, result
    assert result["at_app_start"] == {"flask_imported": False, "app_created": False,
                                      "page": "Retorno\n\nAbrindo o Retorno…"}
    assert result["then"] == "/login"
    assert (OUTPUT / "window-splash.png").stat().st_size > 5_000


PARTY_LINKS = ["tel:+551134567890", "https://wa.me/551134567890", "tel:+5511999990000",
               "https://wa.me/5511999990000", "mailto:compras@paoquente.com.br"]
CONTACT_LINKS = ("a[href^='tel:'], a[href^='https://wa.me/'], a[href^='mailto:']")


def _party_with_a_follow_up(data_dir: Path) -> int:
    """The administrator and a customer with phones and an e-mail; the follow-up's id."""
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
    factory = Factory(app, PASSWORD)
    admin = factory.user("admin", is_admin=True, name="Ana Admin")
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890",
                          mobile="(11) 99999-0000", email="compras@paoquente.com.br")
    # Due next week: no "returns due today" question between sign-in and the list.
    entry = factory.entry(party, admin, return_date=date.today() + timedelta(days=7))
    with app.app_context():
        db.engine.dispose()
    return entry.follow_up_id


def test_window_title_and_external_links(display, tmp_path):
    """Signed in, the title names the user; the party's phone, WhatsApp and e-mail links on its
    follow-up page go to the system's handler, and the app stays in its window."""
    data_dir = tmp_path / "data"
    follow_up_id = _party_with_a_follow_up(data_dir)
    report = tmp_path / "report.json"
    opened = tmp_path / "opened.txt"
    opened.touch()
    # The system's handler on Linux is xdg-open (Python's webbrowser and Qt both call it):
    # a fake one first on PATH records what it is given.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    recorder = bin_dir / "xdg-open"
    recorder.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    recorder.chmod(0o755)
    env = _window_env(display, tmp_path, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    env.pop("BROWSER", None)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tests.test_desktop_window import drive_window;"
         " drive_window(*sys.argv[1:])", str(data_dir), str(report), str(opened),
         f"/followups/{follow_up_id}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(report.read_text())
    assert "error" not in result, result
    assert result["before"] == "Retorno"
    assert result["after"] == "Retorno — Ana Admin"
    assert urlsplit(result["landed"]).path == "/painel"
    assert result["links_on_page"] == PARTY_LINKS
    assert opened.read_text().split() == PARTY_LINKS
    assert urlsplit(result["url_after_links"]).path == f"/followups/{follow_up_id}", \
        "a link replaced the app in its window"


def drive_window(data_dir: str, report_path: str, opened_path: str, page: str) -> None:
    """In a subprocess: run the launcher, sign in and click links from a side thread, close."""
    from app.desktop import window as window_module
    from app.desktop.launcher import DesktopOptions, run_desktop

    original_run = window_module.DesktopWindow.run

    def run(self, on_shown=None):
        threading.Thread(target=_drive, args=(self, Path(report_path), Path(opened_path), page),
                         daemon=True).start()
        return original_run(self, on_shown)

    window_module.DesktopWindow.run = run
    sys.exit(run_desktop(DesktopOptions(data_dir=Path(data_dir))))


def _showing(window, path: str) -> bool:
    """The window shows this path and our link script runs in it (the page's load is done)."""
    try:
        return window.run_js("window.__retornoLinks === true && location.pathname") == path
    except Exception:  # noqa: BLE001 - no page to run script in yet, or one being replaced
        return False


def _drive(desktop, report_path: Path, opened: Path, page: str) -> None:
    result: dict = {}
    try:
        window = wait_until(lambda: desktop._window, 30, "the window object")
        wait_until(lambda: _showing(window, "/login"), 60, "the sign-in page", every=0.2)
        result["before"] = window.title
        window.run_js(
            "document.querySelector('[name=login]').value = 'admin';"
            f"document.querySelector('[name=password]').value = '{PASSWORD}';"
            "document.querySelector('form').requestSubmit();")
        wait_until(lambda: "—" in window.title, 30, "the signed-in title")
        result["after"] = window.title
        result["landed"] = window.get_current_url()
        window.load_url(desktop.url.rstrip("/") + page)
        wait_until(lambda: _showing(window, page), 30, "the follow-up page", every=0.2)
        links = window.run_js(f"Array.from(document.querySelectorAll(\"{CONTACT_LINKS}\"))"
                              ".map(function (a) { return a.href; })")
        result["links_on_page"] = links
        for index, href in enumerate(links):
            window.run_js(f"document.querySelectorAll(\"{CONTACT_LINKS}\")[{index}].click()")
            wait_until(lambda href=href: href in opened.read_text().split(), 30,
                       f"{href} handed to the system")
        result["url_after_links"] = window.get_current_url()
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
    finally:
        report_path.write_text(json.dumps(result))
        desktop.close()


def test_closing_with_unsaved_changes_asks_and_the_pages_data_survives_a_restart(display,
                                                                                 tmp_path):
    """A page holding changes not saved makes closing the window ask, with the page's own
    question; the pages' data (localStorage, where drafts live) is in the data folder, on the
    same origin the next run, so a draft survives the window closing or crashing."""
    data_dir = tmp_path / "data"
    _party_with_a_follow_up(data_dir)
    env = _window_env(display, tmp_path)
    reports = []
    for phase in ("first", "second"):
        report = tmp_path / f"{phase}.json"
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from tests.test_desktop_window import "
             "drive_unsaved; drive_unsaved(*sys.argv[1:])", str(data_dir), str(report), phase],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        reports.append(json.loads(report.read_text()))
    first, second = reports
    assert "error" not in first and "error" not in second, reports
    assert first["clean"] == {"unsaved": "", "confirm_close": False}
    question = "Este formulário tem alterações que não foram salvas. Sair sem salvá-las?"
    assert first["dirty"] == {"unsaved": question, "confirm_close": True, "asks": question}
    assert second["origin"] == first["origin"]
    assert second["kept"] == "texto digitado"
    assert (data_dir / "window").is_dir()
    assert not (tmp_path / "home" / ".cache").exists()  # nothing outside the data folder


def drive_unsaved(data_dir: str, report_path: str, phase: str) -> None:
    """In a subprocess: run the launcher and, from a side thread, look at the unsaved state."""
    from app.desktop import window as window_module
    from app.desktop.launcher import DesktopOptions, run_desktop

    original_run = window_module.DesktopWindow.run

    def run(self, on_shown=None):
        threading.Thread(target=_drive_unsaved, args=(self, Path(report_path), phase),
                         daemon=True).start()
        return original_run(self, on_shown)

    window_module.DesktopWindow.run = run
    sys.exit(run_desktop(DesktopOptions(data_dir=Path(data_dir))))


def _state(desktop) -> dict:
    return {"unsaved": desktop.unsaved, "confirm_close": desktop._window.confirm_close}


def _drive_unsaved(desktop, report_path: Path, phase: str) -> None:
    result: dict = {}
    try:
        window = wait_until(lambda: desktop._window, 30, "the window object")
        wait_until(lambda: _showing(window, "/login"), 60, "the sign-in page", every=0.2)
        result["origin"] = window.run_js("location.origin")
        if phase == "second":
            result["kept"] = window.run_js("localStorage.getItem('retorno.test')")
            return
        window.run_js("localStorage.setItem('retorno.test', 'texto digitado')")
        window.run_js(
            "document.querySelector('[name=login]').value = 'admin';"
            f"document.querySelector('[name=password]').value = '{PASSWORD}';"
            "document.querySelector('form').requestSubmit();")
        wait_until(lambda: "—" in window.title, 30, "the signed-in title")
        window.load_url(desktop.url.rstrip("/") + "/entries/1")
        wait_until(lambda: _showing(window, "/entries/1"), 30, "the entry", every=0.2)
        result["clean"] = _state(desktop)
        # A refused save: the page shows typed values that are not saved.
        window.run_js("document.getElementById('notes').value = '';"
                      "document.getElementById('entry-form').requestSubmit();")
        wait_until(lambda: desktop.unsaved, 30, "the page saying it holds unsaved changes")
        result["dirty"] = dict(_state(desktop),
                               asks=desktop._window.localization["global.quitConfirmation"])
        desktop.set_unsaved("")  # the test closes it: no question to answer on screen
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        result["error"] = repr(error)
    finally:
        report_path.write_text(json.dumps(result))
        desktop.close()


def test_the_window_writes_only_its_data_folder_and_logs_no_expected_noise(display, tmp_path):
    """HOME and the temporary folder stay empty (Qt's cache goes to the data folder), and the
    log holds no traceback: GTK is never tried on Linux, Qt is the forced backend."""
    data_dir, home, temp = tmp_path / "data", tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    _create_admin(data_dir)
    debug_port = _free_port()
    env = _window_env(display, tmp_path, TMPDIR=str(temp),
                      QTWEBENGINE_REMOTE_DEBUGGING=f"127.0.0.1:{debug_port}")
    for name in [key for key in env if key.startswith(("XDG_", "PYWEBVIEW_"))]:
        env.pop(name)
    launcher = subprocess.Popen([sys.executable, str(ROOT / "desktop_launcher.py"), "desktop",
                                 "--data-dir", str(data_dir)], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: [t for t in _page_titles(debug_port) if t in SIGN_IN_TITLES], 60,
                   "the sign-in page in the window")
        info = json.loads((data_dir / "instance.json").read_text())
        request = urllib.request.Request(f"http://127.0.0.1:{info['port']}/__retorno/close",
                                         data=b"", headers={"X-Retorno-Token": info["token"]})
        assert urllib.request.urlopen(request, timeout=10).status == 200
        assert launcher.wait(30) == 0
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert sorted(home.rglob("*")) == []
    assert sorted(temp.rglob("*")) == []
    assert (data_dir / "window" / "cache").is_dir()  # Qt's cache, where it went instead
    log = (data_dir / "logs" / "retorno.log").read_text()
    assert "GTK cannot be loaded" not in log
    assert "Traceback" not in log
