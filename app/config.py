"""Where the data lives and the defaults every deployment starts from."""

import hashlib
import logging
import os
import secrets
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Retorno"
PACKAGE_ROOT = Path(__file__).resolve().parent
# What Retorno keeps in the data folder; only these are made private (the folder may be shared).
OWN_FILES = ("retorno.sqlite3", "retorno.sqlite3-wal", "retorno.sqlite3-shm",
             "retorno.sqlite3-journal", "secret_key", "instance.json", "desktop_user.json",
             "retorno.lock")
OWN_FOLDERS = ("backups", "logs")

log = logging.getLogger(__name__)


def resource_root() -> Path:
    """Return the folder holding migrations/ (the checkout, or PyInstaller's bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else PACKAGE_ROOT.parent


def default_data_dir() -> Path:
    """Return the data folder: RETORNO_DATA_DIR, else the user's platform data folder."""
    configured = os.environ.get("RETORNO_DATA_DIR")
    return Path(configured) if configured else Path(user_data_dir(APP_NAME, appauthor=False))


def create_files_private() -> None:
    """From now on, let this process create files and folders for the user alone (POSIX).

    Set once at the start of the `retorno` command: the database, its -wal/-shm, backups,
    logs and the lock file are then created 0600 (folders 0700) whatever the login's umask.
    """
    if os.name == "posix":
        os.umask(0o077)


def make_data_private(data_dir: Path) -> None:
    """Take other accounts' access away from the data folder and Retorno's files in it.

    For files an older version left readable (0644). POSIX only: on Windows the data folder
    is in the user's own profile, which other accounts cannot read.
    """
    if os.name != "posix":
        return
    _chmod(data_dir, 0o700)
    for name in OWN_FILES:
        _chmod(data_dir / name, 0o600)
    for name in OWN_FOLDERS:
        for folder, _subfolders, files in os.walk(data_dir / name):
            _chmod(Path(folder), 0o700)
            for file in files:
                _chmod(Path(folder) / file, 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.is_symlink() or not path.exists() or path.stat().st_mode & 0o777 == mode:
            return
        path.chmod(mode)
    except FileNotFoundError:  # a temporary file that came and went
        pass
    except PermissionError as error:  # someone else's file: say so, but start
        log.warning("could not make %s private: %s", path, error)


def session_cookie_name(data_dir: Path) -> str:
    """A session cookie name of this data folder's own (the folder's path, hashed)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return f"retorno_{digest}"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'retorno.sqlite3').as_posix()}"


def engine_options(url: str) -> dict:
    """Connection-pool settings for the database at url (PostgreSQL's can go away under us).

    A pooled connection that PostgreSQL dropped (a restart, a network hiccup) is found dead by a
    cheap ping when it is taken from the pool and replaced, instead of failing a request.
    """
    if not url.startswith("postgresql"):
        return {}
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 10}}


def load_secret_key(data_dir: Path) -> str:
    """Read the secret key from the data folder, creating it (mode 0600) the first time."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


class Config:
    """Defaults; create_app() fills in the data-folder-dependent values."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    WTF_CSRF_TIME_LIMIT = None  # a form left open all day must still save
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Cadastros → Importar's file alone may be larger (a whole register from another system).
    IMPORT_MAX_BYTES = 64 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "pt_BR"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = {"pt_BR": "Português (Brasil)", "en": "English"}
    AUTO_MIGRATE = True
    PAGE_SIZE = 50
    # Host names accepted besides loopback (LAN mode sets these explicitly).
    ALLOWED_HOSTS: tuple[str, ...] = ()
    # The daily backup thread: None means on, except when TESTING.
    BACKUP_THREAD: bool | None = None
    # The automatic rules' daily run (app/automation): None means on, except when TESTING.
    RULES_THREAD: bool | None = None
    # Run by `retorno desktop` (the launcher sets it): this computer's own app, not a LAN server.
    DESKTOP_APP = False
    # Log the SQLite version and refuse a database that fails integrity_check.
    STARTUP_CHECKS = True
    # Up to this size integrity_check runs before serving; above, right after start (in a thread).
    STARTUP_FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024


def allowed_hosts_from_environment() -> tuple[str, ...]:
    """RETORNO_ALLOWED_HOSTS: the names users type to reach a LAN server, comma-separated."""
    hosts = os.environ.get("RETORNO_ALLOWED_HOSTS", "")
    return tuple(h.strip() for h in hosts.split(",") if h.strip())


def apply_environment(config: dict) -> None:
    """Let an installer or admin set LAN host names and the backup thread by environment."""
    hosts = allowed_hosts_from_environment()
    if hosts and not config.get("ALLOWED_HOSTS"):
        config["ALLOWED_HOSTS"] = hosts
    for key in ("BACKUP_THREAD", "RULES_THREAD"):
        flag = os.environ.get(f"RETORNO_{key}", "").strip().lower()
        if flag in ("0", "false", "no", "off"):
            config[key] = False
        elif flag in ("1", "true", "yes", "on"):
            config[key] = True
