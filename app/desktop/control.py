"""A tiny token-protected endpoint a second start uses to reach the running instance."""

import hmac
from collections.abc import Callable, Iterable

PREFIX = "/__retorno/"
TOKEN_HEADER = "X-Retorno-Token"

Action = Callable[[], bool]


class ControlEndpoint:
    """WSGI middleware: POST /__retorno/<action> runs an action; everything else goes to the app.

    It sits in front of Flask so the request needs no CSRF token, session or database.
    """

    def __init__(self, app: Callable, token: str, actions: dict[str, Action]) -> None:
        self.app = app
        self.token = token
        self.actions = actions

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.app(environ, start_response)
        given = environ.get("HTTP_" + TOKEN_HEADER.upper().replace("-", "_"), "")
        if environ.get("REQUEST_METHOD") != "POST" or not hmac.compare_digest(given, self.token):
            return _reply(start_response, "403 Forbidden", "forbidden")
        action = self.actions.get(path[len(PREFIX):])
        if action is None:
            return _reply(start_response, "404 Not Found", "unknown action")
        if action():
            return _reply(start_response, "200 OK", "done")
        return _reply(start_response, "409 Conflict", "not possible now")


def _reply(start_response: Callable, status: str, text: str) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]
