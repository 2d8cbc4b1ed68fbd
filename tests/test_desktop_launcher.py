"""The launcher without a window: port, readiness, single instance, data folder, fallback."""

import http.client
import io
import json
import logging
import socket
import stat
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.desktop import launcher, local_app, starter
from app.desktop.control import Action, ControlEndpoint
from app.desktop.links import is_external_url, open_external
from app.desktop.server import LocalServer, bind_server, wait_until_ready
from app.desktop.single_instance import InstanceLock, read_instance_info
from app.desktop.web_view_choice import gui_unavailable_reason
from app.desktop.window import DesktopWindow, window_size, window_title
from app.shutdown import request_stop

from .waiting import wait_until


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def _accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_requested_free_port_is_used():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = bind_server(hello, port)
    try:
        assert int(server.effective_port) == port
    finally:
        server.close()


def test_busy_port_falls_back_to_a_free_one(busy_port):
    server = bind_server(hello, busy_port)
    try:
        assert int(server.effective_port) not in (busy_port, 0)
    finally:
        server.close()


def test_readiness_wait_and_graceful_stop():
    in_progress, may_finish = threading.Event(), threading.Event()

    def slow_save(environ, start_response):
        if environ["PATH_INFO"] == "/save":
            in_progress.set()
            may_finish.wait(10)  # a save still being written while the app shuts down
        return hello(environ, start_response)

    server = LocalServer(slow_save)
    server.start()
    assert wait_until_ready(server.url, timeout=5)
    answers = []
    slow = threading.Thread(target=lambda: answers.append(
        urllib.request.urlopen(server.url + "save", timeout=10).read()))
    slow.start()
    assert in_progress.wait(10), "the request never reached the app"
    stopping = threading.Thread(target=server.stop)
    stopping.start()
    wait_until(lambda: not _accepts_connections(server.port), 10, "the server to stop listening")
    may_finish.set()
    stopping.join(15)
    slow.join(15)
    assert answers == [b"hello"], "a request in progress was cut by the shutdown"
    assert not stopping.is_alive()
    assert not wait_until_ready(server.url, timeout=0.3)


def test_readiness_wait_gives_up_on_a_silent_port(busy_port):
    started = time.monotonic()
    assert not wait_until_ready(f"http://127.0.0.1:{busy_port}/", timeout=0.5)
    assert time.monotonic() - started < 5


