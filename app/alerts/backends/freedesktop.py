"""Linux (and other freedesktop desktops): the D-Bus Notify call, and clicks on what we sent.

One path everywhere, through dbus-fast (pure Python, a default dependency): Notify with the
app's icon and a 15 s expire timeout, on one connection kept by a small asyncio thread, which
also hears ActionInvoked. Without a session bus it fails at once and starts nothing (no
autolaunched dbus-daemon, unlike notify-send).
"""

import asyncio
import logging
import os
import threading
from collections import deque
from pathlib import Path

from dbus_fast import Message, MessageType
from dbus_fast.aio import MessageBus

from .base import APP_NAME, SHOW_SECONDS, NotificationFailed, OnClick

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CLICKS = f"type='signal',interface='{SERVICE}',member='ActionInvoked'"
DEFAULT_ACTION = "default"  # the action a click on the notification's body invokes
CALL_SECONDS = 5.0
KEEP_IDS = 50


def session_bus_address(environ=os.environ) -> str:
    """The session bus named by the environment, else the systemd user bus; never a new one."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    raise NotificationFailed("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")


class FreedesktopNotifications:
    """Sends through org.freedesktop.Notifications; on_click runs when one of ours is clicked."""

    name = "D-Bus notifications"

    def __init__(self, icon: Path, on_click: OnClick | None = None) -> None:
        self.icon = icon
        self.on_click = on_click
        self._bus: MessageBus | None = None
        self._sent: deque[int] = deque(maxlen=KEEP_IDS)  # ours, for their clicks
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def send(self, title: str, body: str) -> None:
        future = asyncio.run_coroutine_threadsafe(self._notify(title, body), self._running_loop())
        try:
            future.result(CALL_SECONDS)
        except TimeoutError as error:
            future.cancel()
            raise NotificationFailed("the notification service did not answer") from error

    def close(self) -> None:
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None:
            asyncio.run_coroutine_threadsafe(self._disconnect(), loop).result(CALL_SECONDS)
            loop.call_soon_threadsafe(loop.stop)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="retorno-dbus",
                                 daemon=True).start()
            return self._loop

    async def _connected(self) -> MessageBus:
        if self._bus is None or not self._bus.connected:
            try:
                bus = await MessageBus(bus_address=session_bus_address()).connect()
            except (OSError, ValueError) as error:
                raise NotificationFailed(f"cannot reach the D-Bus session bus: {error}") from error
            bus.add_message_handler(self._on_message)
            await self._call(bus, Message(destination="org.freedesktop.DBus",
                                          path="/org/freedesktop/DBus",
                                          interface="org.freedesktop.DBus", member="AddMatch",
                                          signature="s", body=[CLICKS]))
            self._bus = bus
        return self._bus

    async def _notify(self, title: str, body: str) -> None:
        bus = await self._connected()
        reply = await self._call(bus, Message(
            destination=SERVICE, path=PATH, interface=SERVICE, member="Notify",
            signature="susssasa{sv}i",
            body=[APP_NAME, 0, self.icon.as_uri(), title, body, [DEFAULT_ACTION, APP_NAME], {},
                  SHOW_SECONDS * 1000]))
        self._sent.append(reply.body[0])

    @staticmethod
    async def _call(bus: MessageBus, message: Message) -> Message:
        reply = await bus.call(message)
        if reply is None or reply.message_type == MessageType.ERROR:
            detail = reply.body[0] if reply is not None and reply.body else ""
            raise NotificationFailed(f"{reply.error_name if reply else 'no reply'}: {detail}")
        return reply

    async def _disconnect(self) -> None:
        if self._bus is not None and self._bus.connected:
            self._bus.disconnect()

    def _on_message(self, message: Message) -> None:
        if (message.message_type == MessageType.SIGNAL and message.interface == SERVICE
                and message.member == "ActionInvoked" and self.on_click is not None):
            notification_id, action = message.body
            if action == DEFAULT_ACTION and notification_id in self._sent:
                # Off the bus thread: bringing the window up waits for the GUI.
                threading.Thread(target=self._clicked, name="retorno-click", daemon=True).start()

    def _clicked(self) -> None:
        try:
            self.on_click()
        except Exception:  # noqa: BLE001 - a click must never end the bus thread
            log.exception("could not open the list after a notification click")
