"""Work run in the background every N seconds: one daemon thread, woken and stopped by events.

    checks = Periodic("retorno-backups", look, every=30 * 60, first_delay=120,
                      failure="automatic backup failed; retrying later").start()
    checks.wake()   # do the work now instead of at the next turn
    checks.stop()   # end the thread (waits for work in progress)

The work runs after first_delay seconds (0: at once), then every ``every`` seconds, and at once
when woken. An unexpected exception in the work is logged under ``failure`` and the loop goes
on: a locked database or a bug must not end a thread the user never sees. The work ends the
loop for good by raising StopRunning (e.g. a backup that can never be taken here).
"""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class StopRunning(Exception):
    """Raised by the work to end its loop for good; the thread then ends quietly."""


class Periodic:
    """A daemon thread that runs work every ``every`` seconds until stopped."""

    def __init__(self, name: str, work: Callable[[], object], every: float, *,
                 first_delay: float = 0.0, failure: str = "background work failed") -> None:
        self.name = name
        self.work = work
        self.every = every
        self.first_delay = first_delay
        self.failure = failure
        self._stopped = threading.Event()
        self._woken = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> "Periodic":
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread; wait up to timeout seconds for work in progress."""
        self._stopped.set()
        self._woken.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wake(self) -> None:
        """Do the work now instead of at the next turn."""
        self._woken.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        delay = self.first_delay
        while True:
            self._woken.wait(delay)
            self._woken.clear()
            if self._stopped.is_set():  # stop() sets it before waking the wait
                return
            try:
                self.work()
            except StopRunning:
                log.info("%s: the work is done for good; the thread ends", self.name)
                return
            except Exception:  # noqa: BLE001 - logged, and the next turn tries again
                log.exception(self.failure)
            delay = self.every
