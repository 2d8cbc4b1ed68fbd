"""Each platform's notification backend, chosen with the platform given as an argument.

Windows and macOS cannot run here: only the OS call is replaced (plyer's WindowsBalloonTip, the
osascript process), everything of ours around it is the real code.
"""

import logging
import subprocess
import threading
import time

import pytest

from app.alerts.backends.choose import notification_backend
from app.alerts.backends.freedesktop import FreedesktopNotifications
from app.alerts.backends.macos import AppleScriptNotifications
from app.alerts.backends.windows import WindowsBalloons
from app.alerts.os_notify import DesktopNotifications
from app.desktop.icon import app_icon_path


@pytest.mark.parametrize(("platform", "kind", "icon"), [
    ("win32", WindowsBalloons, "retorno.ico"),
    ("darwin", AppleScriptNotifications, None),
    ("linux", FreedesktopNotifications, "retorno.png"),
    ("freebsd14", FreedesktopNotifications, "retorno.png"),
])
def test_each_platform_gets_its_backend_and_icon(platform, kind, icon):
    backend = notification_backend(platform)
    assert type(backend) is kind
    if icon:
        assert backend.icon == app_icon_path(platform)
        assert backend.icon.name == icon and backend.icon.is_file()


def test_the_windows_icon_is_a_real_ico_file():
    assert app_icon_path("win32").read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO header


class FakeBalloon:
    """Stands in for plyer's WindowsBalloonTip (Win32 only): records what is shown, and when."""

    shown: list["FakeBalloon"] = []
    lock = threading.Lock()

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.thread = threading.current_thread()
        self.removed_at: float | None = None
        with self.lock:
            self.visible_at_start = [b for b in self.shown if b.removed_at is None]
            self.shown.append(self)

    def remove_notify(self):
        assert threading.current_thread() is self.thread  # Win32 windows are thread-bound
        self.removed_at = time.monotonic()


@pytest.fixture
def balloons():
    FakeBalloon.shown = []
    backend = WindowsBalloons(app_icon_path("win32"), make_balloon=FakeBalloon, show_seconds=0.3)
    yield backend
    backend.close()


def test_windows_balloons_show_the_ico_one_at_a_time_from_one_thread(balloons):
    for number in range(3):
        balloons.send(f"title {number}", "body")
    first = FakeBalloon.shown[0]
    assert first.kwargs == {"title": "title 0", "message": "body", "app_name": "Retorno",
                            "app_icon": str(app_icon_path("win32")), "timeout": 0}
    assert [b.visible_at_start for b in FakeBalloon.shown] == [[], [], []]  # never two at once
    assert len({b.thread for b in FakeBalloon.shown}) == 1  # not one thread per notification
    last = FakeBalloon.shown[-1]
    deadline = time.monotonic() + 5
    while last.removed_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert last.removed_at is not None, "the last balloon stayed after its show time"


def test_a_bundle_without_the_ico_still_shows_the_balloon(tmp_path):
    FakeBalloon.shown = []
    backend = WindowsBalloons(tmp_path / "retorno.ico", make_balloon=FakeBalloon)
    try:
        backend.send("title", "body")
    finally:
        backend.close()
    assert FakeBalloon.shown[0].kwargs["app_icon"] == ""  # plyer's default: Windows' own icon


def test_a_windows_failure_reaches_the_caller(balloons):
    def broken(**kwargs):
        raise OSError("Shell_NotifyIconW failed.")

    balloons.make_balloon = broken
    with pytest.raises(OSError, match="Shell_NotifyIconW"):
        balloons.send("title", "body")


class FakeOsascript:
    """Stands in for running /usr/bin/osascript (macOS only)."""

    def __init__(self, returncode=0, missing=False):
        self.commands = []
        self.returncode, self.missing = returncode, missing

    def __call__(self, command, **kwargs):
        if self.missing:
            raise FileNotFoundError("osascript")
        self.commands.append(command)
        return subprocess.CompletedProcess(command, self.returncode, "", "execution error")


def test_macos_passes_the_texts_as_arguments_never_inside_the_script():
    run = FakeOsascript()
    AppleScriptNotifications(run=run).send('2 retornos "hoje"', "Padaria d'Ouro\" & beep")
    command = run.commands[0]
    assert command[0] == "osascript"
    assert command[-2:] == ['2 retornos "hoje"', "Padaria d'Ouro\" & beep"]
    script = " ".join(command[1:-2])
    assert "display notification (item 2 of argv) with title (item 1 of argv)" in script
    assert "Padaria" not in script


@pytest.mark.parametrize("run", [FakeOsascript(returncode=1), FakeOsascript(missing=True)])
def test_a_macos_failure_is_logged_once_over_many_intervals(run, caplog):
    flagged = []
    notifications = DesktopNotifications(AppleScriptNotifications(run=run),
                                         on_failure=lambda: flagged.append(True))
    with caplog.at_level(logging.INFO, "app.alerts.os_notify"):
        for _ in range(3):
            notifications.send("1 retorno", "Padaria.")
    assert len(caplog.records) == 1 and "osascript" in caplog.records[0].getMessage()
    assert flagged == [True, True, True]


def test_a_backend_that_works_again_is_logged_and_a_new_failure_too(caplog):
    run = FakeOsascript(returncode=1)
    notifications = DesktopNotifications(AppleScriptNotifications(run=run))
    with caplog.at_level(logging.INFO, "app.alerts.os_notify"):
        notifications.send("a", "b")
        run.returncode = 0
        notifications.send("a", "b")
        run.returncode = 1
        notifications.send("a", "b")
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO", "WARNING"]


def test_texts_are_cut_to_what_a_windows_balloon_accepts():
    run = FakeOsascript()
    DesktopNotifications(AppleScriptNotifications(run=run)).send("t" * 100, "b" * 400)
    assert [len(text) for text in run.commands[0][-2:]] == [63, 255]
