"""The built executable: `make exe`, then run it headless on a fresh data folder."""

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXE = ROOT / "dist" / ("Retorno.exe" if sys.platform == "win32" else "Retorno")
PASSWORD = "exe-smoke-9"


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def executable() -> Path:
    """Build once with the README's command (about a minute)."""
    if shutil.which("make") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("make is not installed")
        pytest.skip("make is not installed")
    started = time.monotonic()
    build = subprocess.run(["make", "exe"], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert EXE.is_file()
    seconds = time.monotonic() - started
    print(f"\nbuilt {EXE.name}: {EXE.stat().st_size / 1e6:.0f} MB in {seconds:.0f} s")
    return EXE


@pytest.mark.slow
def test_executable_serves_the_sign_in_page_and_writes_only_its_data_folder(executable, tmp_path):
    home, temp, work, data = (tmp_path / name for name in ("home", "tmp", "work", "data"))
    for folder in (home, temp, work):
        folder.mkdir()
    # No DISPLAY: the headless fallback. HOME, TMPDIR and the working folder are watched.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "TMPDIR": str(temp), "LANG": "C.UTF-8"}
    before_dist = _files_under(executable.parent)

    created = subprocess.run([str(executable), "create-user", "admin", "--admin",
                              "--password-stdin", "--data-dir", str(data)],
                             input=PASSWORD + "\n", text=True, capture_output=True, cwd=work,
                             env=env, timeout=120)
    assert created.returncode == 0, created.stderr
    output = tmp_path / "exe-output.txt"
    with output.open("w") as sink:
        started = time.monotonic()
        program = subprocess.Popen([str(executable), "desktop", "--data-dir", str(data)],
                                   cwd=work, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            url = _wait_for_url(output, program)
            page = urllib.request.urlopen(url + "login", timeout=10)
            body = page.read().decode()
            ready_after = time.monotonic() - started
            assert page.status == 200
            assert "<title>Entrar · Retorno</title>" in body
            assert 'name="password"' in body
            program.send_signal(signal.SIGTERM)
            assert program.wait(30) == 0
        finally:
            if program.poll() is None:
                program.kill()
                program.wait()
    text = output.read_text()
    print(f"first page after {ready_after:.1f} s")
    assert "No window (" in text
    assert "Retorno stopped cleanly" in text

    assert _files_under(home) == []
    assert _files_under(temp) == [], "PyInstaller's temporary folder was left behind"
    assert _files_under(work) == []
    assert _files_under(executable.parent) == before_dist
    written = _files_under(data)
    assert {"retorno.sqlite3", "secret_key", "logs/retorno.log"} <= set(written)
    assert "retorno.sqlite3-wal" not in written
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600


def _wait_for_url(output: Path, program: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(r"running at (http://127\.0\.0\.1:\d+/)", output.read_text())
        if match:
            return match.group(1)
        assert program.poll() is None, output.read_text()
        time.sleep(0.1)
    raise AssertionError("the executable never printed its URL:\n" + output.read_text())
