"""Customers and suppliers (Party) and their contact people."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now_utc
from ..extensions import db
from .types import UTCDateTime

CUSTOMER = "customer"
SUPPLIER = "supplier"
PARTY_KINDS = (CUSTOMER, SUPPLIER)


class Party(db.Model):
    __tablename__ = "parties"
    __table_args__ = (
        UniqueConstraint("kind", "code", name="uq_parties_kind_code"),
        Index("ix_parties_name", "name"),
        Index("ix_parties_document", "document"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    code: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    trade_name: Mapped[str] = mapped_column(String(120), default="")
    document: Mapped[str] = mapped_column(String(14), default="")  # CPF/CNPJ digits only
    phone: Mapped[str] = mapped_column(String(20), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(9), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="Contact.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_customer(self) -> bool:
        return self.kind == CUSTOMER

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.mobile) if p]

    def __repr__(self) -> str:
        return f"<Party {self.kind} {self.code} {self.name!r}>"


class Contact(db.Model):
    """A person at a customer or supplier."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")

    party: Mapped[Party] = relationship(back_populates="contacts")
