"""Which database schema revisions this version of Retorno knows: its migrations folder's."""

from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory

from .config import resource_root


def migrations_dir() -> str:
    return str(Path(resource_root()) / "migrations")


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(migrations_dir())


def head_revision() -> str:
    """Return the newest revision: the schema this version writes."""
    return _scripts().get_current_head()


def is_known(revision: str) -> bool:
    """True for a revision this version can upgrade from (or is at)."""
    return revision in {script.revision for script in _scripts().walk_revisions()}
