"""`retorno desktop`: server, window and notifier for one data folder, and a clean shutdown."""

import logging
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Protocol

from flask import Flask

from .. import create_app
from ..alerts.notifier import Notify, start_notifier, wake_notifier
from ..config import default_data_dir
from ..shutdown import (
    close_database,
    install_stop_handlers,
    restore_signal_handlers,
    wait_for_stop_signal,
)
from .browser_fallback import open_in_browser_instead
from .client import serve_client
from .client_first_start import FirstStartGate, first_start
from .control import PREFIX, TOKEN_HEADER, Action, ControlEndpoint
from .links import open_external
from .notices import window_notifications
from .server import LocalServer, remember_port, remembered_port, wait_until_ready
from .server_choice import ServerAddress, chosen_server
from .single_instance import InstanceInfo, InstanceLock, read_instance_info
from .tray import make_tray
from .tray_items import TODAY_PATH, TrayActions, tray_menu
from .web_view_choice import gui_unavailable_reason
from .window import DesktopWindow

log = logging.getLogger(__name__)
# What say() prints also goes to the log file, but not twice to the terminal.
console_log = logging.getLogger("retorno.console")
console_log.propagate = False

OTHER_INSTANCE_WAIT = 20.0
WINDOW_STORAGE = "window"  # in the data folder: the window's own data (drafts, cookies, cache)


class Stoppable(Protocol):
    def stop(self) -> None: ...


@dataclass
class DesktopOptions:
    """What `retorno desktop` was asked for."""

    data_dir: Path | None = None
    database_url: str | None = None
    port: int = 0
    window: bool = True
    autostart: bool = False  # started with the system: to the tray, the day's alarm at once
    server: ServerAddress | None = None  # --server: this PC as a client of the office server
    local: bool = False  # --local: back to this PC's own data (saved, as --server is)


def say(text: str) -> None:
    """One line for whoever started us (a terminal; nothing in a windowed executable)."""
    console_log.info(text)
    if sys.stdout is not None:
        print(text, flush=True)


def resolve_data_dir(requested: Path | None) -> Path:
    """The data folder to use: --data-dir, else RETORNO_DATA_DIR, else the user's data folder."""
    data_dir = Path(requested) if requested else default_data_dir()
    data_dir = data_dir.expanduser().resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and data_dir.is_relative_to(Path(bundle).resolve()):
        # PyInstaller deletes that folder at exit: the data would be lost.
        raise SystemExit(f"Refusing to keep data inside the program's temporary folder: {data_dir}")
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir


def run_desktop(options: DesktopOptions) -> int:
    """Run the desktop app until its window closes (or Ctrl+C without a window); the exit code."""
    data_dir = resolve_data_dir(options.data_dir)
    log_file = attach_log_file(data_dir)
    try:
        server = chosen_server(data_dir, options.server, options.local)
        lock = InstanceLock(data_dir)
        if not lock.acquire():
            # Started with the system while Retorno already runs: leave its window as it is.
            return join_running_instance(data_dir, options.window and not options.autostart)
        try:
            if server is not None:
                return serve_client(data_dir, server, options.window, lock, options.port)
            return serve_with_window(data_dir, options, lock)
        finally:
            lock.release()
    finally:
        detach_log_file(log_file)


def serve_with_window(data_dir: Path, options: DesktopOptions, lock: InstanceLock) -> int:
    """Start the server and notifier, show the window (or wait), then shut down in order."""
    asking = first_start(data_dir, options.database_url, options.window and not options.autostart)
    config: dict = {"DATA_DIR": str(data_dir), "DEBUG": False, "DESKTOP_APP": True}
    if options.database_url:
        config["SQLALCHEMY_DATABASE_URI"] = options.database_url
    app = create_app(config)
    app.debug = False  # never the debugger in the desktop app, whatever FLASK_DEBUG says
    window = app_window(app, data_dir, options) if options.window else None
    actions = {}
    if window:
        # The pages get a token that can only open links and say whether they hold unsaved
        # changes; focus/close need the instance's own.
        actions = {"focus": Action(lock.token, lambda _body: window.focus()),
                   "close": Action(lock.token, lambda _body: window.close()),
                   "open": Action(window.link_token, open_external),
                   "unsaved": Action(window.link_token, window.set_unsaved)}
    wsgi = ControlEndpoint(app, actions)
    gate = FirstStartGate(wsgi, data_dir, window, actions) if asking else None
    server = LocalServer(gate or wsgi, options.port or remembered_port(data_dir))
    remember_port(data_dir, server.port)
    server.start()
    notifier = notifications = None
    try:
        if not wait_until_ready(server.url):
            say(f"Retorno did not start answering at {server.url}; see the log in {data_dir}")
            return 1
        reason = gui_unavailable_reason() if window else "started with --no-window"
        lock.publish(server.port, window=reason is None)
        notifications = window_notifications(app, window, server.url)
        notifier = start_notifier_or_log(app, notifications.send)
        if options.autostart:
            wake_notifier(app)  # started with the system: the day's returns at once
        if window and reason is None:
            window.url = server.url
            if show_window(window):
                return 0
            reason = "the window could not open"
        say(f"No window ({reason}): open Retorno in a browser.")
        say(f"Retorno is running at {server.url}  (Ctrl+C stops it)")
        if window:
            open_in_browser_instead(app, server.url, reason, data_dir)
        wait_for_stop_signal()
        return 0
    finally:
        if notifier is not None:
            stop_quietly(notifier)
        if notifications is not None:
            notifications.close()
        if gate is not None:
            gate.stop()  # the office client, if the first start chose it
        server.stop()
        close_database(app)
        log.info("Retorno stopped cleanly")


