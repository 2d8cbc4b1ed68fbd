"""How the columns of another system's files were mapped, kept for the next import."""

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now_utc
from ..extensions import db
from .types import UTCDateTime


class ImportMapping(db.Model):
    """One saved mapping per kind of import: a file's header name → a Retorno field."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(20), unique=True)  # "parties", "followups"
    columns: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
