"""The pywebview window: whether one can open, its size, title, icon and external links."""

import importlib.util
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

TITLE = "Retorno"
ICON_DIR = Path(__file__).resolve().parent  # retorno.png; retorno.ico in the Windows build
DEFAULT_SIZE = (1280, 820)
MIN_SIZE = (900, 600)
# The web view of each platform, forced: pywebview would otherwise try GTK first on Linux
# (two "GTK cannot be loaded" tracebacks in the log at every start) and fall back to
# Internet Explorer (MSHTML) on Windows without WebView2, where the pages break.
BACKENDS = {"win32": "edgechromium", "darwin": "cocoa"}
LINUX_BACKEND = "qt"
# The Qt bindings pywebview's Qt backend can drive (pywebview[qt] installs PyQt6).
QT_WEBENGINE = ("PyQt6.QtWebEngineWidgets", "PyQt5.QtWebEngineWidgets",
                "PySide6.QtWebEngineWidgets")
WEBVIEW2_MISSING = "the Microsoft Edge WebView2 Runtime is not installed"

# Runs in every page the window loads (run_js is not bound by the page's CSP, whereas eval
# and pywebview's js_api are). A link leaving the app goes to our control endpoint, which
# hands it to the system (dialer, WhatsApp, mail client, browser) instead of letting it
# replace Retorno inside its own window. Without a token: a new-window link, which pywebview
# gives to the browser.
LINK_SCRIPT = """
(function (token) {
  if (window.__retornoLinks) { return; }
  window.__retornoLinks = true;
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!link) { return; }
    var url = new URL(link.href, location.href);
    if (url.origin === location.origin) { return; }
    if (!token) { link.target = "_blank"; link.rel = "noopener"; return; }
    ev.preventDefault();
    fetch("/__retorno/open", {method: "POST", headers: {"X-Retorno-Token": token},
                              body: url.href});
  }, true);
})(%s);
"""
# Runs in every page too: the page says whether it holds changes not saved (unsaved.js, with the
# question to ask), and closing the window then asks first (pywebview's confirm_close).
UNSAVED_SCRIPT = """
(function (token) {
  if (window.__retornoUnsaved || !token) { return; }
  window.__retornoUnsaved = true;
  function tell(message) {
    fetch("/__retorno/unsaved", {method: "POST", headers: {"X-Retorno-Token": token},
                                 body: message || ""});
  }
  tell(document.documentElement.dataset.unsaved);
  document.addEventListener("retorno:unsaved", function (ev) {
    tell(ev.detail && ev.detail.message);
  });
})(%s);
"""
USER_NAME_SCRIPT = "(document.querySelector('.user-name') || {}).textContent || ''"


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _webview2_installed() -> bool:
    """Windows: whether pywebview finds the Edge WebView2 Runtime (its own registry check)."""
    try:
        from webview.platforms import winforms  # Windows only: loads .NET through pythonnet
    except Exception:  # noqa: BLE001 - no pythonnet/.NET: no WebView2 window either
        log.warning("pywebview's Windows backend could not be loaded", exc_info=True)
        return False
    return winforms.renderer == "edgechromium"


def gui_backend(platform: str = sys.platform) -> str:
    """The pywebview GUI to force here: WebView2 on Windows, WebKit on macOS, Qt elsewhere."""
    return BACKENDS.get(platform, LINUX_BACKEND)


def window_icon(platform: str = sys.platform, folder: Path = ICON_DIR) -> str | None:
    """The window's icon file: an .ico on Windows (WinForms reads nothing else; without one,
    the executable's own icon), the PNG where the backend reads it (Qt, WebKit)."""
    if platform == "win32":
        ico = folder / "retorno.ico"
        return str(ico) if ico.is_file() else None
    return str(folder / "retorno.png")


def gui_unavailable_reason(environ: Mapping[str, str] = os.environ,
                           platform: str = sys.platform,
                           module_exists: Callable[[str], bool] = _module_exists,
                           webview2_installed: Callable[[], bool] = _webview2_installed,
                           ) -> str | None:
    """Say why no window can open here (no display, no pywebview, no web view); None if it can."""
    if platform.startswith(("linux", "freebsd", "openbsd")):
        offscreen = environ.get("QT_QPA_PLATFORM") == "offscreen"
        if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or offscreen):
            return "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
    if not module_exists("webview"):
        return "pywebview is not installed"
    if gui_backend(platform) == LINUX_BACKEND and not any(map(module_exists, QT_WEBENGINE)):
        return "no Qt WebEngine for pywebview (install pywebview[qt])"
    if platform == "win32" and not webview2_installed():
        return WEBVIEW2_MISSING
    return None


def window_environment(storage_dir: Path | None, platform: str = sys.platform,
                       is_root: bool = False) -> dict[str, str]:
    """Variables to set before pywebview starts: the forced backend, and on Linux Qt's disk
    cache inside the data folder (QtWebEngine writes under XDG_CACHE_HOME and XDG_DATA_HOME)."""
    backend = gui_backend(platform)
    env = {"PYWEBVIEW_GUI": backend}  # also for webview.screens, which starts no GUI of ours
    if backend == LINUX_BACKEND:
        if storage_dir is not None:
            env["XDG_CACHE_HOME"] = str(storage_dir / "cache")
            # Qt makes its default profile folder there before pywebview names ours.
            env["XDG_DATA_HOME"] = str(storage_dir / "share")
        if is_root:
            # QtWebEngine hangs as root unless its sandbox is off (containers, CI).
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return env


