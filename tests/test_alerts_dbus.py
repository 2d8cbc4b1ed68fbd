"""F8 end to end: the notifier raises a real Notify call on a real D-Bus session bus, through
plyer's own Linux path (dbus-python), received by a small notification daemon of our own.

Needs dbus-daemon (apt: dbus), dbus-python and dbus-fast (the test extra). Missing pieces skip
the test on a developer's machine and fail it in CI (CI=true).
"""

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import time_machine

from app.alerts.notifier import Notifier, start_notifier

from .alerts_helpers import configure, make_desktop_user, sp

SERVICE = Path(__file__).with_name("dbus_notifications_service.py")
TODAY = date(2025, 3, 12)


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def session_bus(tmp_path_factory):
    """A private dbus-daemon --session and a notification daemon recording Notify calls."""
    if not shutil.which("dbus-daemon"):
        _missing("dbus-daemon not found (apt-get install dbus)")
    for module in ("dbus", "dbus_fast"):
        try:
            __import__(module)
        except ImportError:
            _missing(f"Python module {module} missing (pip install -e '.[test]')")
    if os.path.isdir("/app"):
        _missing("/app exists: plyer would take its Flatpak path instead of D-Bus")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:"), f"dbus-daemon printed {address!r}"
    log = tmp_path_factory.mktemp("dbus") / "notify.jsonl"
    log.touch()
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
    service = subprocess.Popen([sys.executable, str(SERVICE), str(log)], env=env,
                               stdout=subprocess.PIPE, text=True)
    ready = service.stdout.readline().strip()
    previous = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        assert ready == "READY", "the test notification daemon did not start"
        yield log
    finally:
        if previous is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous
        service.terminate()
        daemon.terminate()
        service.wait(5)
        daemon.wait(5)


def recorded(log: Path, count: int, timeout: float = 10.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").splitlines()
        if len(lines) >= count:
            return [json.loads(line) for line in lines]
        time.sleep(0.05)
    raise AssertionError(f"expected {count} Notify call(s) on the bus, saw {log.read_text()!r}")


@pytest.fixture
def due_day(app, factory):
    seller = factory.user("vendas", alert_every_minutes=30)
    configure(app)
    make_desktop_user(app, seller.id)
    for name in ("Padaria Pão Quente", "Mercado Bom Preço"):
        factory.entry(factory.party(name), seller, return_date=TODAY)
    return seller


def test_one_tick_raises_one_notify_call_through_plyer(app, due_day, session_bus):
    before = len(session_bus.read_text().splitlines())
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notice = Notifier(app).tick()  # the real adapter: plyer → dbus-python → the bus
    call = recorded(session_bus, before + 1)[-1]
    assert call["app_name"] == "Retorno"
    assert call["summary"] == "2 retornos de Follow Up para hoje" == notice.title
    assert call["body"] == "Padaria Pão Quente, Mercado Bom Preço."
    # plyer's D-Bus path sends its timeout in ms (notify-send would send 0): it was that path.
    assert call["expire_timeout"] == 15000


def test_the_started_thread_notifies_at_start(app, due_day, session_bus):
    before = len(session_bus.read_text().splitlines())
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notifier = start_notifier(app, check_seconds=60)
        try:
            call = recorded(session_bus, before + 1)[-1]
        finally:
            notifier.stop()
    assert call["summary"] == "2 retornos de Follow Up para hoje"
    assert len(session_bus.read_text().splitlines()) == before + 1  # one notification, no storm
