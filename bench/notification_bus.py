"""A private D-Bus session bus and a recording notification service, for the tests and the bench.

`dbus-daemon --session` of our own (never the user's bus) and tests/dbus_notifications_service.py
on it, which appends every Notify call to a JSON-lines file and can emit ActionInvoked as a
desktop does when the user clicks a notification.
"""

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dbus_fast import Message, MessageType
from dbus_fast.aio import MessageBus

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "tests" / "dbus_notifications_service.py"
NAME = "org.freedesktop.Notifications"


@dataclass
class NotificationBus:
    address: str
    log: Path

    def calls(self) -> list[dict]:
        """Every Notify call recorded so far (each with its time.time() as "at")."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def wait_for_calls(self, count: int, timeout: float = 10.0) -> list[dict]:
        """Wait until count Notify calls are recorded; return them all."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.calls()
            if len(calls) >= count:
                return calls
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(calls)} Notify call(s) on the bus, {count} awaited")
            time.sleep(0.02)

    def click(self, notification_id: int, action: str = "default") -> None:
        """Make the service emit ActionInvoked, as when the user clicks the notification."""
        _run_in_own_thread(lambda: self._call("Click", "us", [notification_id, action]))

    async def _call(self, member: str, signature: str, body: list) -> None:
        bus = await MessageBus(bus_address=self.address).connect()
        try:
            reply = await bus.call(Message(destination=NAME, path="/org/freedesktop/Notifications",
                                           interface=NAME, member=member, signature=signature,
                                           body=body))
            assert reply.message_type == MessageType.METHOD_RETURN, reply.body
        finally:
            bus.disconnect()


def _run_in_own_thread(coroutine: Callable[[], Awaitable[None]], timeout: float = 30.0) -> None:
    """asyncio.run in a thread of its own: the caller's thread may already run a loop (pytest
    after Playwright's sync API)."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine())
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            failures.append(error)

    thread = threading.Thread(target=run, name="bus-call")
    thread.start()
    thread.join(timeout)
    if failures:
        raise failures[0]


def start_bus() -> tuple[subprocess.Popen, str]:
    """Start a private dbus-daemon; return it and its address."""
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = daemon.stdout.readline().strip()
    if not address.startswith("unix:"):
        daemon.terminate()
        raise RuntimeError(f"dbus-daemon printed {address!r}")
    return daemon, address


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(5)


@contextmanager
def private_bus() -> Iterator[str]:
    """A private session bus with no notification service on it; yields its address."""
    daemon, address = start_bus()
    try:
        yield address
    finally:
        stop(daemon)


@contextmanager
def notification_bus(folder: Path) -> Iterator[NotificationBus]:
    """A private session bus with the recording notification service; stopped at the end."""
    daemon, address = start_bus()
    log = folder / "notify.jsonl"
    log.touch()
    service = subprocess.Popen([sys.executable, str(SERVICE), str(log)],
                               env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address),
                               stdout=subprocess.PIPE, text=True)
    try:
        if service.stdout.readline().strip() != "READY":
            raise RuntimeError("the test notification service did not start")
        yield NotificationBus(address, log)
    finally:
        stop(service, daemon)
