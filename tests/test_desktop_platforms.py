"""Every platform branch of the window and the build, with the platform faked: the icon
chosen, the web view forced, Qt's cache in the data folder, WebView2 missing, the console
companion and the Windows version resource in the spec."""

import ast
import os
import runpy
import sys
import threading
from pathlib import Path

import pytest

# Imported on the real platform: PyInstaller reads sys.platform once, at import, and the spec
# below is then read with sys.platform faked.
from PyInstaller.utils import hooks  # noqa: F401

from app import create_app
from app.desktop import browser_fallback, links
from app.desktop import web_view_choice as window_module
from app.desktop.web_view_choice import (
    WEBVIEW2_MISSING,
    gui_backend,
    gui_unavailable_reason,
    window_environment,
    window_icon,
)

from .waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "retorno.spec"
DISPLAY = {"DISPLAY": ":0"}


@pytest.mark.parametrize("platform, backend", [
    ("win32", "edgechromium"), ("darwin", "cocoa"), ("linux", "qt"), ("freebsd14", "qt"),
])
def test_each_platform_forces_its_web_view(platform, backend):
    assert gui_backend(platform) == backend
    assert window_environment(None, platform)["PYWEBVIEW_GUI"] == backend


def test_windows_gets_an_ico_or_none_and_the_others_the_png(tmp_path):
    (tmp_path / "retorno.png").write_bytes(b"png")
    assert window_icon("win32", tmp_path) is None  # WinForms then shows the program's icon
    (tmp_path / "retorno.ico").write_bytes(b"ico")
    assert window_icon("win32", tmp_path) == str(tmp_path / "retorno.ico")
    for platform in ("darwin", "linux"):
        assert window_icon(platform, tmp_path) == str(tmp_path / "retorno.png")


