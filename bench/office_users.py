"""The office bench's simulated users: each its own account, session and keep-alive connection.

A user's round, with no think time: the Follow Up list, one of their entries opened, that
entry saved through its own form (the CSRF token and every field as the page has them, the
notes changed), and the due-count the page polls (`/alerts/due`). Every request is timed;
anything but the expected answer, and any timeout, is an error.
"""

import http.client
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .http_client import Client

TIMEOUT_S = 10.0
FORM_ID = "entry-form"


def sign_in(client: Client, login: str, password: str) -> None:
    """Sign in through the sign-in page's own form, as a browser would."""
    _, _, page, _ = client.exchange("GET", "/login")
    form = FormReader.read(page)  # the sign-in form posts to its own page
    status, _, _, _ = client.exchange("POST", "/login",
                                      {**form, "login": login, "password": password})
    if status != 302:
        raise RuntimeError(f"{login}: sign-in answered {status}")


class FormReader(HTMLParser):
    """What a browser would submit from one form: its inputs, selected options and textareas
    (submit buttons and unchecked boxes left out)."""

    def __init__(self, form_id: str = "", action: str = ""):
        super().__init__(convert_charrefs=True)
        self.wanted = {"id": form_id} if form_id else {"action": action}
        self.inside = False
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    @classmethod
    def read(cls, page: str, form_id: str = "", action: str = "") -> dict[str, str]:
        reader = cls(form_id, action)
        reader.feed(page)
        reader.close()
        return reader.values

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            key, value = next(iter(self.wanted.items()))
            self.inside = attributes.get(key) == value or (key == "action" and value == ""
                                                            and "action" not in attributes)
            return
        if not self.inside or "name" not in attributes:
            if tag == "option" and self._select is not None:
                self._option(attributes)
            return
        name = attributes["name"]
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.values[name] = attributes.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def _option(self, attributes: dict) -> None:
        value = attributes.get("value", "")
        if "selected" in attributes or self._select not in self.values:
            self.values[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:  # a browser drops the newline after <textarea>
                text = self.values[self._textarea]
                self.values[self._textarea] = text[2:] if text.startswith("\r\n") else (
                    text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.values[self._textarea] += data


@dataclass
class Tally:
    """Every user's timings and errors, and what each save left in an entry's notes."""
    times: dict[str, list[float]] = field(default_factory=lambda: {
        "list": [], "open_entry": [], "save_entry": [], "due_count": []})
    errors: list[str] = field(default_factory=list)
    saved_notes: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, elapsed: float) -> None:
        with self.lock:
            self.times[kind].append(elapsed)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class SimulatedUser:
    """One seller working through their own open returns in a loop."""

    def __init__(self, port: int, login: str, password: str, entry_ids: list[int]):
        self.browser = Client(port, timeout=TIMEOUT_S)
        self.login, self.password = login, password
        self.entry_ids = entry_ids
        self.rounds = 0
        self.original_notes: dict[int, str] = {}

    def sign_in(self) -> None:
        sign_in(self.browser, self.login, self.password)

    def run(self, start: threading.Barrier, deadline_box: list[float], tally: Tally) -> None:
        start.wait()
        while time.monotonic() < deadline_box[0]:
            try:
                self.one_round(tally)
            except (http.client.HTTPException, OSError) as failure:  # timeouts too
                tally.error(f"{self.login}: {type(failure).__name__}: {failure}")
                self.browser.connection.close()  # a fresh connection, as a browser would open

    def one_round(self, tally: Tally | None) -> None:
        """List, open, save, due-count; timed into tally (None: a warm-up round)."""
        entry_id = self.entry_ids[self.rounds % len(self.entry_ids)]
        self.rounds += 1
        self._expect(tally, "list", "GET", "/followups/", 200)
        page = self._expect(tally, "open_entry", "GET", f"/entries/{entry_id}", 200)
        if page is None:
            return
        form = FormReader.read(page, form_id=FORM_ID)
        original = self.original_notes.setdefault(entry_id, form.get("notes", ""))
        form["notes"] = f"{original} [escritório {self.login} #{self.rounds}]"
        saved = self._expect(tally, "save_entry", "POST", f"/entries/{entry_id}", 302, form,
                             location="/followups/")
        if saved is not None and tally is not None:
            with tally.lock:
                tally.saved_notes[entry_id] = form["notes"]
        self._expect(tally, "due_count", "GET", "/alerts/due", 200)

    def _expect(self, tally: Tally | None, kind: str, method: str, path: str, status: int,
                form: dict | None = None, location: str = "") -> str | None:
        """Send; record the time; the body when the answer is the expected one, else None."""
        got, where, body, elapsed = self.browser.exchange(method, path, form)
        if tally is not None:
            tally.add(kind, elapsed)
        if got != status or (location and not where.endswith(location)):
            problem = f"{self.login}: {method} {path} answered {got} {where}".strip()
            if tally is None:
                raise RuntimeError(f"warm-up: {problem}")
            tally.error(problem)
            return None
        return body
