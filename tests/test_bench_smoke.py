"""`make bench --quick` runs end to end and reports every figure of SPEC §8 (no timing asserts)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import window_paint

ROOT = Path(__file__).resolve().parent.parent
METRICS = ["list_today", "list_overdue", "list_filtered", "timeline", "search", "open_entry",
           "save_entry", "party_lookup", "painel"]


def test_quick_bench_prints_the_table_and_writes_every_key(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "RETORNO_BENCH_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--rounds", "3",
                             "--json", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Retorno bench" in result.stdout
    figures = json.loads(out.read_text())
    expected = set()
    for name in METRICS:
        expected |= {f"{name}_p95_ms", f"{name}_raw_ms", f"{name}_ratio", f"{name}_growth"}
    for name in ("due_count", "notifier_check"):
        expected |= {f"{name}_ms", f"{name}_raw_ms", f"{name}_ratio", f"{name}_growth"}
    expected |= {"start_s", "idle_rss_mb", "peak_rss_mb", "parties", "entries", "users",
                 "signin_flood_save_p95_ms", "window_paint_s", "window_paint_python_s",
                 "import_100k_s", "import_peak_rss_mb", "import_rows", "export_peak_rss_mb",
                 "signin_notify_s", "office_sqlite_p95_ms", "office_sqlite_rps", "office_errors"}
    assert expected <= set(figures)
    assert figures["office_errors"] == 0, figures["office_error_samples"]
    assert all(figures[f"{name}_p95_ms"] > 0 for name in METRICS)
    if window_paint.missing_tools() is None:  # Xvfb and ImageMagick: the window is measured
        assert figures["window_paint_python_s"] > 0
