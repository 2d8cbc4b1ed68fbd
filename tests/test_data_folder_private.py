"""The data folder is the user's alone: 0700 folders and 0600 files, whatever the umask says."""

import os
from pathlib import Path

import pytest

from app.backups.services import backup_dir, list_backups

from .conftest import PASSWORD
from .live_server import create_admin, retorno, running

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def not_private(folder: Path) -> dict[str, str]:
    """Return what in folder (itself included) other local accounts could read, with its mode."""
    loose = {}
    for path in [folder, *folder.rglob("*")]:
        try:
            mode = path.lstat().st_mode & 0o777
        except FileNotFoundError:  # a temporary file that came and went
            continue
        if mode != (0o700 if path.is_dir() else 0o600):
            loose[path.relative_to(folder).as_posix() or "."] = oct(mode)
    return loose


def loosen(folder: Path) -> None:
    """Give everything the modes an older Retorno left under umask 022."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_data_stays_private_through_start_backup_and_restore(tmp_path):
    data = tmp_path / "data"
    create_admin(data, "admin", PASSWORD)
    assert not_private(data) == {}
    loosen(data)
    with running("--data-dir", str(data), env={"RETORNO_NO_WINDOW": "1"}) as desktop:
        client = desktop.client()
        client.login("admin", PASSWORD)
        assert client.request("GET", "/after-login")[0] == 302  # where sign-in leads
        status, _, _ = client.request("POST", "/admin/backups",
                                      {"csrf_token": client.token("/admin/backups")})
        assert status == 302
        present = {p.relative_to(data).as_posix() for p in data.rglob("*")}
        assert {"retorno.sqlite3", "retorno.sqlite3-wal", "retorno.sqlite3-shm", "secret_key",
                "retorno.lock", "instance.json", "desktop_user.json", "logs/retorno.log",
                "backups"} <= present
        assert not_private(data) == {}
    result = retorno("backup", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    backups = list_backups(backup_dir(data))
    assert len(backups) == 2
    result = retorno("restore", str(backups[-1].path), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert len(list_backups(backup_dir(data))) == 3  # and the safety copy
    assert not_private(data) == {}
