"""Whether a local server answers yet (no Flask or waitress here: the launcher asks it before
the app is imported)."""

import http.client
import time


def wait_until_ready(url: str, timeout: float = 15.0, interval: float = 0.05) -> bool:
    """Poll the URL until the server answers without a server error; False at the deadline."""
    parts = http.client.urlsplit(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            try:
                connection.request("GET", parts.path or "/")
                if connection.getresponse().status < 500:
                    return True
            finally:
                connection.close()
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
