"""The rules that create follow-up returns by themselves, and the marks that make them run once."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now_utc
from ..extensions import db
from .types import UTCDateTime


class AutomaticRule(db.Model):
    """One automatic rule of Configurações Gerais: its switch and its delay in days."""

    __tablename__ = "automatic_rules"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    delay_days: Mapped[int]
    # When it was last switched on: a rule on sales only looks at sales concluded since then.
    enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RuleMark(db.Model):
    """A rule acted on a subject (a document, a customer's silence): the unique key is what stops
    a second run, in this process or another, from creating the same return again."""

    __tablename__ = "rule_marks"
    __table_args__ = (UniqueConstraint("rule", "subject", name="uq_rule_marks_rule_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(60))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
