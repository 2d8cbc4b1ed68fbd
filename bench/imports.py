"""The import figures: `retorno import parties` of a generated 100,000-row file, timed and its
peak memory read, in a process of its own (as an admin runs it)."""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Cód.", "Razão Social", "Fantasia", "CNPJ/CPF", "Fone", "Celular", "E-mail",
          "Endereço", "Cidade", "UF", "CEP", "Contato", "Fone Contato"]


def _check_digits(base: str, weights: list[int]) -> str:
    for _ in range(2):
        rest = sum(int(d) * w for d, w in zip(base, weights[-len(base):], strict=True)) % 11
        base += "0" if rest < 2 else str(11 - rest)
    return base


def cpf(n: int) -> str:
    number = _check_digits(f"{n + 100_000_000:09d}", list(range(11, 1, -1)))
    return f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}"


def cnpj(n: int) -> str:
    number = _check_digits(f"{n + 10_000_000:08d}0001", [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"


def write_file(path: Path, rows: int) -> None:
    """An old ERP's customers in Windows-1252 with ";", every column a customer has."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            writer.writerow([
                n, f"Açúcar Comércio {n} Ltda", f"Loja {n}", cnpj(n) if n % 2 else cpf(n),
                f"(11) 3{n % 1000:03d}-{n % 10000:04d}",
                f"(21) 9{n % 10000:04d}-{n * 7 % 10000:04d}",
                f"compras{n}@loja{n % 97}.com.br", f"Rua {n}, {n % 300}", "São João", "SP",
                "01234-000", f"Maria {n}", f"(11) 2{n % 1000:03d}-{n * 3 % 10000:04d}"])


def measure_import(rows: int) -> dict:
    """Seconds and peak RSS (MB) of the CLI importing `rows` customers into an empty database."""
    folder = Path(tempfile.mkdtemp(prefix="retorno-bench-import-"))
    try:
        source = folder / "clientes.csv"
        write_file(source, rows)
        env = {**os.environ, "RETORNO_BACKUP_THREAD": "0", "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "app.cli", "import", "parties", str(source),
                   "--data-dir", str(folder / "data")]
        # The database is created (migrated) first: the figure is the import alone.
        subprocess.run([*command, "--dry-run"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        (folder / "data" / "imports").mkdir(exist_ok=True)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"the import exited {process.returncode}")
        # CPU seconds too: on a machine others share, the wall time says more about them.
        return {"import_rows": rows, "import_100k_s": round(seconds, 1),
                "import_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "import_peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
