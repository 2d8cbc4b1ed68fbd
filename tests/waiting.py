"""Polling for something a background process or thread makes true."""

import time


def wait_until(check, timeout: float = 30, what: str = "the condition", every: float = 0.05):
    """Return check()'s first truthy value, or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")
