"""`retorno serve` has a database connection for each worker thread: an office's users all at
once never wait for one (SQLAlchemy's default pool holds 15, then a request waits 30 s and
fails)."""

from contextlib import ExitStack

from app.cli import build_server_app
from app.extensions import db
from app.serving import WORKER_THREADS
from app.sqlite_tuning import read_only_transactions


def test_every_worker_thread_gets_a_connection_at_once(tmp_path, database_uri):
    app = build_server_app(tmp_path / "data", database_uri)
    with app.app_context(), read_only_transactions(), ExitStack() as held:
        connections = [held.enter_context(db.engine.connect()) for _ in range(WORKER_THREADS)]
        assert [c.exec_driver_sql("select 1").scalar() for c in connections] == [1] * len(
            connections)
    with app.app_context():
        db.engine.dispose()
