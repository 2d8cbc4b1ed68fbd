"""Polling for something a background process or thread makes true."""

import time


def wait_until(check, timeout: float = 30, what: str = "the condition", every: float = 0.05,
               details=None):
    """Return check()'s first truthy value, or fail after timeout seconds (with details(), e.g.
    a server's output, in the message). check may itself fail at once by raising."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}"
                         + (f":\n{details()}" if details is not None else ""))
