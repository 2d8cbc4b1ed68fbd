"""The data floor: the SQL a page runs, replayed raw on sqlite3 without the app around it."""

import sqlite3
import statistics
import time

from sqlalchemy import event


class StatementRecorder:
    """Record every statement (with its bound parameters) an engine executes."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, tuple]] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            return
        self.statements.append((statement, tuple(parameters or ())))


def replay_ms(database: str, statements: list[tuple[str, tuple]], rounds: int) -> list[float]:
    """Run the statements raw, `rounds` times, inside a rolled-back transaction each time."""
    connection = sqlite3.connect(database, isolation_level=None)
    timings = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            connection.execute("BEGIN")
            for statement, parameters in statements:
                connection.execute(statement, parameters).fetchall()
            connection.execute("ROLLBACK")
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return timings


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
