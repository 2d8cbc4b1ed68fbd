"""Alembic environment: runs inside the Flask app, batch mode on SQLite.

On SQLite a batch migration rebuilds tables (create new, copy, drop old, rename). With
foreign keys enforced, dropping the old table would cascade-delete child rows, so they are
switched off for the migration and checked with foreign_key_check before committing.
"""

import logging

from alembic import context
from flask import current_app
from sqlalchemy import text

log = logging.getLogger("alembic.env")
config = context.config
target_db = current_app.extensions["migrate"].db


def run_migrations_online() -> None:
    engine = target_db.engine
    conf_args = dict(current_app.extensions["migrate"].configure_args)

    def skip_empty(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")

    conf_args.setdefault("process_revision_directives", skip_empty)
    conf_args["render_as_batch"] = True
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if is_sqlite:
            # Outside any transaction (the pragma is ignored inside one).
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            context.configure(connection=connection, target_metadata=target_db.metadata,
                              **conf_args)
            migration = context.get_context()
            pending = set(migration.get_current_heads()) != set(context.script.get_heads())
            with context.begin_transaction():
                context.run_migrations()
                # foreign_key_check reads every row: only after a migration actually ran.
                if is_sqlite and pending:
                    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
            connection.commit()
        finally:
            if is_sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run them online.")
run_migrations_online()