def test_one_lock_per_data_folder(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    info = first.publish(4321)
    assert read_instance_info(tmp_path) == info
    assert stat.S_IMODE((tmp_path / "instance.json").stat().st_mode) == 0o600
    first.release()
    assert read_instance_info(tmp_path) is None
    assert second.acquire()
    second.release()


def test_other_data_folders_are_independent(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, other = InstanceLock(tmp_path / "a"), InstanceLock(tmp_path / "b")
    assert one.acquire() and other.acquire()
    one.release()
    other.release()


@pytest.mark.parametrize("content", ["", "{", "[]", '{"pid": 1}',
                                     '{"pid": 1, "port": "x", "token": 2}'])
def test_unreadable_instance_file_is_ignored(tmp_path, content):
    (tmp_path / "instance.json").write_text(content)
    assert read_instance_info(tmp_path) is None


def _call(endpoint, method="POST", path="/__retorno/focus", token="secret", body=b""):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_X_RETORNO_TOKEN": token,
               "HTTP_HOST": "127.0.0.1:8765",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    seen = {}
    result = b"".join(endpoint(environ, lambda status, headers: seen.setdefault("s", status)))
    return seen["s"], result


def test_control_endpoint_needs_post_and_the_right_token():
    calls = []
    endpoint = ControlEndpoint(hello, {
        "focus": Action("secret", lambda body: calls.append(body) or True),
        "close": Action("secret", lambda body: False),
        "open": Action("page", lambda body: calls.append(body) or True)})
    assert _call(endpoint, token="wrong")[0].startswith("403")
    assert _call(endpoint, method="GET")[0].startswith("403")
    assert _call(endpoint, path="/__retorno/nope")[0].startswith("403")
    assert _call(endpoint, path="/__retorno/open", token="secret")[0].startswith("403")
    assert _call(endpoint)[0].startswith("200")
    assert _call(endpoint, path="/__retorno/close")[0].startswith("409")
    assert _call(endpoint, path="/__retorno/open", token="page", body=b"tel:123")[0] == "200 OK"
    assert calls == ["", "tel:123"]
    assert _call(endpoint, path="/login") == ("200 OK", b"hello")


@pytest.mark.parametrize("environ, platform, modules, expected", [
    ({}, "linux", {"webview", "PyQt6.QtWebEngineWidgets"},
     "no display (DISPLAY and WAYLAND_DISPLAY are not set)"),
    ({"DISPLAY": ":0"}, "linux", set(), "pywebview is not installed"),
    ({"DISPLAY": ":0"}, "linux", {"webview"},
     "no Qt WebEngine for pywebview (install pywebview[qt])"),
    ({"WAYLAND_DISPLAY": "w"}, "linux", {"webview", "PySide6.QtWebEngineWidgets"}, None),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", {"webview", "PyQt6.QtWebEngineWidgets"}, None),
    ({}, "win32", {"webview"}, None),
    ({}, "darwin", set(), "pywebview is not installed"),
])
def test_headless_detection(environ, platform, modules, expected):
    # WebView2 present (its absence: tests/test_desktop_platforms.py).
    reason = gui_unavailable_reason(environ, platform, lambda name: name in modules, lambda: True)
    assert reason == expected


def test_window_size_and_title():
    assert window_size(None) == (1280, 820)
    assert window_size((1366, 768)) == (1229, 691)
    assert window_size((800, 600)) == (900, 600)
    assert window_title("  Maria   Silva \n") == "Retorno — Maria Silva"
    assert window_title("") == window_title(None) == "Retorno"


@pytest.mark.parametrize("url, external", [
    ("tel:+5511999990000", True), ("https://wa.me/5511999990000", True),
    ("mailto:a@b.com.br", True), ("http://example.com/x", True),
    ("http://127.0.0.1:5000/followups/", False), ("file:///etc/passwd", False),
    ("javascript:alert(1)", False), ("ms-settings:privacy", False), ("tel:1\n2", False),
])
def test_only_external_links_leave_the_window(url, external):
    opened = []
    assert is_external_url(url) is external
    assert open_external(url, opener=lambda u: opened.append(u) or True) is external
    assert opened == ([url] if external else [])


@pytest.fixture(scope="module")
def link_opener():
    """The window's "open" control action on a real server; `opened` is what reached the system."""
    opened: list[str] = []
    action = Action("page", lambda body: open_external(body, opener=lambda u: opened.append(u)
                                                       or True))
    server = LocalServer(ControlEndpoint(hello, {"open": action}))
    server.start()
    assert wait_until_ready(server.url)
    yield server, opened
    server.stop()


def _open_through_the_window(server: LocalServer, url: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("POST", "/__retorno/open", body=url.encode(),
                           headers={"X-Retorno-Token": "page"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("url", [
    "http://127.1:{port}/", "http://0.0.0.0:{port}/", "http://[::ffff:127.0.0.1]:{port}/",
    "http://localhost.:{port}/", "http://LocalHost:{port}/", "http://app.localhost/",
    "http://127.0.0.2/", "http://2130706433:{port}/", "http://0x7f.0.0.1/", "http://0177.1/",
    "http://127.0.0.1./", "http://[::1]:{port}/", "http://[::]:{port}/",
    "http://[0:0:0:0:0:ffff:7f00:1]/", "http://%31%32%37.0.0.1:{port}/",
    "http://\uff11\uff12\uff17.0.0.1/", "https://user:pw@127.0.0.1:{port}/",
    "http://127.0.0.1\\@example.com/", "http://example.com\t@127.0.0.1/",
])
def test_every_spelling_of_this_machine_stays_inside(link_opener, url):
    server, opened = link_opener
    opened.clear()
    url = url.format(port=server.port)
    assert _open_through_the_window(server, url) == 409
    assert opened == []


@pytest.mark.parametrize("url", ["tel:+5511999990000", "https://wa.me/5511999990000",
                                 "mailto:a@b.com.br", "http://example.com:8080/x",
                                 "http://127.0.0.1.example.com/", "http://10.0.0.5/"])
def test_external_links_reach_the_system(link_opener, url):
    server, opened = link_opener
    opened.clear()
    assert _open_through_the_window(server, url) == 200
    assert opened == [url]


def test_data_folder_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("RETORNO_DATA_DIR", str(tmp_path / "from-env"))
    assert launcher.resolve_data_dir(None) == (tmp_path / "from-env").resolve()
    assert launcher.resolve_data_dir(tmp_path / "given") == (tmp_path / "given").resolve()
    assert (tmp_path / "given").is_dir()
    monkeypatch.delenv("RETORNO_DATA_DIR")
    default = launcher.resolve_data_dir.__globals__["default_data_dir"]()
    assert "Retorno" in str(default) and Path(sys.prefix) not in default.parents
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    with pytest.raises(SystemExit, match="temporary folder"):
        launcher.resolve_data_dir(tmp_path / "bundle" / "data")


def test_a_notifier_that_fails_to_start_is_logged_not_fatal(caplog):
    caplog.set_level(logging.INFO)
    assert local_app.start_notifier_or_log(object()) is None  # not an app: start_notifier fails
    assert "the notifier failed to start" in caplog.text


class FakeNotifier:
    def __init__(self):
        self.stopped = False

    def stop(self):
        self.stopped = True


def test_headless_run_serves_refuses_a_second_server_and_stops_cleanly(tmp_path, monkeypatch,
                                                                       capsys):
    notifier = FakeNotifier()
    started = []
    monkeypatch.setattr(local_app, "start_notifier_or_log",
                        lambda app, notify=None: started.append(app) or notifier)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    data_dir = tmp_path / "data"
    codes = []
    run = threading.Thread(target=lambda: codes.append(launcher.run_desktop(
        launcher.DesktopOptions(data_dir=data_dir, window=False))))
    run.start()
    try:
        info = wait_until(lambda: read_instance_info(data_dir), what="the instance file")
        page = urllib.request.urlopen(info.url + "login", timeout=5)
        assert page.status == 200 and b"Retorno" in page.read()
        assert started and started[0].debug is False
        assert launcher.run_desktop(launcher.DesktopOptions(data_dir=data_dir, window=False)) == 0
        with pytest.raises(urllib.error.HTTPError):
            # The headless instance has no window: nothing to focus or close remotely.
            _post(info.url + "__retorno/close", info.token)
    finally:
        request_stop()
        run.join(30)
    out = capsys.readouterr().out
    assert "No window (started with --no-window)" in out
    assert f"Retorno is running at {info.url}" in out
    assert f"Retorno is already running at {info.url}" in out
    assert codes == [0] and notifier.stopped
    assert not (data_dir / "instance.json").exists()
    assert not (data_dir / "retorno.sqlite3-wal").exists()
    assert "stopped cleanly" in (data_dir / "logs" / "retorno.log").read_text()


def _post(url, token):
    request = urllib.request.Request(url, data=b"", headers={"X-Retorno-Token": token})
    return urllib.request.urlopen(request, timeout=5)


def test_second_start_gives_up_when_the_holder_never_answers(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(launcher, "OTHER_INSTANCE_WAIT", 0.5)
    holder = InstanceLock(tmp_path)
    assert holder.acquire()
    try:
        (tmp_path / "instance.json").write_text(json.dumps({"pid": 1, "port": 9, "token": "t"}))
        assert launcher.run_desktop(launcher.DesktopOptions(data_dir=tmp_path, window=False)) == 1
    finally:
        holder.release()
    assert "starting or stuck" in capsys.readouterr().out


class RecordingWebview:
    """pywebview's window as the launcher drives it: records what it is asked to show."""

    def __init__(self, events: list) -> None:
        self.events = events
        self.closed = threading.Event()
        self.confirm_close = False

    def load_url(self, url: str) -> None:
        self.events.append(("load_url", url))

    def load_html(self, page: str) -> None:
        self.events.append(("load_html", page))

    def run_js(self, script: str) -> str:
        return ""

    def destroy(self) -> None:
        self.closed.set()


class FakeWindows:
    """What the launcher did, in order, and the window it opened."""

    def __init__(self) -> None:
        self.events: list = []
        self.webview: RecordingWebview | None = None

    def done(self, kind: str) -> list:
        return [value for event, value in self.events if event == kind]


@pytest.fixture
def fake_window(monkeypatch):
    """The window replaced by a recorder: run() "paints" the splash (its first load) and blocks
    until closed."""
    seen = FakeWindows()
    monkeypatch.setattr(launcher, "gui_unavailable_reason", lambda: None)
    real_create = starter.create_local_app

    def create_local_app(*args, **kwargs):
        seen.events.append(("create_app", None))
        return real_create(*args, **kwargs)

    def run(self, on_shown=None):
        webview = RecordingWebview(seen.events)
        seen.events.append(("window", self.splash))
        with self._lock:
            self._window = webview
        seen.webview = webview
        seen.events.append(("splash_loaded", None))
        self._on_loaded()
        webview.closed.wait(60)
        with self._lock:
            self._window = None

    monkeypatch.setattr(starter, "create_local_app", create_local_app)
    monkeypatch.setattr(DesktopWindow, "run", run)
    monkeypatch.setattr(local_app, "start_notifier_or_log", lambda app, notify=None: None)
    return seen


def _run_in_thread(data_dir: Path, codes: list) -> threading.Thread:
    run = threading.Thread(target=lambda: codes.append(launcher.run_desktop(
        launcher.DesktopOptions(data_dir=data_dir))))
    run.start()
    return run


def test_the_window_shows_its_splash_before_the_app_is_created(tmp_path, fake_window):
    data_dir, codes = tmp_path / "data", []
    run = _run_in_thread(data_dir, codes)
    try:
        loaded = wait_until(lambda: fake_window.done("load_url"), 60,
                            "the app's page in the window")
        info = read_instance_info(data_dir)
        assert loaded == [info.url]
        assert [event for event, _ in fake_window.events] == ["window", "splash_loaded",
                                                              "create_app", "load_url"]
        splash = fake_window.done("window")[0]
        assert "Abrindo o Retorno…" in splash and "<svg" in splash
        # Nothing fetched: no address but the SVG namespace, and a CSP that refuses any.
        assert "://" not in splash.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "default-src 'none'" in splash
        _post(info.url + "__retorno/close", info.token)
    finally:
        run.join(60)
    assert codes == [0]
    assert "stopped cleanly" in (data_dir / "logs" / "retorno.log").read_text()


def test_an_app_that_never_answers_says_so_in_the_window_and_exits_1(tmp_path, fake_window,
                                                                      monkeypatch, capsys):
    data_dir, codes = tmp_path / "data", []
    monkeypatch.setattr(local_app, "wait_until_ready", lambda url: False)
    run = _run_in_thread(data_dir, codes)
    try:
        pages = wait_until(lambda: fake_window.done("load_html"), 60,
                           "the problem shown in the window")
        assert "O Retorno não conseguiu iniciar" in pages[0]
        assert str(data_dir / "logs" / "retorno.log") in pages[0]
        assert fake_window.done("load_url") == []
        assert read_instance_info(data_dir) is None  # never published: a second start waits
    finally:
        wait_until(lambda: fake_window.webview, 10, "the window")
        fake_window.webview.destroy()  # the user closes it
        run.join(60)
    assert codes == [1]
    assert "did not start answering" in capsys.readouterr().out
    assert "did not start answering" in (data_dir / "logs" / "retorno.log").read_text()


class _StalledWindow:
    """pywebview's window with its real Event objects, whose GUI loop has ended: a script sent
    to the page never answers (what Sair during a page load left). Only the GUI is faked."""

    def __init__(self) -> None:
        from webview.event import Event, EventContainer

        self.events = EventContainer()
        for name in ("loaded", "before_show", "shown", "closing", "minimized", "restored"):
            setattr(self.events, name, Event(self, name in ("before_show", "closing")))
        self.released = threading.Event()
        self.title = ""

    def run_js(self, _script):
        self.released.wait()  # no answer until the test ends
        return ""


def test_a_page_event_waiting_on_a_gone_window_never_keeps_the_process_alive():
    window = _StalledWindow()
    desktop = DesktopWindow("http://127.0.0.1:1/")
    desktop._window = window
    desktop._listen(window, on_shown=lambda: window.run_js("shown"))
    before = set(threading.enumerate())
    try:
        window.events.loaded.set()
        window.events.shown.set()
        # pywebview's own handler threads (not daemons: the interpreter waits for them at exit)
        # are done at once; what waits on the page waits in daemon threads.
        wait_until(lambda: all(t.daemon for t in set(threading.enumerate()) - before), 10,
                   "no thread the interpreter would wait for at exit")
        assert any(t.name == "retorno-window-event" for t in threading.enumerate())
    finally:
        window.released.set()
