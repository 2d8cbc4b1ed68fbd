"""Backups of the database: online copies, rotation, swapping a backup in.

On SQLite every copy goes through the SQLite backup API (never a file copy, which could catch a
half-written page or miss the -wal file) and is verified with integrity_check before it is
kept; on PostgreSQL it is a pg_dump in custom format, verified by pg_restore reading it back
(stores.py). Files are named retorno-YYYYMMDD-HHMMSS-<kind>.sqlite3 (or .dump) in
DATA_DIR/backups. Rotation deletes only automatic copies (daily, before an update): it keeps
the newest of each of the 7 latest days, 4 latest weeks and 12 latest months. Backups a person
asked for, safety copies (taken before a restore) and pinned copies (the one restored) are
deleted only by a person.
Messages are lazy translated strings: English on the command line, the user's language on a page.
"""

import logging
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import sqlite_tuning
from ..extensions import db
from ..models import User
from ..schema_versions import head_revision, is_known
from .stores import PostgresStore, SqliteStore, Store, StoreError

log = logging.getLogger(__name__)

DAILY, MANUAL, PRE_MIGRATION, SAFETY = "daily", "manual", "premigration", "safety"
AUTOMATIC = (DAILY, PRE_MIGRATION)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
NAME = re.compile(
    r"^retorno-(\d{8}-\d{6})(?:-(\d+))?-(daily|manual|premigration|safety)\.(?:sqlite3|dump)$")
PIN_SUFFIX = ".keep"
_lock = threading.Lock()  # one backup or restore at a time per process


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    kind: str
    size: int
    pinned: bool
    seq: int = 0  # several backups in one second: 0, 1, 2…

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def protected(self) -> bool:
        """Never rotated away: only a person deletes it."""
        return self.kind not in AUTOMATIC or self.pinned

    @property
    def deletable(self) -> bool:
        """A person took it, so a person may delete it (from the backups page)."""
        return self.kind == MANUAL

    @property
    def pin_file(self) -> Path:
        return self.path.with_name(self.name + PIN_SUFFIX)


def backup_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "backups"


