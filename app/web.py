"""Request-wide rules: host and origin checks, read-only GETs, security headers, errors."""

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, NotFound, ServiceUnavailable

from .extensions import db, login_manager
from .hosts import is_allowed_request
from .sqlite_tuning import mark_read_only, reset_read_only

log = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def origin_matches_host(origin: str, host_header: str) -> bool:
    """True when the Origin header names the same host and port the request was sent to."""
    parts = urlsplit(origin)
    return bool(parts.netloc) and parts.netloc.lower() == host_header.strip().lower()


def install_request_hooks(app: Flask) -> None:
    # Registered before Flask-WTF's CSRF check would run inside the view's before_request.
    app.before_request_funcs.setdefault(None, []).insert(0, _guard_request)
    app.after_request(_security_headers)
    app.teardown_request(_end_read_only)
    # Teardowns run last-registered first: this one runs before Flask-SQLAlchemy's own.
    app.teardown_appcontext(_close_session_even_when_connection_lost)


def _guard_request():
    """Refuse foreign hosts and cross-site writes; mark GET transactions read-only."""
    app = _current_app()
    target = request.environ.get("REQUEST_URI", "")  # the request line's, as it was sent
    if not is_allowed_request(request.host, target, app.config["ALLOWED_HOSTS"]):
        log.warning("refused request for foreign host %r", request.host)
        return _plain_error(400, _("This address is not served here (unknown host name)."))
    damaged = app.extensions.get("retorno_damaged")
    if damaged:  # the full integrity check after start failed: serve nothing from this file
        return _plain_error(503, damaged)
    if request.method not in SAFE_METHODS:
        origin = request.headers.get("Origin")
        if origin and not origin_matches_host(origin, request.host):
            log.warning("refused cross-origin %s from %r", request.method, origin)
            return _plain_error(403, _("Request refused: it came from another site."))
    if db.engine.dialect.name == "sqlite":
        # GETs never write: their transactions begin deferred and run beside a writer.
        g.read_only_token = mark_read_only(request.method in SAFE_METHODS)
    return None


def _end_read_only(_exc):
    token = g.pop("read_only_token", None)
    if token is not None:
        reset_read_only(token)


def _close_session_even_when_connection_lost(_exc):
    """End the request's transaction; a connection PostgreSQL cut meanwhile is dropped instead.

    Its ROLLBACK would fail (a restart, an administrator's kill) and the error would leave Flask
    after the answer was made, so the user would get a bare 500 for a page that worked.
    """
    try:
        db.session.close()
    except (OperationalError, InterfaceError) as error:
        log.warning("database connection lost at the end of a request: %s",
                    " ".join(str(error).split())[:300])
        db.session().invalidate()  # nothing to roll back on a dead connection: just drop it


STRICT_TRANSPORT = "max-age=31536000"


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config.get("TLS"):  # `serve --tls`: browsers keep to HTTPS from now on
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT)
    if request.endpoint != "static":
        # Pages carry customer data: never keep them in a cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _current_app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined]


def _plain_error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain; charset=utf-8")


ERROR_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have permission to do this."),
    404: _l("This page or record does not exist, or you may not see it."),
    405: _l("This action is not allowed here."),
    409: _l("This record was changed by someone else meanwhile."),
    413: _l("What was sent is too large."),
    503: _l("The database did not answer (it may be restarting). What you sent was not saved: "
            "please try again in a moment."),
    500: _l("Something went wrong on our side. Nothing was saved; please try again."),
}


def render_error(error: HTTPException | Exception):
    """Render one error page for every 4xx/5xx status."""
    status = error.code if isinstance(error, HTTPException) and error.code else 500
    if status >= 500:
        _roll_back_unless_connection_lost()
    message = str(ERROR_MESSAGES.get(status, ERROR_MESSAGES[400]))
    if status == 413 and request.max_content_length:
        message = _("What was sent is too large: the limit is %(limit)s MB.",
                    limit=request.max_content_length // (1024 * 1024))
    if isinstance(error, CSRFError):
        message = _(
            "The form expired or did not come from this app (security token missing or "
            "invalid). Go back, reload the page and send it again."
        )
    wants_json = request.accept_mimetypes.best == "application/json"
    if wants_json:
        return {"error": message}, status
    return render_template("error.html", status=status, message=message), status


# SQLSTATE numeric_value_out_of_range: PostgreSQL's answer to an id beyond its integer column.
NUMBER_OUT_OF_RANGE = "22003"


def _number_out_of_range(error: DataError):
    """PostgreSQL refuses such a number in the query (SQLite's driver raises OverflowError)."""
    if getattr(error.orig, "sqlstate", None) != NUMBER_OUT_OF_RANGE:
        raise error
    db.session.rollback()
    return render_error(NotFound())


def _roll_back_unless_connection_lost() -> None:
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        pass  # the connection is gone: so is its transaction


def _database_unavailable(error: Exception):
    """The database went away mid-request (a PostgreSQL restart): 503, and the user retries.

    Its transaction was never committed, so nothing of this request is saved; the pool's
    pre-ping replaces the dead connections on the next requests.
    """
    log.warning("database unavailable: %s", " ".join(str(error).split())[:300])
    # The page must not ask the database who is signed in (it is not answering).
    g._login_user = login_manager.anonymous_user()
    page, status = render_error(ServiceUnavailable())
    return page, status, {"Retry-After": "5"}


def install_error_handlers(app: Flask) -> None:
    for status in ERROR_MESSAGES:
        app.register_error_handler(status, render_error)
    # An id or number beyond 64 bits (typed in a URL or a search) can name no record.
    app.register_error_handler(OverflowError, lambda _error: render_error(NotFound()))
    app.register_error_handler(DataError, _number_out_of_range)
    app.register_error_handler(CSRFError, render_error)
    for database_gone in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(database_gone, _database_unavailable)

