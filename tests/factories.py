"""Records for tests, made through the app's own services (so the rules apply)."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.followups.services import EntryData, add_entry, start_follow_up
from app.models import CUSTOMER, FollowUpEntry, FollowUpType, Party, User
from app.parties.services import ContactInput, PartyInput, create_party
from app.users.services import UserData, create_account


def _loaded(record, *relations: str):
    """Load a record's columns (and named relations) so it stays readable once detached."""
    db.session.refresh(record)
    for name in relations:
        getattr(record, name)
    return record


class Factory:
    """Each call runs in its own app context, so no transaction stays open between requests."""

    def __init__(self, app, password: str):
        self.app = app
        self.password = password

    def _context(self):
        return self.app.app_context()

    def user(self, login: str, *, is_admin: bool = False, **flags) -> User:
        with self._context():
            data = (UserData.administrator if is_admin else UserData)(login, login.title())
            user = create_account(data, self.password, acting=None)
            for name, value in flags.items():
                setattr(user, name, value)
            db.session.commit()
            return _loaded(user)

    def party(self, name: str = "Padaria Pão Quente", kind: str = CUSTOMER, contacts=(),
              **fields) -> Party:
        with self._context():
            data = PartyInput(name=name, **fields,
                              contacts=[ContactInput(**contact) for contact in contacts])
            party = create_party(kind, data, by=None)
            db.session.commit()
            return _loaded(party, "contacts")

    def type_id(self, name: str = "Pós-Venda") -> int:
        with self._context():
            return db.session.scalar(select(FollowUpType.id).where(FollowUpType.name == name))

    def get(self, model, ident, *relations: str):
        """Read a record as it is now in the database."""
        with self._context():
            record = db.session.get(model, ident)
            return _loaded(record, *relations) if record is not None else None

    def scalar(self, statement):
        with self._context():
            return db.session.scalar(statement)

    def scalars(self, statement) -> list:
        with self._context():
            return list(db.session.scalars(statement))

    def entry(self, party: Party, user: User, *, return_date: date, notes: str = "Ligar",
              contacted_at: datetime | None = None, status: str = "open", type_name="Pós-Venda",
              follow_up=None, **texts) -> FollowUpEntry:
        contacted_at = contacted_at or datetime.combine(return_date - timedelta(days=3),
                                                        datetime.min.time()).replace(hour=10)
        data = EntryData(contacted_at=contacted_at, return_date=return_date,
                         type_id=self.type_id(type_name), status=status, notes=notes, **texts)
        with self._context():
            party, user = db.session.merge(party, load=False), db.session.merge(user, load=False)
            if follow_up is None:
                entry = start_follow_up(party, user, data)
            else:
                entry = add_entry(db.session.merge(follow_up, load=False), user, data)
            db.session.commit()
            return _loaded(entry, "follow_up")

    def product(self, code: str = "FORNO-1", description: str = "Forno elétrico 45 L",
                price: str = "899.90", unit: str = "UN", active: bool = True):
        """A catalog product, made through the catalog services."""
        from decimal import Decimal

        from app.catalog.services import ProductInput, create_product

        with self._context():
            product = create_product(ProductInput(code=code, description=description, unit=unit,
                                                  price=Decimal(price), active=active), by=None)
            db.session.commit()
            return _loaded(product)

    def document(self, kind: str, party: Party, user: User | None = None, *,
                 lines=(("Forno elétrico", "1", "899.90", "0"),), issued_on: date | None = None,
                 follow_up=None, notes: str = ""):
        """A quote, order or sale for a customer; lines are (description, qty, price, discount)."""
        from decimal import Decimal

        from app.models import FollowUp
        from app.sales.lines import LineInput
        from app.sales.services import DocumentInput, create_document

        rows = [LineInput(description=d, quantity=Decimal(q), unit_price=Decimal(p),
                          discount=Decimal(x)) for d, q, p, x in lines]
        data = DocumentInput(issued_on=issued_on or date.today(), customer_code=str(party.code),
                             salesperson_id=user.id if user else None, notes=notes, lines=rows)
        with self._context():
            linked = db.session.get(FollowUp, follow_up.id) if follow_up is not None else None
            document = create_document(kind, data, linked, by=None)
            db.session.commit()
            return _loaded(document, "lines", "party")
