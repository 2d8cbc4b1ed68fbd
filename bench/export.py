"""The Follow Up export of every entry, CSV then XLSX, in a server of its own: its peak memory.

The server is fresh, so its high-water mark (VmHWM) is the export's; the body is read and
dropped as it arrives, as a browser saving the file would.
"""

import csv
import http.client
import io
import time
from collections.abc import Callable
from pathlib import Path

from .http_client import Client

READ = 256 * 1024


def download(port: int, cookies: dict[str, str], path: str) -> tuple[float, float, int]:
    """GET path streaming; return ms to the first byte, ms to the last, and the CSV rows read
    (0 for another format)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}", "Cookie": cookie})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"export: GET {path} answered {response.status}")
    response.peek(1)
    first_byte_ms = (time.perf_counter() - started) * 1000
    rows = 0
    if path.split("?")[0].endswith(".csv"):
        text = io.TextIOWrapper(response, encoding="utf-8-sig", newline="")
        rows = sum(1 for _ in csv.reader(text, delimiter=";"))
    else:
        while response.read1(READ):
            pass
    connection.close()
    return first_byte_ms, (time.perf_counter() - started) * 1000, rows


def measure_export(data_dir: Path, start_server: Callable, rss_mb: Callable, login: str,
                   password: str) -> dict:
    """Export all entries as CSV and XLSX from a fresh server; its peak RSS and the timings."""
    process, port, _ = start_server(data_dir)
    try:
        client = Client(port)
        client.login(login, password)
        csv_first, csv_ms, csv_rows = download(port, client.cookies,
                                                "/followups/export.csv?status=all")
        xlsx_first, xlsx_ms, _ = download(port, client.cookies,
                                          "/followups/export.xlsx?status=all")
        peak = rss_mb(process.pid, "VmHWM")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"export_peak_rss_mb": round(peak, 1), "export_rows": csv_rows - 1,
            "export_csv_s": round(csv_ms / 1000, 1), "export_xlsx_s": round(xlsx_ms / 1000, 1),
            "export_first_byte_ms": round(max(csv_first, xlsx_first), 1)}
