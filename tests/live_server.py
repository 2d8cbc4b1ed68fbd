"""`retorno` in its own process, as a user runs it: one-off commands, and a server to sign in to.

The child imports `app` from this checkout (PYTHONPATH), starts with umask 022 (the usual
default, under which a careless program leaves files readable by every local account) and
without the daily-backup thread.
"""

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.http_client import Client

ROOT = Path(__file__).resolve().parent.parent
USUAL_UMASK = 0o022
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def _environment(extra: dict[str, str] | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("RETORNO_DATA_DIR", "DATABASE_URL")}
    env.update({"PYTHONPATH": str(ROOT), "RETORNO_BACKUP_THREAD": "0", **(extra or {})})
    return env


def _usual_umask() -> None:
    os.umask(USUAL_UMASK)


def _launch_options() -> dict:
    return {"cwd": ROOT, "preexec_fn": _usual_umask if os.name == "posix" else None}


def retorno(*args: str, stdin: str = "", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess:
    """Run one `retorno` command to the end; its output is in .stdout and .stderr."""
    return subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin, text=True,
                          capture_output=True, timeout=120, env=_environment(env),
                          **_launch_options())


def create_admin(data_dir: Path, login: str, password: str) -> None:
    result = retorno("create-user", login, "--admin", "--password-stdin",
                     "--data-dir", str(data_dir), stdin=password + "\n")
    assert result.returncode == 0, result.stdout + result.stderr


class RunningRetorno:
    """A started `retorno serve` (or desktop) process, its output and an HTTP client on it."""

    def __init__(self, args: list[str], env: dict[str, str] | None):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args], env=_environment(env),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **_launch_options())
        self.lines: list[str] = []
        self.port: int | None = None
        self._listening = threading.Event()
        # Read all output (the pipe must never fill up); the URL line says it listens.
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            match = URL.search(line)
            if match and self.port is None:
                self.port = int(match.group(1))
                self._listening.set()
        self._listening.set()  # the process ended: stop waiting for a URL

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def client(self) -> Client:
        assert self._listening.wait(60) and self.port, f"no URL printed:\n{self.output}"
        return Client(self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(10)


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[RunningRetorno]:
    """Start `retorno ARGS` (it must print its URL), yield it, stop it at the end."""
    server = RunningRetorno(list(args), env)
    try:
        yield server
    finally:
        server.stop()
