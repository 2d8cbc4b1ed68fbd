"""Reclamações as records: opened from an entry's Reclamações tab, followed until resolved."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now_utc
from ..extensions import db
from .followups import FollowUpEntry
from .parties import Party
from .types import UTCDateTime
from .users import User

COMPLAINT_OPEN = "open"
COMPLAINT_IN_PROGRESS = "progress"
COMPLAINT_RESOLVED = "resolved"
COMPLAINT_STATUSES = (COMPLAINT_OPEN, COMPLAINT_IN_PROGRESS, COMPLAINT_RESOLVED)


class Complaint(db.Model):
    """A customer's complaint, with its own status, responsible and response deadline."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_status_deadline", "status", "deadline"),
        Index("ix_complaints_opened_on", "opened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("follow_up_entries.id"), unique=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    responsible_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    opened_on: Mapped[date]
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default=COMPLAINT_OPEN)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    entry: Mapped[FollowUpEntry] = relationship()
    party: Mapped[Party] = relationship()
    responsible: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_resolved(self) -> bool:
        return self.status == COMPLAINT_RESOLVED
