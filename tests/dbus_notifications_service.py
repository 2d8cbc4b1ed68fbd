# ruff: noqa: F821, F722 - dbus-fast reads D-Bus signatures from the annotations
"""A stand-in notification daemon for the tests: owns org.freedesktop.Notifications on the bus
named by DBUS_SESSION_BUS_ADDRESS and appends every Notify call, as one JSON line with the time
it arrived, to argv[1]. Click(id, action) emits ActionInvoked, as a desktop does when the user
clicks a notification (a method real daemons do not have).

Run as a separate process (dbus-fast, asyncio) so the code under test talks to it over a real bus.
"""

import asyncio
import json
import os
import sys
import time

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(ServiceInterface):
    def __init__(self, log_path: str):
        super().__init__(NAME)
        self.log_path = log_path
        self.last_id = 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s",
               body: "s", actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":
        self.last_id += 1
        record = {"id": self.last_id, "at": time.time(), "app_name": app_name,
                  "replaces_id": replaces_id, "app_icon": app_icon, "summary": summary,
                  "body": body, "actions": list(actions),
                  "hints": {key: value.value for key, value in hints.items()},
                  "expire_timeout": expire_timeout}
        with open(self.log_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return self.last_id

    @method()
    def GetCapabilities(self) -> "as":
        return ["body", "actions"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["retorno-test-daemon", "retorno", "1.0", "1.2"]

    @method()
    def CloseNotification(self, notification_id: "u"):
        return None

    @method()
    def Click(self, notification_id: "u", action: "s"):
        self.ActionInvoked(notification_id, action)

    @signal()
    def ActionInvoked(self, notification_id: "u", action: "s") -> "us":
        return [notification_id, action]


async def main(log_path: str) -> None:
    bus = await MessageBus(bus_address=os.environ["DBUS_SESSION_BUS_ADDRESS"]).connect()
    bus.export(PATH, Notifications(log_path))
    await bus.request_name(NAME)
    print("READY", flush=True)
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
