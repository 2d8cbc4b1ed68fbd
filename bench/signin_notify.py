"""signin_notify_s: seconds from the sign-in POST to the first native notification.

`python -m bench.signin_notify` — the demo data (returns due today) in a fresh data folder,
`retorno desktop --no-window` on a private D-Bus session bus with a recording notification
service (bench/notification_bus.py), the seller `vendas` signs in over HTTP, and the first
Notify call's arrival minus the moment the sign-in POST was sent is the figure (target ≤ 3 s).
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .http_client import Client
from .notification_bus import notification_bus

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 3.0
DEMO_LOGIN, DEMO_PASSWORD = "vendas", "retorno-demo"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def load_demo_data(data_dir: Path, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", "demo-data", "--data-dir", str(data_dir)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)


def start_desktop(data_dir: Path, env: dict) -> tuple[subprocess.Popen, int]:
    """Start `retorno desktop --no-window`; return it and the port it printed."""
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "desktop", "--no-window",
                                "--data-dir", str(data_dir)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        match = URL.search(line)
        if match:
            return process, int(match.group(1))
    raise RuntimeError("retorno desktop stopped before printing its address")


def measure_signin_notify(work: Path) -> dict:
    """Run the whole measure in the folder work; the figure and what was notified."""
    data_dir = work / "data"
    env = {key: value for key, value in os.environ.items()
           if key not in ("RETORNO_DATA_DIR", "DATABASE_URL")}
    env.update(PYTHONPATH=str(ROOT), RETORNO_BACKUP_THREAD="0")
    load_demo_data(data_dir, env)
    with notification_bus(work) as bus:
        process, port = start_desktop(data_dir, {**env, "DBUS_SESSION_BUS_ADDRESS": bus.address})
        try:
            client = Client(port)
            token = client.token("/login")
            before = len(bus.calls())
            signed_in_at = time.time()
            status, _, _ = client.request("POST", "/login", {
                "csrf_token": token, "login": DEMO_LOGIN, "password": DEMO_PASSWORD})
            if status != 302:
                raise RuntimeError(f"sign-in answered {status}")
            call = bus.wait_for_calls(before + 1, timeout=40)[before]
        finally:
            process.terminate()
            process.communicate(timeout=30)
    return {"signin_notify_s": round(call["at"] - signed_in_at, 2), "summary": call["summary"],
            "app_name": call["app_name"], "expire_timeout": call["expire_timeout"]}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="retorno-signin-notify-") as work:
        result = measure_signin_notify(Path(work))
    print(f"sign-in to first notification: {result['signin_notify_s']:.2f} s "
          f"(≤ {TARGET_S:.0f})   «{result['summary']}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