def window_size(screen: tuple[int, int] | None) -> tuple[int, int]:
    """Pick the default size, shrunk to 90% of a small screen."""
    width, height = DEFAULT_SIZE
    if screen:
        width = min(width, int(screen[0] * 0.9))
        height = min(height, int(screen[1] * 0.9))
    return max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1])


def window_title(user_name: str | None) -> str:
    """'Retorno — Maria Silva' when someone is signed in, else 'Retorno'."""
    name = " ".join((user_name or "").split())
    return f"{TITLE} — {name}" if name else TITLE


_user_values: dict[str, str | None] = {}  # what window_environment replaced, for user_environment


def apply_window_environment(values: Mapping[str, str]) -> None:
    """Set the window's variables in this process, remembering the user's own."""
    for name, value in values.items():
        _user_values.setdefault(name, os.environ.get(name))
        os.environ[name] = value


def user_environment() -> dict[str, str]:
    """This process's environment as the user had it: for the programs we start (xdg-open and
    the browser it opens must not keep their cache in Retorno's data folder)."""
    env = dict(os.environ)
    for name, value in _user_values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


class DesktopWindow:
    """One pywebview window on the local server; run() blocks the main thread until closed."""

    def __init__(self, url: str, title: str = TITLE, link_token: str = "",
                 storage_dir: Path | None = None) -> None:
        self.url = url
        self.title = title
        self.link_token = link_token
        self.storage_dir = storage_dir
        self.unsaved = ""  # the page's question when it holds changes not saved
        self._window = None
        self._minimized = False
        self._lock = threading.Lock()

    def run(self, on_shown: Callable[[], None] | None = None) -> None:
        """Open the window and return when the user closes it."""
        storage = self._storage()
        is_root = hasattr(os, "geteuid") and os.geteuid() == 0
        apply_window_environment(window_environment(self.storage_dir, is_root=is_root))
        import webview

        if "storage_path" in storage:
            # pywebview's Qt backend reads the storage path once, when first imported, and
            # webview.screens imports it before start() sets it: without this, ~/.pywebview.
            webview._state["storage_path"] = storage["storage_path"]
        width, height = window_size(_primary_screen(webview))
        # New-window links (see LINK_SCRIPT) go to the system, not to a second app window.
        webview.settings["OPEN_EXTERNAL_LINKS_IN_BROWSER"] = True
        window = webview.create_window(self.title, self.url, width=width, height=height,
                                       min_size=MIN_SIZE)
        window.events.loaded += self._on_loaded
        window.events.minimized += lambda: self._set_minimized(True)
        window.events.restored += lambda: self._set_minimized(False)
        if on_shown:
            window.events.shown += on_shown
        with self._lock:
            self._window = window
        try:
            webview.start(gui=gui_backend(), icon=window_icon(), **storage)
        finally:
            with self._lock:
                self._window = None

    def _storage(self) -> dict:
        """Where the pages' own data lives. In the data folder, the drafts an entry form keeps
        (localStorage) survive a crash of the window; nothing (cookies, cache) is written outside
        that folder. Without one: private mode, nothing written at all."""
        if self.storage_dir is None:
            return {"private_mode": True}
        self.storage_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return {"private_mode": False, "storage_path": str(self.storage_dir)}

    def set_unsaved(self, question: str) -> bool:
        """The page holds changes not saved (question: what to ask before closing) or not ("")."""
        question = " ".join(question.split())
        with self._lock:
            window = self._window
            self.unsaved = question
        if window is None:
            return False
        localization = getattr(window, "localization", None)  # pywebview's, once it runs
        if question and localization is not None:
            localization["global.quitConfirmation"] = question
        window.confirm_close = bool(question)
        return True

    def focus(self) -> bool:
        """Bring the window to the front (a second start asked for it)."""
        with self._lock:
            window = self._window
        if window is None:
            return False
        if self._minimized:
            window.restore()
        window.show()
        # Raising above other programs' windows: a brief always-on-top is the portable way.
        window.on_top = True
        window.on_top = False
        return True

    def close(self) -> bool:
        """Close the window as the user would; run() then returns."""
        with self._lock:
            window = self._window
        if window is None:
            return False
        window.destroy()
        return True

    def _set_minimized(self, value: bool) -> None:
        self._minimized = value

    def _on_loaded(self) -> None:
        with self._lock:
            window = self._window
        if window is None:
            return
        self.set_unsaved("")  # a new page: its unsaved.js says again if it holds changes
        try:
            window.run_js(LINK_SCRIPT % json.dumps(self.link_token))
            window.run_js(UNSAVED_SCRIPT % json.dumps(self.link_token))
            window.title = window_title(str(window.run_js(USER_NAME_SCRIPT) or ""))
        except Exception:  # noqa: BLE001 - a closing window must not crash the app
            log.debug("could not update the window after a page load", exc_info=True)


def _primary_screen(webview) -> tuple[int, int] | None:
    try:
        screen = webview.screens[0]
        return int(screen.width), int(screen.height)
    except Exception:  # noqa: BLE001 - some backends know no screen before start()
        return None
