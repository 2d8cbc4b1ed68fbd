"""The app behind the desktop window: created, served on 127.0.0.1 with its control endpoint,
its notifier running; stopped in order. The launcher imports this module on a thread of its own
while the window paints its splash: Flask, SQLAlchemy and the blueprints load here."""

import logging
from pathlib import Path
from typing import Protocol

from flask import Flask

from ..alerts.notifier import Notify, start_notifier, wake_notifier
from ..factory import create_app
from ..shutdown import close_database
from .browser_fallback import open_in_browser_instead
from .client_first_start import FirstStartGate, first_start
from .control import Action, ControlEndpoint
from .links import open_external
from .notices import window_notifications
from .server import LocalServer, remember_port, remembered_port, wait_until_ready
from .single_instance import InstanceLock
from .window import DesktopWindow

log = logging.getLogger(__name__)


class Stoppable(Protocol):
    def stop(self) -> None: ...


class LocalApp:
    """create_app for the data folder, its waitress server and notifier; stop() undoes it."""

    def __init__(self, data_dir: Path, database_url: str | None = None, port: int = 0,
                 ask_first_start: bool = False) -> None:
        # Asked before create_app makes the database: a PC with none may be an office client.
        self.asking = ask_first_start and first_start(data_dir, database_url, True)
        self.gate: FirstStartGate | None = None
        config: dict = {"DATA_DIR": str(data_dir), "DEBUG": False, "DESKTOP_APP": True}
        if database_url:
            config["SQLALCHEMY_DATABASE_URI"] = database_url
        self.data_dir = data_dir
        self.port = port
        self.app: Flask = create_app(config)
        self.app.debug = False  # never the debugger in the desktop app, whatever FLASK_DEBUG says
        self.server: LocalServer | None = None
        self.notifier: Stoppable | None = None
        self.notifications = None

    @property
    def url(self) -> str:
        return self.server.url if self.server else ""

    def serve(self, lock: InstanceLock, window: DesktopWindow | None) -> bool:
        """Serve (the window's control actions with it) and publish the instance; False when
        the server never answered."""
        actions = {}
        if window:
            # The pages get a token that can only open links and say whether they hold unsaved
            # changes; focus/close need the instance's own.
            actions = {"focus": Action(lock.token, lambda _body: window.focus()),
                       "close": Action(lock.token, lambda _body: window.close()),
                       "open": Action(window.link_token, open_external),
                       "unsaved": Action(window.link_token, window.set_unsaved)}
        wsgi = ControlEndpoint(self.app, actions)
        if self.asking:  # "Este computador usa o servidor do escritório?" before the first page
            self.gate = FirstStartGate(wsgi, self.data_dir, window, actions)
        self.server = LocalServer(self.gate or wsgi, self.port or remembered_port(self.data_dir))
        remember_port(self.data_dir, self.server.port)
        self.server.start()
        if not wait_until_ready(self.server.url):
            return False
        lock.publish(self.server.port, window=window is not None)
        return True

    def notify(self, window: DesktopWindow | None, autostart: bool = False) -> None:
        """Start the notifier (after the window's first page: its first check would slow it)."""
        self.notifications = window_notifications(self.app, window, self.url)
        self.notifier = start_notifier_or_log(self.app, self.notifications.send)
        if autostart:
            wake_notifier(self.app)  # started with the system: the day's returns at once

    def open_in_browser(self, reason: str) -> bool:
        """No window after all (Windows, macOS): the system browser on the server instead."""
        return open_in_browser_instead(self.app, self.url, reason, self.data_dir)

    def stop(self) -> None:
        """Notifier, notifications, server (requests in progress finish), then the database."""
        if self.notifier is not None:
            stop_quietly(self.notifier)
        if self.notifications is not None:
            self.notifications.close()
        if self.gate is not None:
            self.gate.stop()  # the office client, if the first start chose it
        if self.server is not None:
            self.server.stop()
        close_database(self.app)


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
