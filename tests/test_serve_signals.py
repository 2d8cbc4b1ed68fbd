"""`retorno serve` stopped by a service manager (SIGTERM) ends as cleanly as Ctrl+C."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _printed_url(process: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "http://" in line:
            return "http://" + line.split("http://", 1)[1].split()[0]
    raise AssertionError("no URL printed")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly_on_a_signal(tmp_path, stop):
    """Exit code 0, the write-ahead log folded into the database, a line in the output."""
    env = {**os.environ, "RETORNO_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", "0"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        url = _printed_url(process)
        with urllib.request.urlopen(url + "login", timeout=10) as response:
            assert response.status == 200
        assert (tmp_path / "retorno.sqlite3-wal").exists()  # open: the database is in use
        process.send_signal(stop)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert "Retorno stopped cleanly" in output
    assert not (tmp_path / "retorno.sqlite3-wal").exists(), "WAL left behind"
    assert not (tmp_path / "retorno.sqlite3-shm").exists(), "shared-memory file left behind"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_a_stop_signal_right_after_the_address_line_still_stops_cleanly(tmp_path):
    """A service manager may stop the server the moment it says it is up: the signal handler
    is in place before the address is printed (it was installed after, and the signal killed
    the process: exit -15)."""
    env = {**os.environ, "RETORNO_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", "0"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        _printed_url(process)
        process.send_signal(signal.SIGTERM)  # at once: no request first
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert "Retorno stopped cleanly" in output
