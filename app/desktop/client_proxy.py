"""The loopback proxy the client's window talks to: every request goes on to the office server
over HTTPS with the pinned certificate, as if the window were on the server itself.

On the way there: Host is the server's, Origin and Referer name the server's origin (its CSRF
and cross-site checks then pass as for a browser on it). On the way back: redirects point at the
loopback origin again, cookies lose `Secure` and HSTS is dropped (this hop is plain HTTP inside
the PC), and the HTML pages get the client's script (the banner when the server is away).
A write that fails is never sent again: the page says whether anything may have been saved.
"""

import http.client
import logging
import re
from collections.abc import Callable, Iterable, Iterator

from ..hosts import is_allowed_request
from .client_state import CHANGED, CONNECTED, UNREACHABLE, ClientState
from .client_upstream import SAFE_METHODS, ConnectionLost, ServerUnreachable, Upstream
from .control import PREFIX as CONTROL_PREFIX
from .pinning import CertificateChanged

log = logging.getLogger(__name__)

PAGES_PREFIX = "/__retorno/client/"
SESSION_PATHS = ("/login", "/logout")  # a sign-in or sign-out here wakes the notifier
CHUNK = 64 * 1024
MAX_BODY_REWRITE = 4 * 1024 * 1024  # pages, not exports, get the client's script
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
                        "proxy-authorization", "te", "trailer", "trailers",
                        "transfer-encoding", "upgrade"})
NOT_FORWARDED = HOP_BY_HOP | {"host", "accept-encoding"}
NOT_RETURNED = HOP_BY_HOP | {"strict-transport-security"}
SECURE_ATTRIBUTE = re.compile(r";\s*secure\s*(?=;|$)", re.IGNORECASE)
HEAD_END = re.compile(rb"</head>", re.IGNORECASE)
ASSETS = PAGES_PREFIX + "static/office_client/"  # app/static/office_client/, served on this PC
CLIENT_ASSETS = (f'<link rel="stylesheet" href="{ASSETS}client.css">'
                 f'<script src="{ASSETS}client.js" defer></script>').encode()

StartResponse = Callable[..., object]


