"""The client's own pages, served on this PC (never by the office server): the first-start
choice, the certificate to compare, the certificate refused, the server away, a form not sent,
and the connection status the pages' banner polls (static/office_client/client.js)."""

import hmac
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import Flask, abort, jsonify, redirect, render_template, request
from flask_babel import Babel
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup

from ..config import Config
from ..form_errors import blame
from ..rules import RuleError
from .client_forms import ForgetForm, PinForm, ServerChoiceForm
from .client_proxy import PAGES_PREFIX
from .client_state import CHANGED, CONNECTED, NOT_PINNED, ClientState
from .client_upstream import SAFE_METHODS, ServerUnreachable
from .server_choice import LOCAL, OFFICE, Choice, ServerAddress, parse_server_address, save_choice

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RETRY_SECONDS = 5
STATUS_MAX_AGE = 2.0  # several pages polling at once cost the server one handshake
PROBLEMS = {"changed": 502, "unreachable": 503, "interrupted": 502}

# First start: the user chose this PC alone (None) or the office server; the URL to go on to.
Choose = Callable[[ServerAddress | None], str]


def client_pages(state: ClientState | None = None, choose: Choose | None = None) -> Flask:
    """The pages' WSGI app: for a running client (state), or for the first-start choice."""
    pages = Flask("app", root_path=str(PACKAGE_DIR), static_folder="static",
                  static_url_path=PAGES_PREFIX + "static", template_folder="templates")
    pages.config.update(SECRET_KEY=secrets.token_urlsafe(32), SESSION_COOKIE_NAME="retorno_client",
                        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                        BABEL_DEFAULT_LOCALE=Config.BABEL_DEFAULT_LOCALE,
                        WTF_CSRF_TIME_LIMIT=None)
    Babel(pages, locale_selector=_page_language)
    CSRFProtect(pages)
    pages.after_request(_no_store)
    if state is not None:
        _client_routes(pages, state)
    if choose is not None:
        _choice_routes(pages, choose)
    return pages


def _page_language() -> str:
    """The language of the server's page that asks (the banner sends its lang), else the
    default: this PC has no user of its own to ask."""
    asked = request.args.get("lang", "").replace("-", "_")
    return asked if asked in Config.LANGUAGES else Config.BABEL_DEFAULT_LOCALE


def _no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                                "form-action 'self'")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _client_routes(pages: Flask, state: ClientState) -> None:
    server = state.server.origin

    @pages.route(PAGES_PREFIX + "pin", methods=["GET", "POST"])
    def pin():
        """Show the server's certificate fingerprint to compare; Confere pins it."""
        if state.upstream() is not None and request.method == "GET":
            return redirect("/")
        form = PinForm()
        try:
            presented = state.fetch_fingerprint()
        except ServerUnreachable:
            return _page("desktop_client/unreachable.html",
                         200 if request.method == "GET" else 503, server=server, at_start=True,
                         retry=True)
        if form.validate_on_submit() and form.differs.data:
            return _page("desktop_client/pin_refused.html", 200, server=server)
        if form.validate_on_submit() and form.matches.data:
            if hmac.compare_digest(form.fingerprint.data or "", presented):
                state.pin(presented)
                return redirect("/", 303)
            form.fingerprint.errors = [_("The server presented another certificate while you "
                                         "were comparing. Compare this one again.")]
        form.fingerprint.data = presented
        return _page("desktop_client/pin.html", 200, form=form, server=server,
                     fingerprint=presented)

    @pages.route(PAGES_PREFIX + "forget", methods=["POST"])
    def forget():
        """Forget the pinned certificate: the next page asks to compare the new one."""
        if ForgetForm().validate_on_submit():
            state.forget_pin()
        return redirect(PAGES_PREFIX + "pin", 303)

    @pages.route(PAGES_PREFIX + "problem/<kind>")
    def problem(kind: str):
        """The server could not be reached, or refused: what happened and what to do."""
        if kind not in PROBLEMS or "retorno.method" not in request.environ:
            abort(404)
        method = request.environ["retorno.method"]
        message = _problem_message(kind, method, server)
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"error": message}), PROBLEMS[kind]
        # A page the window reads: 200 for a read, so that a second start sees this client
        # answering and brings its window forward (launcher.join_running_instance).
        status = 200 if method in SAFE_METHODS else PROBLEMS[kind]
        if kind == "changed":
            return _page("desktop_client/changed.html", status, server=server,
                         pinned=state.pins.load(server) or "", presented=state.presented,
                         form=ForgetForm())
        # The same words as the JSON answer, the address in bold (client.css). The text is
        # the catalogue's own; format() escapes the address.
        shown = Markup(_problem_message(kind, method,
                                        Markup('<span class="address">{}</span>').format(server)))
        heading = _("The connection broke while sending") if kind == "interrupted" else None
        return _page("desktop_client/unreachable.html", status, server=server, heading=heading,
                     message=shown, retry=method in SAFE_METHODS)

    @pages.route(PAGES_PREFIX + "change", methods=["GET", "POST"])
    def change():
        """Another office server (moved, a wrong address), or this PC's own data: saved now,
        used from the next start (the running connection stays as it is until then)."""
        def save_for_next_start(address: ServerAddress | None):
            save_choice(state.data_dir, Choice(OFFICE, address) if address else Choice(LOCAL))
            return _page("desktop_client/restart.html", 200,
                         chosen=address.origin if address else None)
        return _choice_page(save_for_next_start, current=server)

    @pages.route(PAGES_PREFIX + "server")
    def status():
        """The connection as the banner shows it (JSON, polled by office_client/client.js)."""
        current = state.check(max_age=STATUS_MAX_AGE)
        # The client's own forms (the certificate to compare) go on while nothing is pinned.
        return jsonify({"connected": current == CONNECTED, "status": current,
                        "hold": current not in (CONNECTED, NOT_PINNED),
                        "message": _status_message(current, server),
                        "held": _("Not sent: there is no connection to the server. What you "
                                  "typed is still here; send it again when the connection "
                                  "returns.")})


