"""The tray's menu: its words, what its items do, and what every platform's tray offers."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

TODAY_PATH = "/followups/?period=today"  # the list of returns due today


@dataclass(frozen=True)
class TrayMenu:
    """The tray's words, in the company's language."""

    open: str
    today: str
    quit: str
    still_running: str  # the one-line notice the first time the window hides


@dataclass(frozen=True)
class TrayActions:
    """What the tray's items do (each runs in its own thread: they drive the window)."""

    open: Callable[[], object]
    today: Callable[[], object]
    quit: Callable[[], object]


class Tray(Protocol):
    def start(self) -> bool:
        """Show the icon (from the GUI thread); False, logged, when no tray can show here."""

    def tell_still_running(self) -> None:
        """Say once that Retorno goes on running in the tray."""

    def stop(self) -> None:
        """Remove the icon."""


def tray_menu(_: Callable[[str], str]) -> TrayMenu:
    """The tray's words, translated by `_` (splash.words: the company's language, as the pages
    are before anyone signs in; the tray shows before the app exists)."""
    return TrayMenu(
        open=_("Open window"), today=_("Today's returns"), quit=_("Quit"),
        still_running=_("Retorno keeps running in the tray, and so does the alarm."))


def in_thread(action: Callable[[], object]) -> Callable[..., None]:
    """Run action in a thread of its own: a menu's callback must not block the GUI thread."""
    return lambda *_args: threading.Thread(target=action, name="retorno-tray", daemon=True).start()
