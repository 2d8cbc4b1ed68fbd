"""The pywebview window: whether one can open, its size, title, links, and closing to the tray."""

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from .attention import flag_taskbar
from .tray_items import Tray
from .web_view_choice import (
    apply_window_environment,
    gui_backend,
    window_environment,
    window_icon,
)

log = logging.getLogger(__name__)

TITLE = "Retorno"
DEFAULT_SIZE = (1280, 820)
MIN_SIZE = (900, 600)

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
                 storage_dir: Path | None = None, start_hidden: bool = False,
                 splash: str = "") -> None:
        self.url = url  # "" while the app starts behind the splash: open_app() gives it
        self.splash = splash  # the HTML page painted until then
        self.title = title
        self.link_token = link_token
        self.storage_dir = storage_dir
        self.start_hidden = start_hidden  # started with the system: only the tray icon shows
        self.tray: Tray | None = None  # where closing the window hides it
        self.on_first_load: Callable[[], object] | None = None  # the splash has loaded
        self.unsaved = ""  # the page's question when it holds changes not saved
        self._window = None
        self._minimized = False
        self._in_tray = False  # the tray icon shows: closing hides the window there
        self._quitting = False
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
        # text_select: pywebview would otherwise inject an inline <style> (no text selection),
        # which the pages' CSP refuses on every page; a seller copies phones and names anyway.
        with self._lock:  # open_app() from the app's thread sees the window or sets its URL
            window = webview.create_window(self.title, self.url or None, html=self.splash,
                                           width=width, height=height, min_size=MIN_SIZE,
                                           text_select=True, hidden=self.start_hidden)
            self._window = window
        self._listen(window, on_shown)
        try:
            webview.start(gui=gui_backend(), icon=window_icon(), **storage)
        finally:
            with self._lock:
                self._window = None
            self._stop_tray()

    def _storage(self) -> dict:
        """Where the pages' own data lives. In the data folder, the drafts an entry form keeps
        (localStorage) survive a crash of the window; nothing (cookies, cache) is written outside
        that folder. Without one: private mode, nothing written at all."""
        if self.storage_dir is None:
            return {"private_mode": True}
        self.storage_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return {"private_mode": False, "storage_path": str(self.storage_dir)}

    def open_app(self, url: str) -> bool:
        """The app answers at url: replace the splash with it (from any thread)."""
        with self._lock:
            self.url = url
            window = self._window
        if window is None:  # not made yet (run() opens url) or already closed
            return False
        window.load_url(url)
        return True

    def show_problem(self, page: str) -> bool:
        """The app could not start: replace the splash with this page saying why."""
        with self._lock:
            window = self._window
        if window is None:
            return False
        window.load_html(page)
        return True

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
        """Bring the window to the front on one of the app's pages (a notification clicked, the
        tray's Retornos de hoje)."""
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
        """Close the window and quit (the tray's Sair, a stop signal); run() then returns."""
        with self._lock:
            window = self._window
            self._quitting = True
        if window is None:
            return False
        window.destroy()
        return True

    def _start_tray(self) -> None:
        """In the GUI thread, before the window shows: the tray icon, where one can show."""
        try:
            self._in_tray = self.tray is not None and self.tray.start()
        except Exception:  # noqa: BLE001 - without a tray, closing quits as it always did
            log.exception("the tray icon failed: closing the window quits Retorno")

    def _show_without_tray(self) -> None:
        """Started hidden but no tray to come back from: show the window after all."""
        if self.start_hidden and not self._in_tray:
            with self._lock:
                window = self._window
            if window is not None:
                window.show()

    def _on_closing(self) -> bool | None:
        """The user closes the window: hide it in the tray (False cancels the close)."""
        with self._lock:
            window = self._window
            keep_running = self._in_tray and not self._quitting
        if not keep_running or window is None:
            return None
        window.hide()
        self.tray.tell_still_running()  # type: ignore[union-attr]  # _in_tray: there is one
        return False

    def _stop_tray(self) -> None:
        if self.tray is not None and self._in_tray:
            self._in_tray = False
            self.tray.stop()

    def _listen(self, window, on_shown: Callable[[], None] | None) -> None:
        """Handle the window's events. pywebview runs a handler of loaded, shown… in a thread of
        its own that is not a daemon: one still waiting on the page (run_js) when the GUI loop
        ended kept the process alive after Sair. Those handlers run in daemon threads."""
        window.events.loaded += in_background(self._on_loaded)
        window.events.before_show += self._start_tray  # these two run in the GUI thread
        window.events.closing += self._on_closing
        window.events.minimized += in_background(lambda: self._set_minimized(True))
        window.events.restored += in_background(lambda: self._set_minimized(False))

        def shown() -> None:  # in this order, as before
            self._show_without_tray()
            if on_shown:
                on_shown()
        window.events.shown += in_background(shown)

    def _set_minimized(self, value: bool) -> None:
        self._minimized = value

    def _on_loaded(self) -> None:
        with self._lock:
            window = self._window
            first_load, self.on_first_load = self.on_first_load, None
        if first_load is not None:
            first_load()
        if window is None:
            return
        self.set_unsaved("")  # a new page: its unsaved.js says again if it holds changes
        try:
            window.run_js(LINK_SCRIPT % json.dumps(self.link_token))
            window.run_js(UNSAVED_SCRIPT % json.dumps(self.link_token))
            window.title = window_title(str(window.run_js(USER_NAME_SCRIPT) or ""))
        except Exception:  # noqa: BLE001 - a closing window must not crash the app
            log.debug("could not update the window after a page load", exc_info=True)


def in_background(handler: Callable[[], object]) -> Callable[[], None]:
    """A window event's handler run in a daemon thread (see DesktopWindow._listen)."""
    def start() -> None:
        threading.Thread(target=handler, name="retorno-window-event", daemon=True).start()
    return start


def _primary_screen(webview) -> tuple[int, int] | None:
    try:
        screen = webview.screens[0]
        return int(screen.width), int(screen.height)
    except Exception:  # noqa: BLE001 - some backends know no screen before start()
        return None
