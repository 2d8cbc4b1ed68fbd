"""A private Xvfb screen for the tests that open real windows."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def require(missing: str | None) -> None:
    """Skip the test here when a tool it needs is missing; in CI (which installs them) fail."""
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)


@contextmanager
def xvfb_display() -> Iterator[str]:
    """Start Xvfb on a free display (-displayfd: it writes the number once it accepts clients);
    yield the DISPLAY value."""
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        number = server.stdout.readline().strip()
        assert number and server.poll() is None, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)
