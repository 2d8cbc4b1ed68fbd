"""The audit trail: who changed what, when, from which value to which."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now_utc
from ..extensions import db
from .types import UTCDateTime
from .users import User


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(20))  # entry, party, document, user, settings
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(12))  # create, update, done, delete, restore
    changes: Mapped[dict[str, list]] = mapped_column(JSON, default=dict)  # {field: [old, new]}

    user: Mapped[User | None] = relationship()


class LoginAttempt(db.Model):
    """Sign-in attempts, kept to slow down password guessing per user name."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),
                      Index("ix_login_attempts_at", "at"))  # pruning old attempts

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40))
    # The client address: a stranger's guesses lock that address out, not the real user.
    address: Mapped[str] = mapped_column(String(45), default="", server_default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    succeeded: Mapped[bool]


class FormSubmission(db.Model):
    """A form's one-time key and what its first save produced: a repeat returns that result."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result_url: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
