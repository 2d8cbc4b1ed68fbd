"""`retorno desktop`: server, window and notifier for one data folder, and a clean shutdown.

The window paints first: it shows a splash while a thread of ours imports and creates the app
(app/desktop/local_app.py) and starts its server, then loads the app's first page. This module
imports nothing of Flask, so the splash does not wait for it."""

import logging
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import default_data_dir
from ..stop_signals import install_stop_handlers, restore_signal_handlers, wait_for_stop_signal
from .control import PREFIX, TOKEN_HEADER
from .readiness import wait_until_ready
from .server_choice import ServerAddress, chosen_server
from .single_instance import InstanceInfo, InstanceLock, read_instance_info
from .splash import splash_page, words
from .starter import AppStarter, create_local_app
from .tray import make_tray
from .tray_items import TODAY_PATH, TrayActions, tray_menu
from .web_view_choice import gui_unavailable_reason
from .window import DesktopWindow

if TYPE_CHECKING:  # the module itself loads on the starter's thread (starter.py)
    from .local_app import LocalApp

log = logging.getLogger(__name__)
# What say() prints also goes to the log file, but not twice to the terminal.
console_log = logging.getLogger("retorno.console")
console_log.propagate = False

OTHER_INSTANCE_WAIT = 20.0
WINDOW_STORAGE = "window"  # in the data folder: the window's own data (drafts, cookies, cache)


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
                return serve_office_client(data_dir, server, options, lock)
            return serve_with_window(data_dir, options, lock)
        finally:
            lock.release()
    finally:
        detach_log_file(log_file)


def serve_office_client(data_dir: Path, server: ServerAddress, options: DesktopOptions,
                        lock: InstanceLock) -> int:
    """This PC as a client of the office server (app/desktop/client.py)."""
    # Loaded only for a client (the deferred-import exception): it brings Flask's templates,
    # which the one-PC start must not wait for before its splash paints.
    from .client import serve_client

    return serve_client(data_dir, server, options.window, lock, options.port)


def serve_with_window(data_dir: Path, options: DesktopOptions, lock: InstanceLock) -> int:
    """Serve with the window on top (or without one where none can open), then shut down."""
    reason = gui_unavailable_reason() if options.window else "started with --no-window"
    if reason is None:
        return serve_behind_splash(data_dir, options, lock)
    local = create_local_app(data_dir, options.database_url, options.port)
    try:
        if not local.serve(lock, None):
            say(f"Retorno did not start answering at {local.url}; see the log in {data_dir}")
            return 1
        local.notify(None, options.autostart)
        return serve_in_browser(local, reason, options.window)
    finally:
        stop_local_app(local)


def serve_behind_splash(data_dir: Path, options: DesktopOptions, lock: InstanceLock) -> int:
    """Paint the window at once on its splash; the app starts on another thread, then shows."""
    window = app_window(data_dir, options)
    starter = AppStarter(data_dir, options.database_url, options.port, options.autostart, lock,
                         window)
    starter.start_after_splash()
    shown = show_window(window)
    if not shown:
        starter.start()  # no window after all: the app serves a browser instead
    local = starter.wait()
    try:
        if starter.problem:
            say(starter.problem)
            return 1
        if shown or local is None:
            return 0
        return serve_in_browser(local, "the window could not open", options.window)
    finally:
        if local is not None:
            stop_local_app(local)


def serve_in_browser(local: "LocalApp", reason: str, window_wanted: bool) -> int:
    """No window: say where Retorno answers (the browser opened on Windows and macOS) and serve
    until Ctrl+C or SIGTERM."""
    say(f"No window ({reason}): open Retorno in a browser.")
    say(f"Retorno is running at {local.url}  (Ctrl+C stops it)")
    if window_wanted:
        local.open_in_browser(reason)
    wait_for_stop_signal()
    return 0


def stop_local_app(local: "LocalApp") -> None:
    local.stop()
    log.info("Retorno stopped cleanly")


def app_window(data_dir: Path, options: DesktopOptions) -> DesktopWindow:
    """The window, on its splash until the app answers, with its tray icon where the desktop
    has a tray."""
    window = DesktopWindow("", link_token=secrets.token_urlsafe(32),
                           storage_dir=data_dir / WINDOW_STORAGE, start_hidden=options.autostart,
                           splash=splash_page())
    window.tray = make_tray(tray_menu(words()), TrayActions(
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
