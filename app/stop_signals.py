"""Ctrl+C and SIGTERM routed to a clean stop: no Flask here, so the desktop window can install
them before the app is imported."""

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGBREAK")

_stop = threading.Event()


def wait_for_stop_signal() -> None:
    """Block until Ctrl+C or SIGTERM (a service manager's stop)."""
    with stop_signals_caught() as wait:
        wait()


@contextmanager
def stop_signals_caught() -> Iterator[Callable[[], None]]:
    """Catch Ctrl+C and SIGTERM from here on, so one that comes before the wait (just after the
    server said it is up) still stops it cleanly; yields the wait."""
    _stop.clear()
    previous = install_stop_handlers(_stop.set)
    try:
        yield _wait_for_stop
    finally:
        restore_signal_handlers(previous)


def _wait_for_stop() -> None:
    try:
        while not _stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass


def request_stop() -> None:
    """End wait_for_stop_signal as a signal would (a thread of ours asks)."""
    _stop.set()


def install_stop_handlers(stop: Callable[[], object]) -> dict:
    """Route SIGINT/SIGTERM to `stop` so a service manager or Ctrl+C ends us cleanly."""
    previous: dict = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, lambda *_: stop())
    return previous


def restore_signal_handlers(previous: dict) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)
