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
        # The lookup lists matches in name_key order: walking these stops at a page.
        Index("ix_parties_kind_name_key", "kind", "name_key", "id"),
        Index("ix_parties_name_key", "name_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    code: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    trade_name: Mapped[str] = mapped_column(String(120), default="")
    # Name and trade name folded (no accents, lower case): the lookup's sort order.
    name_key: Mapped[str] = mapped_column(String(250), default="", server_default="")
    document: Mapped[str] = mapped_column(String(14), default="")  # CPF/CNPJ digits only
    # Inscrição Estadual, as the other system held it (imported and exported; "ISENTO" too).
    state_registration: Mapped[str] = mapped_column(String(20), default="", server_default="")
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
    search_terms: Mapped[list["PartySearchTerm"]] = relationship(
        cascade="all, delete-orphan", order_by="PartySearchTerm.term"
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


class PartySearchTerm(db.Model):
    """One word of a party's name or trade name, or its phone's digits (with and without the
    area code): the lookup finds parties by the prefix of any of these, through the index."""

    __tablename__ = "party_search_terms"
    __table_args__ = (Index("ix_party_search_terms_party_term", "party_id", "term"),)

    term: Mapped[str] = mapped_column(String(60), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"),
                                          primary_key=True)
