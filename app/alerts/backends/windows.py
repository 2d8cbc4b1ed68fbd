"""Windows: plyer's balloon with the app's ICO, one at a time, all in one thread of ours.

plyer's own notify() starts a thread per notification that keeps a hidden window and a tray icon
for the whole timeout (it sleeps there). Instead one worker thread shows the balloon (plyer's
WindowsBalloonTip with timeout 0 returns once it shows), keeps it SHOW_SECONDS, and removes it
(remove_notify: plyer's atexit hook holds the object, so dropping it removes nothing) before
the next is shown: never two tray icons. Windows reports no click on it to plyer (its
window procedure is DefWindowProc), so a click opens nothing.
"""

import importlib
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from .base import APP_NAME, SHOW_SECONDS

log = logging.getLogger(__name__)

BALLOON_MODULE = "plyer.platforms.win.libs.balloontip"  # imports the Win32 API: Windows only
CALL_SECONDS = 5.0

MakeBalloon = Callable[..., object]


def plyer_balloon(**kwargs) -> object:
    """Show one balloon through plyer's WindowsBalloonTip (remove_notify() takes it away)."""
    return importlib.import_module(BALLOON_MODULE).WindowsBalloonTip(**kwargs)


class WindowsBalloons:
    """Shows balloons one after another from a single worker thread."""

    name = "Windows balloons"

    def __init__(self, icon: Path, make_balloon: MakeBalloon = plyer_balloon,
                 show_seconds: float = SHOW_SECONDS) -> None:
        self.icon = icon
        self.make_balloon = make_balloon
        self.show_seconds = show_seconds
        self._requests: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def send(self, title: str, body: str) -> None:
        shown: Future = Future()
        self._requests.put((title, body, shown))
        self._start()
        shown.result(CALL_SECONDS)  # raises what plyer raised

    def close(self) -> None:
        if self._worker is not None:
            self._requests.put(None)
            self._worker.join(CALL_SECONDS)

    def _start(self) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="retorno-balloon",
                                                daemon=True)
                self._worker.start()

    def _run(self) -> None:
        balloon = None
        while True:
            try:
                request = self._requests.get(timeout=self.show_seconds if balloon else None)
            except queue.Empty:
                balloon = _remove(balloon)  # shown long enough
                continue
            balloon = _remove(balloon)  # the previous one goes before the next is shown
            if request is None:
                return
            title, body, shown = request
            # Without its ICO (a bundle built without it) plyer would refuse: Windows' own icon.
            icon = str(self.icon) if self.icon.is_file() else ""
            try:
                balloon = self.make_balloon(title=title, message=body, app_name=APP_NAME,
                                            app_icon=icon, timeout=0)
            except Exception as error:  # noqa: BLE001 - handed to the caller through the future
                shown.set_exception(error)
            else:
                shown.set_result(None)


def _remove(balloon) -> None:
    if balloon is not None:
        try:
            balloon.remove_notify()
        except Exception:  # noqa: BLE001 - a tray icon already gone
            log.debug("could not remove a balloon", exc_info=True)
    return None
