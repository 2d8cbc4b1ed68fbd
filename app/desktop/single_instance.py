"""One running Retorno per data folder: an OS lock plus a file telling others where it listens."""

import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

LOCK_NAME = "retorno.lock"
INFO_NAME = "instance.json"


@dataclass(frozen=True)
class InstanceInfo:
    """Where the running instance listens, and the token its control endpoint wants."""

    pid: int
    port: int
    token: str
    window: bool = False  # it shows (or is opening) a window a second start can bring forward

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


class InstanceLock:
    """Hold the data folder's lock for as long as this process serves its database."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        # The OS drops the lock when the process dies, so a crash never leaves it stuck.
        self._lock = FileLock(str(data_dir / LOCK_NAME), timeout=0)
        self.token = secrets.token_urlsafe(32)

    @property
    def info_path(self) -> Path:
        return self.data_dir / INFO_NAME

    def acquire(self) -> bool:
        """Take the lock; False when another process already holds it."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def publish(self, port: int, window: bool = False) -> InstanceInfo:
        """Write this instance's port and token (mode 0600) for a second start to find."""
        info = InstanceInfo(pid=os.getpid(), port=port, token=self.token, window=window)
        temporary = self.info_path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(asdict(info), handle)
        os.replace(temporary, self.info_path)
        return info

    def release(self) -> None:
        """Forget the port and let the next start take over."""
        if not self._lock.is_locked:
            return
        try:
            self.info_path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove %s: %s", self.info_path, error)
        self._lock.release()


def read_instance_info(data_dir: Path) -> InstanceInfo | None:
    """Return what the running instance published, or None if nothing (readable) is there."""
    try:
        raw = json.loads((data_dir / INFO_NAME).read_text())
        return InstanceInfo(pid=int(raw["pid"]), port=int(raw["port"]), token=str(raw["token"]),
                            window=raw.get("window") is True)
    except (OSError, ValueError, KeyError, TypeError):
        return None
