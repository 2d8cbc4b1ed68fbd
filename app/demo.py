"""`retorno demo-data`: a small, realistic data set so a newcomer sees the app at work.

Everything goes through the services a user's clicks go through, so the data obeys the same
rules (codes, totals, links between follow-ups and documents, the audit trail).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from .auth.services import has_any_user
from .catalog.services import ProductInput, create_product
from .clock import now_utc, to_local
from .demo_rows import CONDITIONS, CUSTOMERS, PRODUCTS, SUPPLIERS, DemoParty, Story
from .extensions import db
from .followups.services import EntryData, add_entry, start_follow_up
from .models import (
    CUSTOMER,
    DONE,
    OPEN,
    SUPPLIER,
    FollowUp,
    FollowUpType,
    Party,
    Product,
    SalesDocument,
    User,
)
from .parties.services import ContactInput, PartyInput, create_party
from .rules import RuleError
from .sales.lines import LineInput
from .sales.services import DocumentInput, cancel_document, convert_document, create_document
from .settings.services import business_today, business_zone_name
from .users.services import UserData, create_account

# Public (it is in the README): every account created with it is named when it is created.
DEMO_PASSWORD = "retorno-demo"


@dataclass(frozen=True)
class DemoSummary:
    """What load_demo_data added, and the accounts that got the public DEMO_PASSWORD."""

    parties: int
    products: int
    documents: int
    entries: int
    accounts: list[str]

    def report(self) -> str:
        """What was loaded, in the company's language (the caller picks it)."""
        text = _("Demo data loaded: %(parties)d customers and suppliers, %(products)d products, "
                 "%(documents)d quotes, orders and sales, %(entries)d follow-up entries.",
                 parties=self.parties, products=self.products, documents=self.documents,
                 entries=self.entries)
        if self.accounts:
            text += "\n" + _("Accounts created with the public password %(password)s: "
                             "%(accounts)s. Change their passwords before real use (Users).",
                             password=DEMO_PASSWORD, accounts=", ".join(self.accounts))
        return text


class DatabaseNotEmpty(Exception):
    """The database already holds users, parties or follow-ups: demo data would mix in."""

    def __init__(self, found: dict[str, int]):
        super().__init__(", ".join(f"{name}: {count}" for name, count in found.items()))
        self.found = found

    def report(self) -> str:
        """Why nothing was loaded, and how to load it anyway, in the company's language."""
        names = {"users": _("users"), "parties": _("customers and suppliers"),
                 "products": _("products"), "follow-ups": _("follow-ups")}
        found = ", ".join(f"{names[name]}: {count}" for name, count in self.found.items())
        return _("The database already has data (%(found)s). Demo data would mix with it and "
                 "add the account vendas with the public password %(password)s; run "
                 "`retorno demo-data --force` to add it anyway.", found=found,
                 password=DEMO_PASSWORD)


def existing_records() -> dict[str, int]:
    """Count the records a real installation has (the types and settings do not count)."""
    return {"users": db.session.scalar(select(func.count(User.id))) or 0,
            "parties": db.session.scalar(select(func.count(Party.id))) or 0,
            "products": db.session.scalar(select(func.count(Product.id))) or 0,
            "follow-ups": db.session.scalar(select(func.count(FollowUp.id))) or 0}


def _accounts() -> tuple[User, User, list[str]]:
    """The seller `vendas`, the manager (the first administrator) and the accounts created."""
    created = []
    if not has_any_user():
        create_account(UserData.administrator("admin", "Administrador"), DEMO_PASSWORD,
                       acting=None)
        created.append("admin")
    seller = db.session.scalar(select(User).where(User.login == "vendas"))
    if seller is None:
        seller = create_account(UserData("vendas", "Júlia Vendas"), DEMO_PASSWORD, acting=None)
        created.append("vendas")
    manager = db.session.scalar(select(User).order_by(User.is_admin.desc(), User.id).limit(1))
    return seller, manager, created


