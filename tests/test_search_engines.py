"""The same search finds the same entries on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Runs in the PostgreSQL pass: the test's own database is PostgreSQL, and a SQLite file is made
beside it with the same rows.
"""

from datetime import date

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import FollowUpEntry
from app.search import matching_entries

from .conftest import PASSWORD
from .factories import Factory

# What sellers write, with accents, plurals, numbers and punctuation.
NOTES = [
    "Forno quebrado na entrega, cliente pediu técnico",
    "Ligação não atendida; tentar de novo às 14h",
    "Aguardando ligação do comprador sobre o orçamento 1520",
    "Levar ferramenta nova e catálogo de peças",
    "Cobrança da parcela 3 de 5 — boleto vencido",
    "Cliente satisfeita com a instalação do fogão",
    "Reclamou do atraso de três dias na entrega",
    "Pediu desconto de 5% para pagamento à vista",
    "Visita técnica agendada: geladeira não gela",
    "Enviar proposta por e-mail para João da Silva",
    "Prospecção: padaria nova no bairro São José",
    "Orçamento aprovado, emitir pedido de venda",
]
QUERIES = ["forno", "FORNO quebrado", "ligação", "ligacao", "ligac", "orcamento", "orçamento 1520",
           "ferr", "ferramenta", "catálogo", "pecas", "boleto", "parcela 3", "cliente",
           "clien", "técnico", "tecnica", "entrega", "atraso", "desconto 5", "vista",
           "geladeira", "e-mail", "joão silva", "sao jose", "padaria", "pedido venda",
           "instalação fogão", "nada", "xyz"]


@pytest.fixture
def sqlite_twin(tmp_path):
    folder = tmp_path / "sqlite"
    folder.mkdir()
    twin = create_app({"DATA_DIR": str(folder), "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'retorno.sqlite3'}"})
    yield twin
    with twin.app_context():
        db.engine.dispose()


def _fill(app, factory: Factory) -> None:
    seller = factory.user("vendas")
    for n, note in enumerate(NOTES):
        factory.entry(factory.party(f"Cliente {n:02d}"), seller, return_date=date(2026, 12, 1),
                      notes=note)


def _found(app, query: str) -> list[str]:
    with app.app_context():
        condition = matching_entries(query)
        rows = db.session.scalars(select(FollowUpEntry.notes).where(condition)
                                  .order_by(FollowUpEntry.notes))
        return list(rows)


@pytest.mark.usefixtures("postgres_only")
def test_postgres_finds_what_sqlite_finds(app, sqlite_twin):
    _fill(app, Factory(app, PASSWORD))
    _fill(sqlite_twin, Factory(sqlite_twin, PASSWORD))
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
    differences = {query: (_found(sqlite_twin, query), _found(app, query)) for query in QUERIES
                   if _found(sqlite_twin, query) != _found(app, query)}
    assert differences == {}
    assert _found(app, "ligacao") == [NOTES[2], NOTES[1]]  # the data set does find things
