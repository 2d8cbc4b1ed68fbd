"""`retorno demo-data`: a small, realistic data set so a newcomer sees the app at work."""

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from .auth.services import has_any_user
from .clock import now_utc, to_local
from .extensions import db
from .followups.services import EntryData, add_entry, start_follow_up
from .models import CUSTOMER, DONE, OPEN, SUPPLIER, FollowUp, FollowUpType, Party, User
from .parties.services import ContactInput, PartyInput, create_party
from .settings.services import business_today, business_zone_name
from .users.services import UserData, create_account

# Public (it is in the README): every account created with it is named when it is created.
DEMO_PASSWORD = "retorno-demo"
CUSTOMERS = [
    ("Padaria Pão Quente Ltda", "Pão Quente", "11222333000181", "(11) 3456-7890", "(11) 98765-4321",
     [("Marcos Lima", "Comprador", "(11) 97777-1111")]),
    ("Oficina Mecânica Irmãos Souza", "Irmãos Souza", "", "(19) 3232-1010", "",
     [("Carlos Souza", "Sócio", "(19) 99191-2020")]),
    ("Mercado Bom Preço", "Bom Preço", "", "(21) 2555-0101", "(21) 98888-0202",
     [("Ana Paula", "Gerente", "(21) 97654-3210"), ("Jorge", "Financeiro", "")]),
    ("Ana Beatriz Ferreira", "", "52998224725", "", "(31) 99876-5432", []),
    ("Clínica Sorriso Odontologia", "Sorriso", "", "(41) 3333-2222", "",
     [("Dra. Renata", "Diretora", "")]),
    ("Restaurante Sabor da Terra", "Sabor da Terra", "", "(51) 3012-3456", "(51) 99654-1234",
     []),
]
SUPPLIERS = [
    ("Distribuidora Trigo de Ouro S.A.", "Trigo de Ouro", "", "(11) 4002-8922", "",
     [("Paulo", "Vendedor", "")]),
    ("Embalagens Paraná Ltda", "Embalagens PR", "", "(43) 3321-4455", "", []),
]
NOTES = [
    ("Em Análise", "Cliente pediu prazo para analisar a proposta de manutenção.", ""),
    ("Pós-Venda", "Ligar para saber se o equipamento entregue está funcionando bem.", ""),
    ("Assistência Técnica", "Visita técnica agendada; levar peça de reposição.",
     "Reclamou do atraso na primeira visita."),
    ("Cobrança", "Boleto vencido em aberto; cliente prometeu pagar até sexta.", ""),
    ("Prospecção", "Apresentar a nova linha de produtos ao comprador.", ""),
]


@dataclass(frozen=True)
class DemoSummary:
    """What load_demo_data added, and the accounts that got the public DEMO_PASSWORD."""

    parties: int
    entries: int
    accounts: list[str]


class DatabaseNotEmpty(Exception):
    """The database already holds users, parties or follow-ups: demo data would mix in."""


def existing_records() -> dict[str, int]:
    """Count the records a real installation has (the types and settings do not count)."""
    return {"users": db.session.scalar(select(func.count(User.id))) or 0,
            "parties": db.session.scalar(select(func.count(Party.id))) or 0,
            "follow-ups": db.session.scalar(select(func.count(FollowUp.id))) or 0}


def load_demo_data(*, force: bool = False) -> DemoSummary:
    """Create users, parties and follow-ups due today, overdue and later; commit once.

    On a database that has data already, only with force: the account `vendas` it adds has
    a password anyone can read in the README.
    """
    found = {name: count for name, count in existing_records().items() if count}
    if found and not force:
        raise DatabaseNotEmpty(", ".join(f"{name}: {count}" for name, count in found.items()))
    rng = random.Random(7)
    accounts = []
    if not has_any_user():
        create_account(UserData.administrator("admin", "Administrador"), DEMO_PASSWORD,
                       acting=None)
        accounts.append("admin")
    seller = db.session.scalar(select(User).where(User.login == "vendas"))
    if seller is None:
        seller = create_account(UserData("vendas", "Júlia Vendas"), DEMO_PASSWORD, acting=None)
        accounts.append("vendas")
    # The other half of the follow-ups goes to the first administrator (the first user if none).
    manager = db.session.scalar(select(User).order_by(User.is_admin.desc(), User.id).limit(1))
    parties = []
    for kind, rows in ((CUSTOMER, CUSTOMERS), (SUPPLIER, SUPPLIERS)):
        for name, trade, document, phone, mobile, contacts in rows:
            data = PartyInput(name=name, trade_name=trade, document=document, phone=phone,
                              mobile=mobile, city="São Paulo", state="SP",
                              contacts=[ContactInput(n, r, p) for n, r, p in contacts])
            parties.append(create_party(kind, data, by=None))
    types = {t.name: t.id for t in db.session.scalars(select(FollowUpType))}
    today = business_today()
    now_local = to_local(now_utc(), business_zone_name()).replace(tzinfo=None, second=0,
                                                                  microsecond=0)
    offsets = [0, 0, 0, -1, -3, 1, 2, 7, 15, 30]
    created = 0
    for index, party in enumerate(parties):
        type_name, notes, complaint = NOTES[index % len(NOTES)]
        offset = offsets[index % len(offsets)]
        contacted = now_local - timedelta(days=max(1, -offset + 2), hours=rng.randint(0, 5))
        data = EntryData(contacted_at=contacted, return_date=today + timedelta(days=offset),
                         type_id=types[type_name], status=OPEN, notes=notes,
                         complaints=complaint)
        owner = seller if index % 2 else manager
        entry = start_follow_up(party, owner, data)
        created += 1
        if index % 3 == 0:
            earlier = EntryData(contacted_at=contacted - timedelta(days=10),
                                return_date=(contacted - timedelta(days=5)).date(),
                                type_id=types["Prospecção"], status=DONE,
                                notes="Primeiro contato: cliente interessado.")
            add_entry(entry.follow_up, owner, earlier)
            created += 1
    db.session.commit()
    return DemoSummary(parties=len(parties), entries=created, accounts=accounts)