def test_the_shipped_icons_are_what_each_backend_reads():
    assert (ROOT / "build" / "retorno.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO
    assert Path(window_icon("linux")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_qt_keeps_its_cache_in_the_data_folder_and_only_on_linux(tmp_path):
    storage = tmp_path / "window"
    linux = window_environment(storage, "linux", is_root=True)
    assert linux == {"PYWEBVIEW_GUI": "qt", "XDG_CACHE_HOME": str(storage / "cache"),
                     "XDG_DATA_HOME": str(storage / "share"), "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    assert "QTWEBENGINE_DISABLE_SANDBOX" not in window_environment(storage, "linux")
    assert window_environment(storage, "win32", is_root=True) == {"PYWEBVIEW_GUI": "edgechromium"}
    assert window_environment(storage, "darwin") == {"PYWEBVIEW_GUI": "cocoa"}


def test_programs_we_start_get_the_users_own_folders_back(tmp_path, monkeypatch):
    """xdg-open and the browser it starts must not keep their cache in Retorno's data folder."""
    monkeypatch.setattr(window_module, "_user_values", {})
    monkeypatch.setenv("XDG_CACHE_HOME", "/home/ana/.cache")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    window_module.apply_window_environment(window_environment(tmp_path, "linux"))
    assert os.environ["XDG_CACHE_HOME"] == str(tmp_path / "cache")
    env_file = tmp_path / "env.txt"
    fake = tmp_path / "opener"
    fake.write_text('#!/bin/sh\necho "$XDG_CACHE_HOME|$XDG_DATA_HOME|$PYWEBVIEW_GUI" > "$1.new"'
                    ' && mv "$1.new" "$1"\n')
    fake.chmod(0o755)
    assert links._spawn([str(fake), str(env_file)])
    wait_until(env_file.exists, 10, "the program writing its environment")
    assert env_file.read_text().strip() == "/home/ana/.cache||"


@pytest.mark.parametrize("platform, modules, webview2, expected", [
    ("win32", {"webview"}, True, None),
    ("win32", {"webview"}, False, WEBVIEW2_MISSING),
    ("darwin", {"webview"}, False, None),
    ("linux", {"webview", "PyQt6.QtWebEngineWidgets"}, False, None),
    # GTK alone is no longer tried (its import failure is what filled the log).
    ("linux", {"webview", "gi"}, False, "no Qt WebEngine for pywebview (install pywebview[qt])"),
])
def test_a_window_needs_the_platforms_web_view(platform, modules, webview2, expected):
    reason = gui_unavailable_reason(DISPLAY, platform, lambda name: name in modules,
                                    lambda: webview2)
    assert reason == expected


class Recorder:
    def __init__(self):
        self.opened, self.notices = [], []
        self.noticed = threading.Event()

    def open(self, url):
        self.opened.append(url)
        return True

    def notify(self, title, text):
        self.notices.append((title, text))
        self.noticed.set()


def test_without_webview2_the_browser_opens_and_the_install_notice_shows_once(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    recorder = Recorder()
    for _start in range(2):
        assert browser_fallback.open_in_browser_instead(
            app, "http://127.0.0.1:8765/", WEBVIEW2_MISSING, tmp_path, "win32",
            recorder.open, recorder.notify)
        assert recorder.noticed.wait(10)
    assert recorder.opened == ["http://127.0.0.1:8765/"] * 2
    [(title, text)] = recorder.notices
    assert title == "Retorno"
    assert "WebView2" in text
    assert browser_fallback.WEBVIEW2_DOWNLOAD in text
    assert text.startswith("O Retorno precisa")  # the company's language, pt-BR


def test_linux_without_a_window_opens_no_browser(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    recorder = Recorder()
    assert not browser_fallback.open_in_browser_instead(
        app, "http://127.0.0.1:8765/", "no display", tmp_path, "linux", recorder.open,
        recorder.notify)
    assert recorder.opened == [] and recorder.notices == []


def test_the_webview2_notice_is_logged_in_the_apps_log(tmp_path, caplog):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    recorder = Recorder()
    browser_fallback.open_in_browser_instead(app, "http://127.0.0.1:1/", WEBVIEW2_MISSING,
                                             tmp_path, "darwin", recorder.open, recorder.notify)
    assert recorder.opened == ["http://127.0.0.1:1/"]
    assert any(browser_fallback.WEBVIEW2_DOWNLOAD in r.getMessage() for r in caplog.records)


class Built:
    """Stands for one of PyInstaller's build steps: keeps what the spec gave it."""

    made: list = []
    pure = scripts = binaries = datas = ()  # what an Analysis hands on

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.kind = type(self).__name__
        Built.made.append(self)


def _build_steps() -> dict:
    return {name: type(name, (Built,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT",
                                                          "BUNDLE")}


@pytest.fixture(scope="module")
def spec_runs(tmp_path_factory):
    """The spec read on each platform (collect_submodules is the real one: a few seconds)."""
    runs = {}
    patcher = pytest.MonkeyPatch()
    try:
        for platform in ("win32", "darwin", "linux"):
            Built.made = []
            work = tmp_path_factory.mktemp(f"work-{platform}")
            patcher.setattr(sys, "platform", platform)
            patcher.delenv("RETORNO_BUNDLE_QT", raising=False)
            runpy.run_path(str(SPEC), init_globals={
                "SPECPATH": str(SPEC.parent), "workpath": str(work), **_build_steps()})
            runs[platform] = (list(Built.made), work)
    finally:
        patcher.undo()
    return runs


def _steps(made: list, kind: str) -> list:
    return [step for step in made if step.kind == kind]


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_the_spec_builds_one_folder_with_a_console_companion(spec_runs, platform):
    made, _work = spec_runs[platform]
    windowed, companion = _steps(made, "EXE")
    assert (windowed.kwargs["name"], companion.kwargs["name"]) == ("Retorno", "retorno-cli")
    assert companion.kwargs["console"] is True
    assert windowed.kwargs["console"] is (platform == "linux")
    # One folder: the binaries go to COLLECT, not into a self-unpacking executable.
    assert windowed.kwargs["exclude_binaries"] and companion.kwargs["exclude_binaries"]
    [collect] = _steps(made, "COLLECT")
    assert collect.args[:2] == (windowed, companion)
    assert collect.kwargs["name"] == "Retorno"
    assert len(_steps(made, "BUNDLE")) == (1 if platform == "darwin" else 0)


@pytest.mark.parametrize("platform, icon, ico_bundled", [
    ("win32", "build/retorno.ico", True), ("darwin", "app/desktop/retorno.png", False),
    ("linux", None, False),
])
def test_the_spec_icons(spec_runs, platform, icon, ico_bundled):
    made, _work = spec_runs[platform]
    [analysis] = _steps(made, "Analysis")
    for exe in _steps(made, "EXE"):
        assert exe.kwargs["icon"] == (str(ROOT / icon) if icon else None)
    bundled = (str(ROOT / "build" / "retorno.ico"), "app/desktop") in analysis.kwargs["datas"]
    assert bundled is ico_bundled


@pytest.mark.parametrize("platform, qt", [("win32", False), ("darwin", False), ("linux", True)])
def test_the_spec_bundles_qt_on_linux_only_and_never_gtk(spec_runs, platform, qt):
    made, _work = spec_runs[platform]
    [analysis] = _steps(made, "Analysis")
    excludes = analysis.kwargs["excludes"]
    assert {"gi", "webview.platforms.gtk"} <= set(excludes)
    assert ("PyQt6" in excludes) is not qt
    assert ("webview.platforms.qt" in analysis.kwargs["hiddenimports"]) is qt


def test_the_windows_executables_carry_a_version_resource(spec_runs):
    made, work = spec_runs["win32"]
    windowed, companion = _steps(made, "EXE")
    for exe, original in ((windowed, "Retorno.exe"), (companion, "retorno-cli.exe")):
        path = Path(exe.kwargs["version"])
        assert path.parent == work
        text = path.read_text(encoding="utf-8")
        ast.parse(text, mode="eval")  # PyInstaller eval()s it into a VSVersionInfo
        for field in ("StringStruct('CompanyName', 'Retorno')",
                      "StringStruct('ProductName', 'Retorno')",
                      "StringStruct('FileVersion', '0.1.0')",
                      f"StringStruct('OriginalFilename', '{original}')",
                      "filevers=(0, 1, 0, 0)"):
            assert field in text
    for platform in ("darwin", "linux"):
        assert all(exe.kwargs["version"] is None for exe in _steps(spec_runs[platform][0], "EXE"))
