"""The office bench runs tiny end to end (3 users for 2 s on a 2,000-entry data set), on SQLite in
the SQLite pass and on the suite's PostgreSQL server in its pass: it reports its figures and
sees no error (every answer as expected, every save found in the database afterwards)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.office_users import FormReader

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["list", "open_entry", "save_entry", "due_count"]


def run_office(tmp_path: Path, *extra: str) -> tuple[str, dict]:
    out = tmp_path / "office.json"
    env = {**os.environ, "RETORNO_BENCH_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("RETORNO_BENCH_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "bench", "--office", "--users", "3",
                             "--seconds", "2", "--entries", "2000", "--json", str(out), *extra],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, json.loads(out.read_text())


def assert_figures(figures: dict, prefix: str) -> None:
    assert figures["office_errors"] == 0, figures["office_error_samples"]
    assert figures[f"{prefix}_errors"] == 0
    assert figures[f"{prefix}_p95_ms"] > 0
    assert figures[f"{prefix}_rps"] > 0
    assert figures[f"{prefix}_saves"] > 0
    for kind in KINDS:
        assert figures[f"{prefix}_{kind}_p95_ms"] > 0


@pytest.mark.slow
def test_the_office_bench_on_sqlite(tmp_path):
    printed, figures = run_office(tmp_path, "--engine", "sqlite")
    assert "Office: 3 users at once for 2 s" in printed
    assert_figures(figures, "office_sqlite")
    assert "office_pg_p95_ms" not in figures


@pytest.mark.slow
def test_the_office_bench_on_postgres(tmp_path, database_uri, postgres_url):
    if postgres_url is None:
        pytest.skip("PostgreSQL: set RETORNO_TEST_DATABASE_URL (the PostgreSQL pass)")
    server = postgres_url.render_as_string(hide_password=False)
    printed, figures = run_office(tmp_path, "--engine", "postgres", "--database-url", server)
    assert "PostgreSQL" in printed
    assert_figures(figures, "office_pg")
    assert "office_sqlite_p95_ms" not in figures


ENTRY_PAGE = """<form method="post" action="/search"><input name="q" value="x"></form>
<form method="post" id="entry-form">
  <input type="hidden" name="csrf_token" value="t&amp;1">
  <select name="type_id"><option value="1">Ligação</option>
    <option value="2" selected>Visita</option></select>
  <select name="status"><option value="open">Aberto</option><option value="done">Baixado</option>
  </select>
  <input type="checkbox" name="urgent"><input type="checkbox" name="kept" checked>
  <textarea name="notes">\r\nLigar às 10h &lt;urgente&gt;</textarea>
  <button type="submit" name="close_and_schedule" value="1">Baixar</button>
</form>"""


def test_the_form_reader_sends_what_a_browser_would():
    assert FormReader.read(ENTRY_PAGE, form_id="entry-form") == {
        "csrf_token": "t&1", "type_id": "2", "status": "open", "kept": "on",
        "notes": "Ligar às 10h <urgente>"}
