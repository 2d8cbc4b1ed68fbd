"""Work done once per office: two server processes on one database never both do it."""

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.extensions import db
from app.leases import hold, release

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_a_lease_is_held_by_one_until_it_runs_out(app):
    with app.app_context():
        assert hold("job", 60, holder="pc-1", now=T0)
        assert not hold("job", 60, holder="pc-2", now=T0 + timedelta(seconds=30))
        assert hold("job", 60, holder="pc-1", now=T0 + timedelta(seconds=50))  # renewed
        assert not hold("job", 60, holder="pc-2", now=T0 + timedelta(seconds=100))
        assert hold("job", 60, holder="pc-2", now=T0 + timedelta(seconds=111))  # ran out
        assert not hold("job", 60, holder="pc-1", now=T0 + timedelta(seconds=112))
        db.session.remove()


def test_a_released_lease_is_taken_at_once(app):
    with app.app_context():
        assert hold("job", 3600, holder="pc-1")
        assert not hold("job", 3600, holder="pc-2")
        release("job", holder="pc-1")
        assert hold("job", 3600, holder="pc-2")
        db.session.remove()


SERVER_PROCESS = textwrap.dedent("""
    import sys
    from app import create_app
    from app.backups.scheduler import backup_if_due
    app = create_app({"DATA_DIR": sys.argv[1], "SQLALCHEMY_DATABASE_URI": sys.argv[2],
                      "BACKUP_THREAD": False})
    sys.stdin.readline()  # both processes are up: go together
    print("taken" if backup_if_due(app) else "left", flush=True)
""")


def test_two_server_processes_take_one_daily_backup(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    folders = [tmp_path / "server-1", tmp_path / "server-2"]
    processes = []
    for folder in folders:
        folder.mkdir()
        processes.append(subprocess.Popen(
            [sys.executable, "-c", SERVER_PROCESS, str(folder), url], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}))
    for process in processes:  # both up (reading), then both told at once
        process.stdin.write("go\n")
        process.stdin.flush()
    answers = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert sorted(answers) == ["left", "taken"]
    backups = [p for folder in folders for p in (folder / "backups").glob("retorno-*daily*")]
    assert len(backups) == 1
