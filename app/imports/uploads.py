"""An uploaded file kept in the data folder between the import's steps, with its choices."""

import json
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from werkzeug.datastructures import FileStorage

KEEP_SECONDS = 24 * 3600
_TOKEN_CHARACTERS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass
class Upload:
    """A file waiting to be imported: what it is, and the choices made for it so far."""

    token: str
    file_name: str
    target: str  # "parties" or "followups"
    kind: str
    user_id: int
    mapping: list[str] = field(default_factory=list)

    def path(self, folder: Path) -> Path:
        return folder / f"{self.token}.data"


def upload_folder(data_dir: str) -> Path:
    folder = Path(data_dir) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def keep_upload(folder: Path, file: FileStorage, target: str, kind: str,
                user_id: int) -> Upload:
    """Store the file under a random name (older uploads left behind are removed)."""
    _remove_old(folder)
    upload = Upload(secrets.token_urlsafe(16), Path(file.filename or "file").name[:120],
                    target, kind, user_id)
    file.save(upload.path(folder))
    save_upload(folder, upload)
    return upload


def save_upload(folder: Path, upload: Upload) -> None:
    (folder / f"{upload.token}.json").write_text(json.dumps(asdict(upload)), encoding="utf-8")


def find_upload(folder: Path, token: str, user_id: int) -> Upload | None:
    """The upload this user sent under this token, if it is still there."""
    if not token or not set(token) <= _TOKEN_CHARACTERS:
        return None
    try:
        upload = Upload(**json.loads((folder / f"{token}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return upload if upload.user_id == user_id else None


def discard_upload(folder: Path, upload: Upload) -> None:
    for path in (upload.path(folder), folder / f"{upload.token}.json"):
        path.unlink(missing_ok=True)


def _remove_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