def database_store(app: Flask) -> Store:
    """Return what holds the app's database: its SQLite file, or its PostgreSQL database."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            return PostgresStore(engine.url)
        if engine.dialect.name != "sqlite":
            raise BackupError(_l("Backups here are for SQLite and PostgreSQL only."))
        path = sqlite_tuning.database_path(engine)
    if path is None:
        raise BackupError(_l("This database lives in memory: there is nothing to back up."))
    return SqliteStore(path)


def parse_name(path: Path) -> Backup | None:
    match = NAME.match(path.name)
    if not match:
        return None
    taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return Backup(path=path, taken_at=taken, kind=match.group(3), size=path.stat().st_size,
                  pinned=path.with_name(path.name + PIN_SUFFIX).exists(),
                  seq=int(match.group(2) or 0))


def list_backups(folder: Path) -> list[Backup]:
    """Return the backups in a folder, newest first."""
    if not folder.is_dir():
        return []
    found = [b for b in (parse_name(p) for p in folder.glob("retorno-*")) if b]
    return sorted(found, key=lambda b: (b.taken_at, b.seq), reverse=True)


def _new_name(folder: Path, kind: str, now: datetime, suffix: str) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    path, n = folder / f"retorno-{stamp}-{kind}{suffix}", 1
    while path.exists():
        path, n = folder / f"retorno-{stamp}-{n}-{kind}{suffix}", n + 1
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_backup(database: Store, target: Path) -> Path:
    """Copy the live database to target (through a temporary name) and verify it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        try:
            database.copy_to(partial)
        except StoreError as error:
            raise BackupError(str(error)) from error
        problems = database.problems(partial)
        if problems:
            raise BackupError(_l("the copy failed its integrity check: %(problems)s",
                                 problems="; ".join(problems[:3])))
        _fsync(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def take_backup(database: Store, folder: Path, kind: str = MANUAL,
                now: datetime | None = None, rotate: bool = True) -> Backup:
    """Take a verified backup of kind into folder, then rotate the folder."""
    now = now or datetime.now(UTC)
    with _lock:
        path = write_backup(database, _new_name(folder, kind, now, database.suffix))
        if rotate:
            rotate_backups(folder, also_keep=path)
    log.info("backup written: %s", path)
    return parse_name(path)  # type: ignore[return-value]


def backups_to_keep(backups: list[Backup]) -> set[Path]:
    """Choose what rotation keeps: all protected; of the automatic, 7 days, 4 weeks, 12 months."""
    keep = {b.path for b in backups if b.protected}
    rotating = sorted((b for b in backups if not b.protected),
                      key=lambda b: (b.taken_at, b.seq), reverse=True)
    if rotating:
        keep.add(rotating[0].path)  # never the newest
    for bucket, count in ((lambda t: t.date(), KEEP_DAILY),
                          (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda t: (t.year, t.month), KEEP_MONTHLY)):
        seen: list = []
        for backup in rotating:
            key = bucket(backup.taken_at)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(backup.path)
    return keep


def rotate_backups(folder: Path, also_keep: Path | None = None) -> list[Path]:
    """Delete the backups rotation no longer keeps; return them."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups) | {also_keep}
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        log.info("backup rotated away: %s", path.name)
    return removed


def latest_good_backup(folder: Path, database: Store) -> Backup | None:
    """Return the newest backup of this kind of database that passes its check."""
    for backup in list_backups(folder):
        if backup.path.suffix == database.suffix and not database.problems(backup.path):
            return backup
    return None


def check_backup(source: Path, database: Store) -> str:
    """Refuse a file that is not a sound Retorno database this version can open; its revision.

    Older revisions are fine (they are upgraded once swapped in); a newer one is refused.
    """
    if not source.is_file():
        raise BackupError(_l("no such file: %(path)s", path=str(source)))
    problems = database.problems(source)
    if problems:
        raise BackupError(_l("%(name)s is damaged and was not restored: %(problems)s",
                             name=source.name, problems="; ".join(problems[:3])))
    revision = database.revision(source)
    if revision is None:
        raise BackupError(_l("%(name)s is not a Retorno database.", name=source.name))
    if not is_known(revision):
        raise BackupError(_l(
            "%(name)s comes from a newer version of Retorno (database version %(found)s); this "
            "version knows database versions up to %(known)s. Install that newer Retorno to "
            "restore it. Nothing was changed.",
            name=source.name, found=revision, known=head_revision()))
    return revision


def swap_in(database: Store, source: Path, folder: Path) -> Backup:
    """Check a backup, save the current database as a safety copy, copy the backup over it.

    The schema is not upgraded here (see restore.restore_backup). The safety copy is never
    rotated away. Returns the safety copy (its file is missing when there was no database).
    """
    source = Path(source)
    with _lock:  # rotation takes the same lock: the checked file is the one copied
        check_backup(source, database)
        safety = _new_name(folder, SAFETY, datetime.now(UTC), database.suffix)
        folder.mkdir(parents=True, exist_ok=True)
        if database.exists():
            # Keep the current database even when damaged: a plain copy of what can be read.
            try:
                write_backup(database, safety)
            except (BackupError, OSError) as error:
                log.warning("safety copy not verified (%s); keeping it anyway", error)
                database.copy_to(safety)
        try:
            database.restore_from(source)
        except StoreError as error:
            raise BackupError(_l("%(name)s could not be restored (%(reason)s); nothing was "
                                 "changed.", name=source.name, reason=str(error))) from error
    log.warning("database restored from %s (safety copy %s)", source, safety.name)
    return parse_name(safety) if safety.exists() else Backup(safety, datetime.now(UTC), SAFETY,
                                                              0, False)


def pin(source: Path, folder: Path) -> None:
    """Keep a restored backup of the folder from rotation (automatic ones would go, in time)."""
    if source.parent.resolve() == folder.resolve():
        source.with_name(source.name + PIN_SUFFIX).write_text("restored\n")


def delete_backup(folder: Path, name: str, by: User) -> Backup:
    """Delete a backup a person took (rotation never does); refuse any other kind."""
    backup = next((b for b in list_backups(folder) if b.name == name), None)
    if backup is None or not backup.deletable:
        raise BackupError(_l("Only backups taken by hand can be deleted here."))
    with _lock:
        backup.path.unlink(missing_ok=True)
        backup.pin_file.unlink(missing_ok=True)
    log.warning("backup %s deleted by %s", name, by.login)
    return backup


def needs_daily_backup(folder: Path, now: datetime) -> bool:
    """True when no automatic backup was taken during the last day.

    Backups taken by hand do not count: a person may delete them; the automatic series stays whole.
    """
    latest = next((b for b in list_backups(folder) if b.kind in AUTOMATIC), None)
    return latest is None or (now - latest.taken_at).total_seconds() >= 24 * 3600
