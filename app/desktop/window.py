"""The pywebview window: whether one can open, its size, title, icon and external links."""

import importlib.util
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from .attention import flag_taskbar

log = logging.getLogger(__name__)

TITLE = "Retorno"
ICON = Path(__file__).resolve().parent / "retorno.png"
DEFAULT_SIZE = (1280, 820)
MIN_SIZE = (900, 600)
# Linux backends pywebview can drive; Windows (WebView2) and macOS (WebKit) always have one.
LINUX_BACKENDS = ("PyQt6.QtWebEngineWidgets", "PyQt5.QtWebEngineWidgets",
                  "PySide6.QtWebEngineWidgets", "gi")

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


def gui_unavailable_reason(environ: Mapping[str, str] = os.environ,
                           platform: str = sys.platform,
                           module_exists: Callable[[str], bool] = _module_exists) -> str | None:
    """Say why no window can open here (no display, no pywebview, no backend); None if it can."""
    if platform.startswith(("linux", "freebsd", "openbsd")):
        offscreen = environ.get("QT_QPA_PLATFORM") == "offscreen"
        if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or offscreen):
            return "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
    if not module_exists("webview"):
        return "pywebview is not installed"
    if platform.startswith("linux") and not any(module_exists(m) for m in LINUX_BACKENDS):
        return "no GUI backend for pywebview (install pywebview[qt], or PyGObject with WebKit2GTK)"
    return None


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
        if sys.platform.startswith("linux") and os.geteuid() == 0:
            # QtWebEngine hangs as root unless its sandbox is off (containers, CI).
            os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        import webview

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
            webview.start(icon=str(ICON), **self._storage())
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
        if sys.platform.startswith("linux"):
            # QtWebEngine puts its disk cache under XDG_CACHE_HOME: keep it in the folder too.
            os.environ["XDG_CACHE_HOME"] = str(self.storage_dir / "cache")
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

    def show_page(self, path: str) -> bool:
        """Bring the window to the front on this page of the app (a notification was clicked)."""
        with self._lock:
            window = self._window
        if window is None:
            return False
        window.load_url(self.url.rstrip("/") + path)
        return self.focus()

    def request_attention(self) -> bool:
        """Flag the window's taskbar entry (a notification the system could not show)."""
        with self._lock:
            window = self._window
        native = getattr(window, "native", None)
        return native is not None and flag_taskbar(native)

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
