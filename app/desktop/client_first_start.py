"""The first start's question, "Este computador usa o servidor do escritório?", asked by the
one-PC app's own server before its first page: "Só este computador" goes on as today (one
click), "Usar o servidor do escritório" starts the office client in this process and sends the
window there. The answer is saved (server_choice) and not asked again."""

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from .client import OfficeClient
from .client_pages import client_pages
from .client_proxy import PAGES_PREFIX
from .control import PREFIX as CONTROL_PREFIX
from .control import Action
from .server_choice import LOCAL, OFFICE, Choice, ServerAddress, has_local_data, load_choice
from .server_choice import save_choice as save
from .window import DesktopWindow

log = logging.getLogger(__name__)

START_PATH = PAGES_PREFIX + "start"


def first_start(data_dir: Path, database_url: str | None, window: bool) -> bool:
    """Ask only a person at a window, on a PC with no data of its own and no choice saved."""
    return (window and not database_url and load_choice(data_dir) is None
            and not has_local_data(data_dir))


class FirstStartGate:
    """WSGI middleware in front of the one-PC app until the first start's question is answered."""

    def __init__(self, app: Callable, data_dir: Path, window: DesktopWindow | None,
                 actions: dict[str, Action]) -> None:
        self.app = app
        self.actions = actions
        self.data_dir = data_dir
        self.window = window
        self.pages = client_pages(choose=self._choose)
        self.answered = False
        self.office: OfficeClient | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(PAGES_PREFIX) and not self.answered:
            return self.pages(environ, start_response)
        if self.answered or path.startswith(CONTROL_PREFIX):  # the window's own requests
            return self.app(environ, start_response)
        target = self.office.url if self.office else START_PATH
        start_response("303 See Other", [("Location", target), ("Cache-Control", "no-store"),
                                         ("Content-Length", "0")])
        return [b""]

    def _choose(self, server: ServerAddress | None) -> str:
        """Save the answer; where the window goes on to."""
        if server is None:
            save(self.data_dir, Choice(LOCAL))
            self.answered = True
            return "/"
        if self.office is None:
            self.office = OfficeClient(self.data_dir, server, self.window, self.actions)
            self.office.start()
        save(self.data_dir, Choice(OFFICE, server))
        return self.office.url

    def stop(self) -> None:
        if self.office is not None:
            self.office.stop()
