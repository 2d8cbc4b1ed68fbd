"""A tiny token-protected endpoint: a second start and the window's pages reach the instance."""

import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..hosts import is_allowed_request

PREFIX = "/__retorno/"
TOKEN_HEADER = "X-Retorno-Token"
MAX_BODY = 4096


@dataclass(frozen=True)
class Action:
    """What POST /__retorno/<name> does, and the token it needs."""

    token: str
    run: Callable[[str], bool]  # gets the request body as text; True when done


class ControlEndpoint:
    """WSGI middleware: POST /__retorno/<name> runs an action; everything else goes to the app.

    It sits in front of Flask so these requests need no CSRF token, session or database, and
    so it applies the Host rule itself.
    """

    def __init__(self, app: Callable, actions: dict[str, Action]) -> None:
        self.app = app
        self.actions = actions

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.app(environ, start_response)
        # The app's Host rule, loopback names only: the server listens on 127.0.0.1 alone.
        if not is_allowed_request(environ.get("HTTP_HOST", ""), environ.get("REQUEST_URI", "")):
            return _reply(start_response, "400 Bad Request", "unknown host")
        action = self.actions.get(path[len(PREFIX):])
        given = environ.get("HTTP_" + TOKEN_HEADER.upper().replace("-", "_"), "")
        if (environ.get("REQUEST_METHOD") != "POST" or action is None
                or not hmac.compare_digest(given.encode(), action.token.encode())):
            return _reply(start_response, "403 Forbidden", "forbidden")
        if action.run(_read_body(environ)):
            return _reply(start_response, "200 OK", "done")
        return _reply(start_response, "409 Conflict", "not possible now")


def _read_body(environ: dict) -> str:
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""


def _reply(start_response: Callable, status: str, text: str) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]
