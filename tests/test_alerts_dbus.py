"""F8 end to end: the notifier raises a real Notify call on a real D-Bus session bus, through
plyer's own Linux path (dbus-python), received by a small notification daemon of our own.

Needs dbus-daemon (apt: dbus), dbus-python (the dbus extra, built against libdbus) and dbus-fast
(the test extra). Missing pieces skip the test on a developer's machine and fail it in CI
(CI=true), as the browser tests do.
"""

import configparser
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import time_machine

from app.alerts.notifier import Notifier, start_notifier

from .alerts_helpers import configure, make_desktop_user, sp
from .waiting import wait_until

SERVICE = Path(__file__).with_name("dbus_notifications_service.py")
SETUP_CFG = Path(__file__).resolve().parents[1] / "setup.cfg"
TODAY = date(2025, 3, 12)
DBUS_PYTHON_BUILD = "build-essential python3-dev pkg-config libdbus-1-dev libglib2.0-dev"
# module: (its distribution, the extra of setup.cfg that installs it, what to run first)
MODULES = {
    "dbus": ("dbus-python", "dbus", f"apt-get install {DBUS_PYTHON_BUILD}, then "),
    "dbus_fast": ("dbus-fast", "test", ""),
}


def install_hint(module: str) -> str:
    distribution, extra, first = MODULES[module]
    return f"Python module {module} missing ({first}pip install -e '.[{extra}]')"


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def session_bus(tmp_path_factory):
    """A private dbus-daemon --session and a notification daemon recording Notify calls."""
    if not shutil.which("dbus-daemon"):
        _missing("dbus-daemon not found (apt-get install dbus)")
    for module in MODULES:
        try:
            __import__(module)
        except ImportError:
            _missing(install_hint(module))
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


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_skip_message_names_the_extra_that_installs_the_module(module):
    distribution, extra, _first = MODULES[module]
    config = configparser.ConfigParser()
    assert config.read(SETUP_CFG), f"no {SETUP_CFG}"
    requirements = config["options.extras_require"][extra].splitlines()
    assert any(line.strip().startswith(f"{distribution}>=") for line in requirements), (
        f"setup.cfg's [{extra}] extra does not install {distribution}")
    assert f"pip install -e '.[{extra}]'" in install_hint(module)


def recorded(log: Path, count: int, timeout: float = 10.0) -> list[dict]:
    """Wait until the notification daemon has logged count Notify calls; return them all."""
    def calls() -> list[dict] | None:
        lines = log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines] if len(lines) >= count else None

    return wait_until(calls, timeout, what=f"{count} Notify call(s) on the bus")


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