def _party(kind: str, row: DemoParty) -> Party:
    data = PartyInput(name=row.name, trade_name=row.trade_name, document=row.document,
                      phone=row.phone, mobile=row.mobile, address=row.address, city=row.city,
                      state=row.state, postal_code=row.postal_code,
                      contacts=[ContactInput(*contact) for contact in row.contacts])
    try:
        return create_party(kind, data, by=None)
    except RuleError:  # --force into a database that has this CPF/CNPJ already
        data.document = ""
        return create_party(kind, data, by=None)


class _Loader:
    """Tells each party's story on one day, counting what it adds."""

    def __init__(self, today: date, now_local: datetime, owners: tuple[User, User]):
        self.today, self.now_local, self.owners = today, now_local, owners
        self.types = {t.name: t.id for t in db.session.scalars(select(FollowUpType))}
        self.rng = random.Random(7)
        self.documents = self.entries = 0

    def tell(self, index: int, party: Party, story: Story) -> None:
        owner = self.owners[index % 2]
        contacted = self.now_local - timedelta(days=max(1, 2 - story.return_in),
                                               hours=self.rng.randint(0, 5))
        entry_data = EntryData(contacted_at=contacted,
                               return_date=self.today + timedelta(days=story.return_in),
                               type_id=self.types[story.type_name], status=OPEN,
                               notes=story.notes, complaints=story.complaint)
        document = None
        if story.document and story.from_document:  # F4: the follow-up comes from the document
            document = self._document(party, story, owner, None, contacted)
        entry = start_follow_up(party, owner, entry_data, origin=document)
        self.entries += 1
        if story.document and not story.from_document:  # F5: the document comes from it
            self._document(party, story, owner, entry.follow_up, contacted)
        if story.earlier_contact:
            add_entry(entry.follow_up, owner, EntryData(
                contacted_at=contacted - timedelta(days=10),
                return_date=(contacted - timedelta(days=5)).date(),
                type_id=self.types["Prospecção"], status=DONE, notes=story.earlier_contact))
            self.entries += 1

    def _document(self, party: Party, story: Story, owner: User, follow_up: FollowUp | None,
                  contacted: datetime) -> SalesDocument:
        """The story's document, converted on or turned down as it says; the last one made."""
        lines = [LineInput(product_code=code, quantity=Decimal(quantity),
                           discount=Decimal(discount) if discount else None)
                 for code, quantity, discount in story.lines]
        data = DocumentInput(issued_on=contacted.date() - timedelta(days=3),
                             customer_code=str(party.code), salesperson_id=owner.id,
                             notes=CONDITIONS, lines=lines)
        document = create_document(story.document, data, follow_up, by=owner)
        self.documents += 1
        if story.rejected:
            cancel_document(document, by=owner)
        while story.convert_to and document.kind != story.convert_to:
            document = convert_document(document, contacted.date(), by=owner)
            self.documents += 1
        return document


def load_demo_data(*, force: bool = False) -> DemoSummary:
    """Create users, products, parties, follow-ups due today, overdue and later, and the
    quotes, orders and sales linked to them; commit once.

    On a database that has data already, only with force: the account `vendas` it adds has
    a password anyone can read in the README.
    """
    found = {name: count for name, count in existing_records().items() if count}
    if found and not force:
        raise DatabaseNotEmpty(found)
    seller, manager, accounts = _accounts()
    existing_codes = set(db.session.scalars(select(Product.code)))
    products = [create_product(ProductInput(code, description, unit, price), by=None)
                for code, description, unit, price in PRODUCTS if code not in existing_codes]
    now_local = to_local(now_utc(), business_zone_name()).replace(tzinfo=None, second=0,
                                                                  microsecond=0)
    loader = _Loader(business_today(), now_local, (manager, seller))
    parties = 0
    for kind, rows in ((CUSTOMER, CUSTOMERS), (SUPPLIER, SUPPLIERS)):
        for row, story in rows:
            loader.tell(parties, _party(kind, row), story)
            parties += 1
    db.session.commit()
    return DemoSummary(parties=parties, products=len(products), documents=loader.documents,
                       entries=loader.entries, accounts=accounts)
