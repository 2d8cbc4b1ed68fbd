"""Users, their permissions per area (app/permissions.py) and alert options."""

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now_utc
from ..extensions import db
from .types import UTCDateTime

ALERT_MIN_MINUTES = 10
ALERT_MAX_MINUTES = 60


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(10), default="pt_BR")
    # Bumped at logout and password change: every older session cookie stops working.
    session_version: Mapped[int] = mapped_column(default=1)

    alert_on_login: Mapped[bool] = mapped_column(default=True)
    alert_every_minutes: Mapped[int | None] = mapped_column(default=30)
    alerts_muted_on: Mapped[date | None]

    can_access_followups: Mapped[bool] = mapped_column(default=True)
    can_add_followups: Mapped[bool] = mapped_column(default=True)
    can_edit_followups: Mapped[bool] = mapped_column(default=True)
    can_mark_done_followups: Mapped[bool] = mapped_column(default=True)
    can_delete_followups: Mapped[bool] = mapped_column(default=False)
    can_see_all_followups: Mapped[bool] = mapped_column(default=False)

    can_access_parties: Mapped[bool] = mapped_column(default=True)
    can_add_parties: Mapped[bool] = mapped_column(default=True)
    can_edit_parties: Mapped[bool] = mapped_column(default=True)
    can_delete_parties: Mapped[bool] = mapped_column(default=False)

    can_access_sales: Mapped[bool] = mapped_column(default=True)
    can_add_sales: Mapped[bool] = mapped_column(default=True)
    can_edit_sales: Mapped[bool] = mapped_column(default=True)
    can_cancel_sales: Mapped[bool] = mapped_column(default=True)
    # Accounts older than migration 0007 got it on (they saw every document until then).
    can_see_all_sales: Mapped[bool] = mapped_column(default=False)

    can_access_products: Mapped[bool] = mapped_column(default=True)
    can_edit_products: Mapped[bool] = mapped_column(default=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    def get_id(self) -> str:
        """Tie the Flask-Login session to the current session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.login}>"
