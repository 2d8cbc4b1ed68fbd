"""Follow-ups (a party's conversation over time) and their entries (one contact each)."""

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now_utc
from ..extensions import db
from .parties import Party
from .sales import SalesDocument
from .types import UTCDateTime
from .users import User

OPEN = "open"
DONE = "done"

NOTES_MAX = 20_000  # characters per text tab: a long call summary fits, a pasted file does not


class FollowUpType(db.Model):
    """Tipo de Follow Up: an editable list, each with an optional default return delay."""

    __tablename__ = "follow_up_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    default_delay_days: Mapped[int | None]
    business_days: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class FollowUp(db.Model):
    """The header: a party, an optional origin document, and who is responsible."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    origin_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("sales_documents.id"), index=True
    )
    responsible_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    party: Mapped[Party] = relationship()
    origin_document: Mapped[SalesDocument | None] = relationship(foreign_keys=[origin_document_id])
    responsible: Mapped[User] = relationship(foreign_keys=[responsible_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    entries: Mapped[list["FollowUpEntry"]] = relationship(
        back_populates="follow_up",
        order_by="(FollowUpEntry.contacted_at.desc(), FollowUpEntry.id.desc())",
        primaryjoin="and_(FollowUp.id == FollowUpEntry.follow_up_id,"
        " FollowUpEntry.deleted_at.is_(None))",
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": version}


class FollowUpEntry(db.Model):
    """Observações do Follow Up: one contact made, and the return it asks for."""

    __tablename__ = "follow_up_entries"
    __table_args__ = (
        # The lists filter on situação and return date, optionally by user or party.
        # deleted_at closes each index so that counting (and filtering out) soft-deleted rows
        # reads the index alone, never the table: due counts stay flat as history grows.
        Index("ix_entries_status_return", "status", "return_date", "id", "deleted_at"),
        Index("ix_entries_responsible_status_return", "responsible_id", "status", "return_date",
              "deleted_at"),
        Index("ix_entries_party_contacted", "party_id", "contacted_at"),
        Index("ix_entries_return", "return_date", "id"),
        # A user's whole history in return-date order ("Todos" filtered by user, and type).
        Index("ix_entries_responsible_return", "responsible_id", "return_date", "id"),
        # The Painel, each read from its index alone: returns closed this week (done_at is set
        # only while an entry is done), open returns per day and type, and complaints per month
        # (only the rows with a complaint; every column the count reads, so it stays covering).
        Index("ix_entries_done_at", "done_at", "responsible_id", "status", "deleted_at"),
        Index("ix_entries_status_return_type", "status", "return_date", "type_id",
              "responsible_id", "deleted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    # Copied from the follow-up so the busiest lists need no join to filter.
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    responsible_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    type_id: Mapped[int] = mapped_column(ForeignKey("follow_up_types.id"), index=True)
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    return_date: Mapped[date]
    # Hora do retorno (optional): wall-clock minutes in the business zone.
    return_time: Mapped[time | None]
    # Recurring: closing the return creates the next one this far ahead (both None: once).
    repeat_every: Mapped[int | None]
    repeat_unit: Mapped[str | None] = mapped_column(String(6))
    # The alarm instant (UTC) the time-of-day notification was sent for: sent once, and again
    # only when the return moves to another day or time.
    time_alert_sent_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8), default=OPEN)
    notes: Mapped[str] = mapped_column(Text)
    complaints: Mapped[str] = mapped_column(Text, default="")
    internal_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Soft delete: an admin can bring an entry back.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # How many times the return was put off (Adiar): "adiado 3 vezes" tells a stalled case.
    reschedule_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The automatic rule that created this return (app/automation), None when a user did.
    created_by_rule: Mapped[str | None] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(default=1)

    follow_up: Mapped[FollowUp] = relationship(back_populates="entries")
    party: Mapped[Party] = relationship()
    responsible: Mapped[User] = relationship(foreign_keys=[responsible_id])
    type: Mapped[FollowUpType] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def notes_first_line(self) -> str:
        return (self.notes or "").strip().splitlines()[0] if self.notes.strip() else ""
