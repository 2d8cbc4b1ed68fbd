"""Build a realistic database through the app's models (Core inserts on the model tables)."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import insert, text

from app.auth.services import hash_password
from app.extensions import db
from app.models import Contact, FollowUp, FollowUpEntry, Party, PartySearchTerm, SalesDocument, User
from app.settings.services import business_today

from . import lookup

SYLLABLES = ["ma", "ri", "so", "ta", "ne", "lu", "ca", "ro", "be", "di", "fa", "go", "pe",
             "qui", "sa", "vi", "za", "tre", "bra", "cor", "lin", "mon", "par", "ser"]
COMMON = ("ligar cliente retorno proposta pedido entrega boleto visita técnica orçamento "
          "desconto prazo garantia peça troca instalação reunião contrato pagamento nota fiscal "
          "comprador gerente aguardando confirmou pediu enviar catálogo amostra").split()
BATCH = 20_000


@dataclass(frozen=True)
class Size:
    parties: int
    entries: int
    users: int
    documents: int


FULL = Size(parties=100_000, entries=1_000_000, users=50, documents=30_000)
SMALL = Size(parties=1_000, entries=10_000, users=50, documents=300)
QUICK = Size(parties=2_000, entries=20_000, users=10, documents=200)
QUICK_SMALL = Size(parties=200, entries=2_000, users=10, documents=20)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _text(rng: random.Random, vocabulary: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(low, high))).capitalize()


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


def build(size: Size, seed: int = 42) -> dict:
    """Fill an empty, migrated database; return facts the benchmark needs (ids, words)."""
    rng = random.Random(seed)
    today = business_today()
    now = datetime.now(UTC)
    vocabulary = COMMON + [_word(rng) for _ in range(3000)]
    password = hash_password("bench-password")
    users = [{"id": n, "login": f"user{n}", "name": f"Usuário {n}", "password_hash": password,
              "is_admin": n == 1, "can_see_all_followups": n <= 5, "can_delete_followups": n == 1,
              "session_version": 1, "created_at": now} for n in range(1, size.users + 1)]
    _insert(User, users)

    parties, contacts = [], []
    party_rng = random.Random(seed + 1)  # the Consulta's fields, apart: the rest stays as it was
    codes = {"customer": 0, "supplier": 0}
    for n in range(1, size.parties + 1):
        kind = "customer" if rng.random() < 0.85 else "supplier"
        codes[kind] += 1
        parties.append({"id": n, "kind": kind, "code": codes[kind],
                        "name": f"{_word(rng).title()} {_word(rng).title()} Ltda",
                        "phone": f"(11) 3{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                        "city": "São Paulo", "state": "SP", "created_at": now, "updated_at": now})
        lookup.enrich(parties[-1], party_rng)
        if rng.random() < 0.6:
            contacts.append({"party_id": n, "name": _word(rng).title(), "role": "Comprador",
                             "phone": f"(11) 9{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"})
    _insert(Party, parties)
    _insert(PartySearchTerm, lookup.term_rows(parties))
    _insert(Contact, contacts)
    lookup_queries = lookup.typed_queries(parties, party_rng)

    type_ids = [row[0] for row in db.session.execute(text("select id from follow_up_types"))]
    follow_ups, entries = [], []
    entry_id = 0
    follow_up_id = 0
    start_day = today - timedelta(days=5 * 365)
    while entry_id < size.entries:
        follow_up_id += 1
        party_id = rng.randint(1, size.parties)
        responsible = rng.randint(1, size.users)
        follow_ups.append({"id": follow_up_id, "party_id": party_id, "responsible_id": responsible,
                           "created_by_id": responsible, "created_at": now, "updated_at": now,
                           "version": 1})
        contact_day = start_day + timedelta(days=rng.randint(0, 5 * 365))
        for _ in range(rng.randint(1, 5)):
            if entry_id >= size.entries:
                break
            entry_id += 1
            return_day = contact_day + timedelta(days=rng.randint(0, 30))
            recent = return_day >= today - timedelta(days=7)
            status = "open" if recent or rng.random() < 0.01 else "done"
            contacted = datetime.combine(contact_day, time(rng.randint(8, 17), rng.randint(0, 59)),
                                         tzinfo=UTC)
            entries.append({
                "id": entry_id, "follow_up_id": follow_up_id, "party_id": party_id,
                "responsible_id": responsible, "type_id": rng.choice(type_ids),
                "contacted_at": contacted, "return_date": return_day, "status": status,
                "notes": _text(rng, vocabulary, 8, 25),
                "complaints": _text(rng, vocabulary, 4, 12) if rng.random() < 0.1 else "",
                "internal_comment": _text(rng, vocabulary, 3, 8) if rng.random() < 0.05 else "",
                "created_by_id": responsible, "created_at": contacted, "updated_at": contacted,
                "done_by_id": responsible if status == "done" else None,
                "done_at": contacted if status == "done" else None, "version": 1})
            contact_day = return_day
        if len(entries) >= BATCH * 5:
            _flush(follow_ups, entries)
    _flush(follow_ups, entries)
    # Make sure "today" has work for every user, as on a real morning.
    due_today = [{"id": size.entries + n, "follow_up_id": rng.randint(1, follow_up_id),
                  "party_id": rng.randint(1, size.parties), "responsible_id": 1 + n % size.users,
                  "type_id": rng.choice(type_ids), "contacted_at": now - timedelta(days=3),
                  "return_date": today, "status": "open", "notes": _text(rng, vocabulary, 8, 20),
                  "complaints": "", "internal_comment": "", "created_by_id": 1,
                  "created_at": now, "updated_at": now, "version": 1}
                 for n in range(1, 5 * size.users + 1)]
    _insert(FollowUpEntry, due_today)

    documents = [{"kind": rng.choice(["quote", "order", "sale"]), "number": n,
                  "party_id": rng.randint(1, size.parties), "salesperson_id": 1,
                  "issued_on": start_day + timedelta(days=rng.randint(0, 5 * 365)),
                  "status": "aberto", "notes": "", "created_at": now, "updated_at": now,
                  "version": 1} for n in range(1, size.documents + 1)]
    _insert(SalesDocument, documents)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    busiest_party = db.session.execute(text(
        "select party_id from follow_up_entries group by party_id order by count(*) desc limit 1"
    )).scalar()
    # "Everything this seller did in this type": the busiest pair, a full page on any size.
    filter_user = db.session.execute(text(
        "select responsible_id from follow_up_entries where type_id = :type_id "
        "group by responsible_id order by count(*) desc limit 1"), {"type_id": type_ids[1]}
    ).scalar()
    return {"today": today.isoformat(), "type_id": type_ids[1], "party_id": busiest_party,
            "filter_user": filter_user,
            "search_words": [rng.choice(vocabulary[len(COMMON):]) for _ in range(20)],
            "lookup_queries": lookup_queries,
            "sample_entry_ids": [rng.randint(1, size.entries) for _ in range(200)],
            "total_entries": size.entries + len(due_today), "users": size.users}


def _flush(follow_ups: list[dict], entries: list[dict]) -> None:
    _insert(FollowUp, follow_ups)
    _insert(FollowUpEntry, entries)
    follow_ups.clear()
    entries.clear()


