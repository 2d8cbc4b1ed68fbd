"""F8 end to end on Linux: the notifier's Notify call on a real D-Bus session bus, received by a
small notification daemon of our own; a click on it; no service and no bus at all.

Needs dbus-daemon (apt: dbus) and dbus-fast (a default dependency on Linux). A missing
dbus-daemon skips the test on a developer's machine and fails it in CI (CI=true).
"""

import logging
import os
import shutil
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
import time_machine

from app.alerts.backends.freedesktop import FreedesktopNotifications
from app.alerts.notifier import Notifier, start_notifier
from app.alerts.os_notify import DesktopNotifications
from app.desktop.icon import app_icon_path
from app.desktop.launcher import attach_log_file, detach_log_file
from bench.notification_bus import notification_bus, private_bus

from .alerts_helpers import configure, make_desktop_user, sp

TODAY = date(2025, 3, 12)


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def bus(tmp_path_factory):
    """A private session bus with the recording daemon; DBUS_SESSION_BUS_ADDRESS points at it."""
    if not shutil.which("dbus-daemon"):
        _missing("dbus-daemon not found (apt-get install dbus)")
    previous = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    with notification_bus(tmp_path_factory.mktemp("dbus")) as running:
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = running.address
        try:
            yield running
        finally:
            if previous is None:
                os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous


@pytest.fixture
def due_day(app, factory):
    seller = factory.user("vendas", alert_every_minutes=30)
    configure(app)
    make_desktop_user(app, seller.id)
    for name in ("Padaria Pão Quente", "Mercado Bom Preço"):
        factory.entry(factory.party(name), seller, return_date=TODAY)
    return seller


class Clicks:
    def __init__(self):
        self.count = 0
        self.clicked = threading.Event()

    def __call__(self):
        self.count += 1
        self.clicked.set()


def test_one_tick_raises_one_notify_call_with_icon_and_timeout(app, due_day, bus):
    before = len(bus.calls())
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notice = Notifier(app).tick()  # the real adapter: dbus-fast → the bus
    call = bus.wait_for_calls(before + 1)[-1]
    assert call["app_name"] == "Retorno"
    assert call["summary"] == "2 retornos de Follow Up para hoje" == notice.title
    assert call["body"] == "Padaria Pão Quente, Mercado Bom Preço."
    assert call["expire_timeout"] == 15000  # notify-send would send 0: never expires
    assert call["app_icon"] == app_icon_path("linux").as_uri()
    assert Path(app_icon_path("linux")).is_file()
    assert call["actions"][0] == "default"  # so that a click on it is reported to us


def test_the_started_thread_notifies_at_start(app, due_day, bus):
    before = len(bus.calls())
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notifier = start_notifier(app, check_seconds=60)
        try:
            call = bus.wait_for_calls(before + 1)[-1]
        finally:
            notifier.stop()
    assert call["summary"] == "2 retornos de Follow Up para hoje"
    assert len(bus.calls()) == before + 1  # one notification, no storm


def test_clicking_our_notification_calls_back_and_others_clicks_do_not(app, due_day, bus):
    clicks = Clicks()
    backend = FreedesktopNotifications(app_icon_path("linux"), on_click=clicks)
    before = len(bus.calls())
    try:
        with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
            Notifier(app, notify=DesktopNotifications(backend).send).tick()
        ours = bus.wait_for_calls(before + 1)[-1]["id"]
        bus.click(ours + 1000)  # another program's notification
        bus.click(ours, "snooze")  # not the body's default action
        bus.click(ours)
        assert clicks.clicked.wait(5), "the click on our notification was not reported"
    finally:
        backend.close()
    assert clicks.count == 1


def _notices(app, backend, attention, ticks: int) -> None:
    notifications = DesktopNotifications(backend, on_failure=attention)
    notifier = Notifier(app, notify=notifications.send)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as clock:
        for number in range(ticks):
            clock.move_to(sp(2025, 3, 12, 9 + number, 0))  # an hour apart: each one is due
            assert notifier.tick() is not None
    backend.close()


def test_a_bus_without_a_notification_service_is_logged_once_then_the_window_is_flagged(
        app, due_day, monkeypatch, tmp_path):
    if not shutil.which("dbus-daemon"):
        _missing("dbus-daemon not found (apt-get install dbus)")
    attention = Clicks()
    log_file = attach_log_file(tmp_path)  # the desktop app's logs/retorno.log
    try:
        with private_bus() as address:
            monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
            _notices(app, FreedesktopNotifications(app_icon_path("linux")), attention, ticks=3)
    finally:
        detach_log_file(log_file)
    logged = (tmp_path / "logs" / "retorno.log").read_text(encoding="utf-8")
    lines = [line for line in logged.splitlines() if "notification" in line]
    assert len(lines) == 1, logged  # once, not at every interval (and no traceback)
    assert "WARNING app.alerts.os_notify" in lines[0]
    assert "org.freedesktop.DBus.Error.ServiceUnknown" in lines[0]
    assert attention.count == 3  # the taskbar flag at every notice the system did not show


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_without_any_bus_nothing_is_started_and_the_failure_is_logged_once(
        app, due_day, caplog, monkeypatch, tmp_path):
    marker = f"RETORNO_STRAY_CHECK={uuid.uuid4()}"
    monkeypatch.setenv(*marker.split("="))  # a process we start would inherit it
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("DISPLAY", ":0")  # where notify-send autolaunched a dbus-daemon
    attention = Clicks()
    with caplog.at_level(logging.INFO):
        _notices(app, FreedesktopNotifications(app_icon_path("linux")), attention, ticks=2)
    warnings = [r for r in caplog.records if r.name == "app.alerts.os_notify"]
    assert len(warnings) == 1 and "no D-Bus session bus" in warnings[0].getMessage()
    assert attention.count == 2
    assert _processes_with(marker) == []  # no dbus-daemon outlives us