class ClientProxy:
    """WSGI app: the client's own pages and the window's control requests on this PC, the office
    server for everything else."""

    def __init__(self, state: ClientState, pages: Callable, control: Callable) -> None:
        self.state = state
        self.pages = pages
        self.control = control  # the window's own requests (control.py): links, unsaved

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(PAGES_PREFIX):
            return self.pages(environ, start_response)
        if path.startswith(CONTROL_PREFIX):
            return self.control(environ, start_response)
        # Only this PC's own pages may use the proxy (the same rule as the local server's).
        if not is_allowed_request(environ.get("HTTP_HOST", ""), environ.get("REQUEST_URI", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"unknown host\n"]
        upstream = self.state.upstream()
        if upstream is None:  # the certificate was never compared: that page first
            start_response("303 See Other", [("Location", PAGES_PREFIX + "pin"),
                                             ("Content-Length", "0"),
                                             ("Cache-Control", "no-store")])
            return [b""]
        return self._forward(upstream, environ, start_response)

    def _forward(self, upstream: Upstream, environ: dict,
                 start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        local_origin = f"http://{environ['HTTP_HOST']}"
        self.state.cookies.saw_request(environ.get("HTTP_COOKIE", ""))
        headers = request_headers(environ, local_origin, self.state.server.origin,
                                  self.state.server.netloc)
        try:
            response = upstream.send(method, request_target(environ), headers, request_body(
                environ))
        except CertificateChanged as refused:
            self.state.saw(CHANGED, refused.presented)
            log.warning("refused the office server: %s", refused)
            return self._own_page("changed", environ, start_response)
        except ServerUnreachable:
            self.state.saw(UNREACHABLE)
            return self._own_page("unreachable", environ, start_response)
        except ConnectionLost:
            self.state.saw(UNREACHABLE)
            # A read was tried again already; a write may have been applied: never resent.
            kind = "unreachable" if method in SAFE_METHODS else "interrupted"
            return self._own_page(kind, environ, start_response)
        self.state.saw(CONNECTED)
        return self._answer(upstream, response, environ, start_response, local_origin)

    def _answer(self, upstream: Upstream, response: http.client.HTTPResponse, environ: dict,
                start_response: StartResponse, local_origin: str) -> Iterable[bytes]:
        origin = self.state.server.origin
        headers = [(name, value) for name, value in response.getheaders()
                   if name.lower() not in NOT_RETURNED]
        cookies = [value for name, value in headers if name.lower() == "set-cookie"]
        if (self.state.cookies.saw_answer(cookies) and environ["REQUEST_METHOD"] == "POST"
                and environ.get("PATH_INFO") in SESSION_PATHS and 300 <= response.status < 400):
            self.state.on_session_change()  # signed in or out: the notifier asks at once
        headers = [(name, back_to_loopback(name, value, origin, local_origin))
                   for name, value in headers]
        status = f"{response.status} {response.reason}"
        if wants_client_script(response, environ["REQUEST_METHOD"]):
            try:
                body = with_client_script(response.read())
            except (OSError, http.client.HTTPException):  # the server went away mid-page
                upstream.finish(response, complete=False)
                self.state.saw(UNREACHABLE)
                safe = environ["REQUEST_METHOD"] in SAFE_METHODS
                return self._own_page("unreachable" if safe else "interrupted", environ,
                                      start_response)
            upstream.finish(response, complete=True)
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            start_response(status, [*headers, ("Content-Length", str(len(body)))])
            return [body]
        start_response(status, headers)
        return stream(upstream, response)

    def _own_page(self, kind: str, environ: dict, start_response: StartResponse
                  ) -> Iterable[bytes]:
        """One of the client's pages in answer to this request (its method kept for the text)."""
        page = dict(environ, PATH_INFO=f"{PAGES_PREFIX}problem/{kind}",
                    REQUEST_METHOD="GET", QUERY_STRING="", CONTENT_LENGTH="0")
        page["retorno.method"] = environ["REQUEST_METHOD"]
        return self.pages(page, start_response)


def request_target(environ: dict) -> str:
    """The path and query as the window sent them."""
    uri = environ.get("REQUEST_URI", "")
    if uri.startswith("/"):
        return uri
    query = environ.get("QUERY_STRING", "")
    return environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")


def request_headers(environ: dict, local_origin: str, server_origin: str,
                    server_netloc: str) -> list[tuple[str, str]]:
    """The window's headers as the server must see them."""
    headers = [("Host", server_netloc)]
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            name = key.replace("_", "-").title()
        else:
            continue
        lowered = name.lower()
        if lowered in NOT_FORWARDED:
            continue
        if lowered in ("origin", "referer") and value.startswith(local_origin):
            value = server_origin + value[len(local_origin):]
        headers.append((name, value))
    return headers


def request_body(environ: dict) -> Iterator[bytes] | None:
    """The window's request body, read as it is sent on (an import may be large)."""
    try:
        remaining = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        remaining = 0
    if remaining <= 0:
        return None
    source = environ["wsgi.input"]

    def chunks() -> Iterator[bytes]:
        nonlocal remaining
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk

    return chunks()


def back_to_loopback(name: str, value: str, server_origin: str, local_origin: str) -> str:
    """A response header as the window must see it."""
    lowered = name.lower()
    if lowered == "location" and value.startswith(server_origin):
        return local_origin + value[len(server_origin):]
    if lowered == "set-cookie":
        return SECURE_ATTRIBUTE.sub("", value)  # plain HTTP on this hop: else never sent back
    return value


def wants_client_script(response: http.client.HTTPResponse, method: str) -> bool:
    content_type = (response.getheader("Content-Type") or "").lower()
    length = response.getheader("Content-Length")
    return (method != "HEAD" and content_type.startswith("text/html")
            and not response.getheader("Content-Encoding")
            and (length is None or int(length) <= MAX_BODY_REWRITE))


def with_client_script(page: bytes) -> bytes:
    """The page with the client's script and style (the connection banner) in its head."""
    return HEAD_END.sub(lambda match: CLIENT_ASSETS + match.group(0), page, count=1)


def stream(upstream: Upstream, response: http.client.HTTPResponse) -> Iterator[bytes]:
    """The server's answer, passed on as it comes (an export is never held in memory)."""
    complete = False
    try:
        while chunk := response.read1(CHUNK):
            yield chunk
        complete = True
    except (OSError, http.client.HTTPException) as error:
        log.warning("the server's answer broke off: %s", error)
    finally:
        upstream.finish(response, complete)
