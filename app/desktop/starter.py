"""The app's start behind the window: on a thread of its own, once the splash has loaded.

Started together, the app's imports and the web view's start compete for the interpreter and
both cores, and both end later. Measured under Xvfb on a busy 2-core machine (the window's load
events, three starts each way): started together, the splash loaded at 1.4–2.1 s and the
sign-in page at 3.5–4.9 s; the app waiting for the splash, 0.7–1.6 s and 3.2–4.5 s."""

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .single_instance import InstanceLock
from .splash import problem_page
from .window import DesktopWindow

if TYPE_CHECKING:  # the module itself loads on the starter's thread (create_local_app)
    from .local_app import LocalApp

log = logging.getLogger(__name__)

SPLASH_WAIT_S = 3.0  # a splash not painted by then (a slow machine, a fake window): start anyway
JOIN_TIMEOUT_S = 120.0  # a database that never answers must not keep a closed window alive


def create_local_app(data_dir: Path, database_url: str | None, port: int,
                     ask_first_start: bool = False) -> "LocalApp":
    """create_app for this data folder (not served yet); ask_first_start: a person at the
    window may be asked whether this PC uses the office server (client_first_start.py)."""
    # Imported here on purpose (issue #16): Flask, SQLAlchemy and the blueprints take 1-2 s to
    # load; behind the window this runs on the starter's thread, after the splash painted.
    from .local_app import LocalApp

    return LocalApp(data_dir, database_url, port, ask_first_start)


class AppStarter:
    """Create and serve the app on a thread of its own, then open it in the window (or say in
    the window and the log why it could not start)."""

    def __init__(self, data_dir: Path, database_url: str | None, port: int, autostart: bool,
                 lock: InstanceLock, window: DesktopWindow) -> None:
        self.data_dir, self.database_url, self.port = data_dir, database_url, port
        self.autostart, self.lock, self.window = autostart, lock, window
        self.local: LocalApp | None = None
        self.problem = ""  # why the app could not start, for whoever started us
        self._thread = threading.Thread(target=self._run, name="retorno-start", daemon=True)
        self._state_lock = threading.Lock()
        self._state = "waiting"  # then "started", or "cancelled" when the window closed first
        self._timer = threading.Timer(SPLASH_WAIT_S, self.start)
        self._timer.daemon = True

    def start_after_splash(self) -> None:
        """Start when the window's first page (the splash) has loaded, or after SPLASH_WAIT_S."""
        self.window.on_first_load = self.start
        self._timer.start()

    def start(self) -> None:
        """Start now (once; later calls, or calls after wait(), do nothing)."""
        self._timer.cancel()
        with self._state_lock:
            if self._state == "waiting":
                self._state = "started"
                self._thread.start()

    def wait(self) -> "LocalApp | None":
        """The app once its start is over (None if it never started or is still stuck)."""
        self._timer.cancel()
        with self._state_lock:
            if self._state == "waiting":
                self._state = "cancelled"  # the window closed on the splash: no app to start
                return None
        self._thread.join(JOIN_TIMEOUT_S)
        if self._thread.is_alive():
            log.error("the app was still starting %.0f s after the window closed",
                      JOIN_TIMEOUT_S)
            self.problem = self.problem or "Retorno was still starting when its window closed"
            return None
        return self.local

    def _run(self) -> None:
        try:
            self.local = create_local_app(self.data_dir, self.database_url, self.port,
                                          ask_first_start=not self.autostart)
            if self.local.serve(self.lock, self.window):
                self.window.open_app(self.local.url)
                self.local.notify(self.window, self.autostart)
                return
            self.problem = (f"Retorno did not start answering at {self.local.url}; see the log "
                            f"in {self.data_dir}")
            log.error("%s", self.problem)
        except Exception:  # noqa: BLE001 - said in the window and the log; exit code 1
            log.exception("Retorno could not start")
            self.problem = f"Retorno could not start; see the log in {self.data_dir}"
        self.window.show_problem(problem_page(self.data_dir))
