"""Company-wide settings (Configurações Gerais) and holidays."""

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Settings(db.Model):
    """A single row (id 1) holding the general settings."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_name: Mapped[str] = mapped_column(String(120), default="")
    alerts_enabled: Mapped[bool] = mapped_column(default=True)
    # None means "the machine's zone", resolved at run time.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # The UF whose state holidays business days skip; None means national holidays only.
    state: Mapped[str | None] = mapped_column(String(2))
    default_language: Mapped[str] = mapped_column(String(10), default="pt_BR")
    # A session unused this long ends (the user signs in again).
    session_idle_minutes: Mapped[int] = mapped_column(default=480, server_default="480")
    # The Tipo de Follow Up a follow-up started from each kind of sales document gets first.
    quote_follow_up_type_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_types.id"))
    order_follow_up_type_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_types.id"))
    sale_follow_up_type_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_types.id"))
    # A complaint must be answered within this many business days of its opening.
    complaint_response_days: Mapped[int] = mapped_column(default=5, server_default="5")


class Holiday(db.Model):
    """One of the company's own days off, skipped by business-day delays like public holidays."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(80))