def app_window(app: Flask, data_dir: Path, options: DesktopOptions) -> DesktopWindow:
    """The window on this instance's server, with its tray icon where the desktop has a tray."""
    window = DesktopWindow("", link_token=secrets.token_urlsafe(32),
                           storage_dir=data_dir / WINDOW_STORAGE, start_hidden=options.autostart)
    window.tray = make_tray(tray_menu(app), TrayActions(
        open=window.focus, today=lambda: window.show_page(TODAY_PATH), quit=window.close))
    return window


def show_window(window: DesktopWindow) -> bool:
    """Run the window until it is closed; False if pywebview could not open one."""
    previous = install_stop_handlers(lambda: window.close())
    try:
        window.run()
        return True
    except Exception as error:  # noqa: BLE001 - e.g. WebView2 missing: fall back to the browser
        log.exception("the window failed: %s", error)
        return False
    finally:
        restore_signal_handlers(previous)


def join_running_instance(data_dir: Path, want_window: bool) -> int:
    """Bring the user to the instance already serving this data folder instead of a second one."""
    info = wait_for_running_instance(data_dir)
    if info is None:
        say(f"Another Retorno is starting or stuck on {data_dir}; try again in a moment.")
        return 1
    # Started at the same moment, its window may still be opening: ask until it can answer.
    if want_window and info.window and keep_asking(info, "focus"):
        say(f"Retorno is already running at {info.url} — its window was brought to the front.")
        return 0
    if want_window and gui_unavailable_reason() is None:
        # The running one has no window: show one on it (no second server, same database).
        say(f"Retorno is already running at {info.url}; opening a window on it.")
        return 0 if show_window(DesktopWindow(info.url, storage_dir=data_dir / WINDOW_STORAGE)) \
            else 1
    say(f"Retorno is already running at {info.url} (data folder {data_dir}).")
    return 0


def wait_for_running_instance(data_dir: Path) -> InstanceInfo | None:
    """What the instance holding the lock published, once its server answers; None if never."""
    deadline = time.monotonic() + OTHER_INSTANCE_WAIT
    while time.monotonic() < deadline:
        info = read_instance_info(data_dir)
        if info and wait_until_ready(info.url, timeout=1.0):
            return info
        time.sleep(0.2)
    return None


def keep_asking(info: InstanceInfo, action: str) -> bool:
    """Ask the running instance for an action until it does it; False at the deadline."""
    deadline = time.monotonic() + OTHER_INSTANCE_WAIT
    while not ask_instance(info.url, info.token, action):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True


def ask_instance(url: str, token: str, action: str) -> bool:
    """POST an action to the running instance's control endpoint; True when it did it."""
    request = urllib.request.Request(url.rstrip("/") + PREFIX + action, data=b"", method="POST",
                                     headers={TOKEN_HEADER: token})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_notifier_or_log(app: Flask, notify: Notify | None = None) -> Stoppable | None:
    """Start the due-returns notifier thread; a failure is logged and the app still opens."""
    try:
        return start_notifier(app, notify)
    except Exception:  # noqa: BLE001 - notifications are a nicety; the app must still open
        log.exception("the notifier failed to start")
        return None


def stop_quietly(notifier: Stoppable) -> None:
    try:
        notifier.stop()
    except Exception:  # noqa: BLE001 - shutting down regardless
        log.exception("the notifier failed to stop")


def attach_log_file(data_dir: Path) -> logging.Handler:
    """Keep a small log in the data folder: the packaged app has no terminal to read."""
    (data_dir / "logs").mkdir(exist_ok=True)
    handler = RotatingFileHandler(data_dir / "logs" / "retorno.log", maxBytes=1_000_000,
                                  backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    for logger in (root, console_log):
        logger.addHandler(handler)
    return handler


def detach_log_file(handler: logging.Handler) -> None:
    for logger in (logging.getLogger(), console_log):
        logger.removeHandler(handler)
    handler.close()
