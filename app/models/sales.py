"""Products and sales documents (Orçamento, Pedido de Venda, Venda)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now_utc
from ..extensions import db
from .parties import Party
from .types import UTCDateTime
from .users import User

QUOTE = "quote"
ORDER = "order"
SALE = "sale"
DOCUMENT_KINDS = (QUOTE, ORDER, SALE)

MONEY = Numeric(14, 2, asdecimal=True)
QUANTITY = Numeric(14, 3, asdecimal=True)


class Product(db.Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    description: Mapped[str] = mapped_column(String(200))
    # Code and description folded (no accents, lower case): what the lookup compares.
    search_key: Mapped[str] = mapped_column(String(250), default="", server_default="")
    unit: Mapped[str] = mapped_column(String(6), default="UN")
    price: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class SalesDocument(db.Model):
    __tablename__ = "sales_documents"
    __table_args__ = (
        UniqueConstraint("kind", "number", name="uq_sales_documents_kind_number"),
        Index("ix_sales_documents_party_issued", "party_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    number: Mapped[int]
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    salesperson_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(12))
    notes: Mapped[str] = mapped_column(Text, default="")
    # The quote an order came from, or the order a sale came from.
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("sales_documents.id"))
    # The follow-up this document was started from (F5).
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", use_alter=True), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    party: Mapped[Party] = relationship()
    salesperson: Mapped[User | None] = relationship()
    source_document: Mapped["SalesDocument | None"] = relationship(remote_side=[id])
    lines: Mapped[list["SalesDocumentLine"]] = relationship(
        back_populates="document", cascade="all, delete-orphan",
        order_by="SalesDocumentLine.position"
    )

    __mapper_args__ = {"version_id_col": version}


class SalesDocumentLine(db.Model):
    __tablename__ = "sales_document_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("sales_documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))

    document: Mapped[SalesDocument] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()
