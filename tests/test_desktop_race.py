"""Two starts at the same moment on a new data folder: one server, one window, focused."""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from app.desktop import launcher
from app.desktop.single_instance import read_instance_info
from app.shutdown import request_stop

from .waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
WINDOW_START_S = 1.5  # a real web view takes about this long between start() and its window


def test_two_starts_at_once_open_one_window_and_the_loser_focuses_it(tmp_path):
    data_dir = tmp_path / "new-data-folder"
    opened = tmp_path / "opened.txt"
    starts = [subprocess.Popen(
        [sys.executable, "-c", "import sys; from tests.test_desktop_race import start_with_"
         "a_fake_window; start_with_a_fake_window(*sys.argv[1:])", str(data_dir), str(opened)],
        cwd=ROOT, env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    try:
        loser = _first_to_end(starts, timeout=30)
        assert loser is not None, f"neither start ended; windows seen: {_events(opened)}"
        winner = starts[1 - starts.index(loser)]
        loser_output = loser.stdout.read()
        assert loser.returncode == 0, loser_output
        assert "its window was brought to the front" in loser_output
        assert winner.poll() is None
        info = json.loads((data_dir / "instance.json").read_text())
        request = urllib.request.Request(f"http://127.0.0.1:{info['port']}/__retorno/close",
                                         data=b"", headers={"X-Retorno-Token": info["token"]})
        assert urllib.request.urlopen(request, timeout=10).status == 200
        assert winner.wait(30) == 0, winner.stdout.read()
    finally:
        for process in starts:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert _events(opened) == ["opened", "focused"], "a second window opened on the same server"


def _events(record: Path) -> list[str]:
    return record.read_text().split() if record.exists() else []


def _first_to_end(processes: list[subprocess.Popen], timeout: float) -> subprocess.Popen | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                return process
        time.sleep(0.05)
    return None


class FakeWebview:
    """pywebview's window as far as DesktopWindow uses it, after a real one's start-up delay."""

    def __init__(self, record: Path) -> None:
        self.record = record
        self.closed = False
        self.on_top = False
        self.confirm_close = False

    def show(self) -> None:
        with self.record.open("a") as handle:
            handle.write("focused\n")

    def restore(self) -> None:
        pass

    def load_url(self, url: str) -> None:  # the app replacing the splash
        pass

    def hide(self) -> None:
        pass

    def destroy(self) -> None:
        self.closed = True


def start_with_a_fake_window(data_dir: str, record_path: str) -> None:
    """In a subprocess: `retorno desktop` whose window is a fake one (no display needed)."""
    from app.desktop import window as window_module

    record = Path(record_path)

    def run(self, on_shown=None):
        time.sleep(WINDOW_START_S)
        fake = FakeWebview(record)
        with record.open("a") as handle:
            handle.write("opened\n")
        with self._lock:
            self._window = fake
        while not fake.closed:
            time.sleep(0.05)
        with self._lock:
            self._window = None

    window_module.DesktopWindow.run = run
    launcher.gui_unavailable_reason = lambda: None
    sys.exit(launcher.run_desktop(launcher.DesktopOptions(data_dir=Path(data_dir))))


def test_a_start_with_the_system_leaves_a_running_retorno_as_it_is(tmp_path, monkeypatch,
                                                                   capsys):
    """Logging in while Retorno already runs (say, without a window): no window pops up."""
    opened = []
    monkeypatch.setattr(launcher, "gui_unavailable_reason", lambda: None)
    monkeypatch.setattr(launcher, "show_window", lambda window: opened.append(window) or True)
    data_dir = tmp_path / "data"
    running = threading.Thread(target=launcher.run_desktop,
                               args=(launcher.DesktopOptions(data_dir=data_dir, window=False),))
    running.start()
    try:
        wait_until(lambda: read_instance_info(data_dir), what="the running instance")
        assert launcher.run_desktop(launcher.DesktopOptions(data_dir=data_dir,
                                                            autostart=True)) == 0
    finally:
        request_stop()
        running.join(30)
    assert opened == []
    assert "Retorno is already running at" in capsys.readouterr().out