def _choice_routes(pages: Flask, choose: Choose) -> None:
    @pages.route(PAGES_PREFIX + "start", methods=["GET", "POST"])
    def start():
        """First start: this computer alone, or the office server."""
        def go_on(address: ServerAddress | None):
            if address is None:
                return redirect(choose(None), 303)
            # Another origin (the client's proxy): a redirect after the form would break the
            # page's CSP (form-action 'self'); this page opens it instead.
            return _page("desktop_client/opening.html", 200, go_to=choose(address))
        return _choice_page(go_on)


def _choice_page(on_choice: Callable[[ServerAddress | None], object], **context):
    """The server-choice form (start.html): a valid choice goes to on_choice (None: this PC
    alone, else the address typed); a bad address comes back beside the field, kept."""
    form = ServerChoiceForm()
    if form.validate_on_submit():
        try:
            address = None if form.local.data else parse_server_address(form.server.data)
        except RuleError as error:
            blame(form, error)
        else:
            return on_choice(address)
    return _page("desktop_client/start.html", 422 if form.errors else 200, form=form, **context)


def _page(template: str, status: int, **context):
    return render_template(template, retry_seconds=RETRY_SECONDS, **context), status


def _problem_message(kind: str, method: str, server: str) -> str:
    if kind == "changed":
        return _("The certificate of the office server %(server)s changed: nothing was sent to "
                 "it.", server=server)
    if kind == "interrupted":
        return _("The connection to the server %(server)s broke while the form was being "
                 "sent. The server saves a form entirely or not at all: when the connection "
                 "returns, open the record to see whether it was saved before sending it again. "
                 "What you typed is still in the form: go back to it.", server=server)
    if method in SAFE_METHODS:
        return _("No connection to the office server %(server)s. Trying again; this page "
                 "opens by itself when the server answers.", server=server)
    return _("Nothing was saved: the server %(server)s did not answer, so nothing was sent. "
             "What you typed is still in the form: go back to it and send it again when the "
             "connection returns.", server=server)


def _status_message(current: str, server: str) -> str:
    if current in (CONNECTED, NOT_PINNED):
        return ""
    if current == CHANGED:
        return _problem_message("changed", "GET", server)
    return _("No connection to the office server %(server)s — trying again. What you type "
             "is kept; send it when the connection returns.", server=server)
