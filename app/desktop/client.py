"""`retorno desktop --server URL`: this PC as a client of the office server.

The window shows the server's pages through a proxy on this PC (client_proxy), which checks the
pinned certificate on every connection; the notifier asks the server what is due for the user
signed in here (client_notifier). Nothing of the office's data is kept on this PC.
"""

import logging
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from ..alerts.os_notify import DesktopNotifications, desktop_notifications
from ..shutdown import install_stop_handlers, restore_signal_handlers, wait_for_stop_signal
from .client_notifier import ClientNotifier
from .client_pages import client_pages
from .client_proxy import PAGES_PREFIX, ClientProxy
from .client_state import CHANGED, NOT_PINNED, UNREACHABLE, ClientState
from .client_upstream import ServerUnreachable
from .control import Action, ControlEndpoint
from .links import open_external, system_opener
from .server import LocalServer, remember_port, remembered_port, wait_until_ready
from .server_choice import ServerAddress
from .single_instance import InstanceLock
from .tray import make_tray
from .tray_items import TODAY_PATH, TrayActions, tray_menu
from .web_view_choice import gui_unavailable_reason
from .window import DesktopWindow

log = logging.getLogger(__name__)
console_log = logging.getLogger("retorno.console")  # the launcher's: the log file, once
console_log.propagate = False

CLIENT_WINDOW_STORAGE = "window-office"  # the window's drafts and cookies, apart from one-PC's
RUNG_FILE = "office-alarms-rung.json"  # the timed alarms this PC showed (not again at restart)


def tell(text: str) -> None:
    """One line for whoever started us (a terminal; nothing in a windowed executable)."""
    console_log.info(text)
    if sys.stdout is not None:
        print(text, flush=True)


class OfficeClient:
    """The client's running parts: the proxy on 127.0.0.1 and the notifier."""

    def __init__(self, data_dir: Path, server: ServerAddress,
                 window: DesktopWindow | None = None, actions: dict[str, Action] | None = None,
                 port: int = 0) -> None:
        self.data_dir = data_dir
        self.state = ClientState(data_dir, server)
        self.window = window
        pages = client_pages(self.state)
        self.pages = pages
        proxy = ClientProxy(self.state, pages, ControlEndpoint(_nothing, actions or {}))
        self.server = LocalServer(proxy, port or remembered_port(data_dir))
        self.notifier: ClientNotifier | None = None
        self.notifications: DesktopNotifications | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> str:
        """Serve the proxy, start the notifier; the URL the window opens."""
        remember_port(self.data_dir, self.server.port)
        self.server.start()
        wait_until_ready(self.url + PAGES_PREFIX.lstrip("/") + "server", timeout=10)
        self.notifications = desktop_notifications(
            on_click=self._show_today,
            on_failure=self.window.request_attention if self.window else None)
        self.notifier = ClientNotifier(self.state, self.notifications.send,
                                       rung_file=self.data_dir / RUNG_FILE).start()
        self.state.on_session_change = self.notifier.wake
        if self.window is not None:
            self.window.url = self.url
        return self.url

    def stop(self) -> None:
        if self.notifier is not None:
            self.notifier.stop()
        if self.notifications is not None:
            self.notifications.close()
        self.server.stop()

    def _show_today(self) -> None:
        path = self.notifier.list_path if self.notifier else TODAY_PATH
        if self.window is None or not self.window.show_page(path):
            system_opener()(self.url.rstrip("/") + path)  # no window: the browser

    def describe_start(self) -> None:
        """Say on the terminal what the window would show first (no window, or a log)."""
        status = self.state.check()
        origin = self.state.server.origin
        if status == NOT_PINNED:
            try:
                fingerprint = self.state.fetch_fingerprint()
            except ServerUnreachable:
                tell(f"The office server {origin} does not answer yet; trying again.")
                return
            tell(f"The office server {origin} presents the certificate {fingerprint}.")
            tell(f"Compare it with the server's screen, then confirm at {self.url}")
        elif status == CHANGED:
            tell(f"REFUSED: the certificate of {origin} changed since this PC pinned it "
                 f"(now {self.state.presented}). Ask the administrator; if it was made again, "
                 "run: retorno desktop --forget-certificate")
        elif status == UNREACHABLE:
            tell(f"The office server {origin} does not answer; trying again at each request.")


def _nothing(_environ: dict, start_response: Callable) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]


def serve_client(data_dir: Path, server: ServerAddress, want_window: bool,
                 lock: InstanceLock, port: int = 0) -> int:
    """Run the client until its window closes (or Ctrl+C without a window); the exit code."""
    window = None
    if want_window:
        window = DesktopWindow("", link_token=secrets.token_urlsafe(32),
                               storage_dir=data_dir / CLIENT_WINDOW_STORAGE)
    client = OfficeClient(data_dir, server, window, window_actions(window, lock), port)
    window_tray(client)
    try:
        url = client.start()
        reason = gui_unavailable_reason() if window else "started with --no-window"
        lock.publish(client.server.port, window=reason is None)
        client.describe_start()
        if window is not None and reason is None and run_window(window):
            return 0
        tell(f"Retorno (office client of {server.origin}) is running at {url}  "
             "(Ctrl+C stops it)")
        wait_for_stop_signal()
        return 0
    finally:
        client.stop()
        log.info("the office client stopped cleanly")


def window_actions(window: DesktopWindow | None, lock: InstanceLock) -> dict[str, Action]:
    """What a second start and the pages may ask of this window (as the one-PC app's)."""
    if window is None:
        return {}
    return {"focus": Action(lock.token, lambda _body: window.focus()),
            "close": Action(lock.token, lambda _body: window.close()),
            "open": Action(window.link_token, open_external),
            "unsaved": Action(window.link_token, window.set_unsaved)}


def window_tray(client: OfficeClient) -> None:
    window = client.window
    if window is not None:
        window.tray = make_tray(tray_menu(client.pages), TrayActions(
            open=window.focus, today=lambda: window.show_page(TODAY_PATH), quit=window.close))


def run_window(window: DesktopWindow) -> bool:
    """Run the window until it is closed; False if pywebview could not open one."""
    previous = install_stop_handlers(lambda: window.close())
    try:
        window.run()
        return True
    except Exception as error:  # noqa: BLE001 - e.g. WebView2 missing: the browser instead
        log.exception("the window failed: %s", error)
        return False
    finally:
        restore_signal_handlers(previous)
