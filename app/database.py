"""Backend-neutral database set-up: engine hooks chosen by dialect, migrations at start."""

from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from .config import resource_root
from .extensions import db


def install_engine_hooks(app: Flask) -> None:
    """Attach the dialect's connection hooks to the app's engine."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        from . import sqlite_tuning

        sqlite_tuning.install(engine)


def migrations_dir() -> str:
    return str(Path(resource_root()) / "migrations")


def upgrade_database(app: Flask) -> None:
    """Bring the schema to the newest migration (Alembic, batch mode on SQLite)."""
    with app.app_context():
        upgrade(directory=migrations_dir())

