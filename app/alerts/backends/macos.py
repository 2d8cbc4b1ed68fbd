"""macOS: the system's own `osascript -e 'display notification …'` (plyer needs pyobjus).

The texts go in as arguments of the script, never inside its source, so no quote in a party's
name can change what runs. macOS shows it under Script Editor's name and reports no click to
us, so a click opens nothing.
"""

import subprocess
from collections.abc import Callable

from .base import NotificationFailed

SCRIPT = ("on run argv", "display notification (item 2 of argv) with title (item 1 of argv)",
          "end run")
CALL_SECONDS = 10

Run = Callable[..., subprocess.CompletedProcess]


class AppleScriptNotifications:
    """Sends each notification through osascript."""

    name = "macOS notifications (osascript)"

    def __init__(self, run: Run = subprocess.run) -> None:
        self.run = run

    def send(self, title: str, body: str) -> None:
        command = ["osascript"]
        for line in SCRIPT:
            command += ["-e", line]
        try:
            result = self.run([*command, title, body], capture_output=True, text=True,
                              timeout=CALL_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NotificationFailed(f"osascript could not run: {error}") from error
        if result.returncode != 0:
            raise NotificationFailed(f"osascript failed: {result.stderr.strip()}")

    def close(self) -> None:
        return None
