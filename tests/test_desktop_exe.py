"""The built executables: `make exe` (or RETORNO_EXE, the windowed program of a build made
elsewhere, e.g. by .github/workflows/build.yml), then run on a fresh data folder."""

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

from bench import window_paint

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = ".exe" if sys.platform == "win32" else ""
PASSWORD = "exe-smoke-9"


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


@pytest.fixture(scope="module")
def executable() -> Path:
    """The windowed program: RETORNO_EXE, else built once with the README's command."""
    given = os.environ.get("RETORNO_EXE")
    if given:
        return Path(given).resolve()
    if shutil.which("make") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("make is not installed")
        pytest.skip("make is not installed")
    started = time.monotonic()
    build = subprocess.run(["make", "exe"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    program = ROOT / "dist" / "Retorno" / f"Retorno{SUFFIX}"
    assert program.is_file()
    seconds = time.monotonic() - started
    print(f"\nbuilt dist/Retorno: {_folder_size_mb(program.parent):.0f} MB in {seconds:.0f} s")
    return program


def _user_env(home: Path, temp: Path) -> dict:
    """A user's environment whose home and temporary folders are the watched ones."""
    if sys.platform == "win32":
        return dict(os.environ, USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
                    LOCALAPPDATA=str(home / "AppData" / "Local"), TEMP=str(temp), TMP=str(temp))
    # No DISPLAY: on Linux, the headless fallback.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "TMPDIR": str(temp), "LANG": "C.UTF-8"}


@pytest.mark.slow
def test_executable_serves_the_sign_in_page_and_writes_only_its_data_folder(executable, tmp_path):
    home, temp, work, data = (tmp_path / name for name in ("home", "tmp", "work", "data"))
    for folder in (home, temp, work):
        folder.mkdir()
    env = _user_env(home, temp)
    before_dist = _files_under(executable.parent)
    # The console companion: what prints on Windows, where the windowed program cannot.
    cli = executable.parent / f"retorno-cli{SUFFIX}"

    usage = subprocess.run([str(cli), "--help"], capture_output=True, text=True, cwd=work,
                           env=env, timeout=120)
    assert usage.returncode == 0, usage.stderr
    assert "Usage: retorno-cli" in usage.stdout
    created = subprocess.run([str(cli), "create-user", "admin", "--admin", "--password-stdin",
                              "--data-dir", str(data)], input=PASSWORD + "\n", text=True,
                             capture_output=True, cwd=work, env=env, timeout=120)
    assert created.returncode == 0, created.stderr

    # Linux: the windowed program itself, without a display. Windows/macOS would open a real
    # window there (and the windowed Windows program prints nothing): the companion serves.
    linux = sys.platform.startswith("linux")
    command = [str(executable if linux else cli), "desktop", "--data-dir", str(data)]
    if not linux:
        command.append("--no-window")
    output = tmp_path / "exe-output.txt"
    group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" \
        else {}
    with output.open("w") as sink:
        started = time.monotonic()
        program = subprocess.Popen(command, cwd=work, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, **group)
        try:
            url = _wait_for_url(output, program)
            page = urllib.request.urlopen(url + "login", timeout=10)
            body = page.read().decode()
            ready_after = time.monotonic() - started
            assert page.status == 200
            assert "<title>Entrar · Retorno</title>" in body
            assert 'name="password"' in body
            program.send_signal(signal.CTRL_BREAK_EVENT if sys.platform == "win32"
                                else signal.SIGTERM)
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
    assert _files_under(temp) == [], "a temporary folder was left behind"
    assert _files_under(work) == []
    assert _files_under(executable.parent) == before_dist
    written = _files_under(data)
    assert {"retorno.sqlite3", "secret_key", str(Path("logs") / "retorno.log")} <= set(written)
    assert "retorno.sqlite3-wal" not in written
    if sys.platform != "win32":
        assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="measured under Xvfb")
def test_the_windowed_executable_paints_its_window_without_unpacking_first(executable):
    """Process start → the window painted (its splash), and → the sign-in page painted; the
    median of three starts each.

    The ≤ 2 s target is the bench's (`window_paint_s`, on a quiet machine). The splash's bound
    fails a start that unpacks the bundle first (the old one-file build: 5.4–5.8 s); both
    leave room for a busy CI machine, and never fail a loaded run near the target.
    """
    missing = window_paint.missing_tools()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    crashes: list[str] = []
    starts = window_paint.measure([str(executable)], runs=3, crashes=crashes)
    paint, ready = window_paint.medians(starts)
    print(f"\nwindow_paint_s: {paint:.2f}, window_ready_s: {ready:.2f} (starts: "
          f"{', '.join(f'{s.paint_s:.2f}/{s.ready_s:.2f}' for s in starts)})")
    # Known issue: a start now and then ends before painting (Qt's abort, -6) under load; it is
    # started again once (measure), and its output printed here for whoever looks into it.
    for crash in crashes:
        print(f"start ended before painting, started again:\n{crash}")
    assert len(crashes) <= 1, crashes
    assert paint <= window_paint.REGRESSION_S
    assert ready <= window_paint.READY_REGRESSION_S


def _wait_for_url(output: Path, program: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(r"running at (http://127\.0\.0\.1:\d+/)", output.read_text())
        if match:
            return match.group(1)
        assert program.poll() is None, output.read_text()
        time.sleep(0.1)
    raise AssertionError("the executable never printed its URL:\n" + output.read_text())
