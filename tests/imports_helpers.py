"""Writing import files for tests, and running an import the way the pages and CLI do."""

import csv
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from app.extensions import db
from app.imports.mappings import mapping_for
from app.imports.reading import read_table
from app.imports.report import ImportRefused
from app.imports.running import run_import
from app.models import Contact, Party, User

PARTY_HEADER = ["Cód.", "Razão Social", "Fantasia", "CNPJ/CPF", "Fone", "Cidade", "UF",
                "E-mail", "Contato", "Cargo"]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8",
              delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(app, path: Path, *, kind: str = "customer", target: str = "parties",
        dry_run: bool = False, skip_refused: bool = False, by_id: int | None = None):
    """The report of an import (refused whole: the report, nothing written)."""
    with app.app_context():
        table = read_table(path)
        by = db.session.get(User, by_id) if by_id else None
        try:
            return run_import(table, mapping_for(table.headers, target), target=target,
                              kind=kind, file_name=path.name, by=by, dry_run=dry_run,
                              skip_refused=skip_refused)
        except ImportRefused as refused:
            db.session.rollback()
            return refused.report


def parties_as_stored(app) -> list[tuple]:
    """Every party's columns and contacts, as the database holds them (for before/after)."""
    with app.app_context():
        parties = db.session.scalars(select(Party).order_by(Party.kind, Party.code)).all()
        found = []
        for party in parties:
            columns = tuple(getattr(party, column.key) for column in Party.__table__.columns
                            if column.key not in ("created_at", "updated_at"))
            contacts = tuple(db.session.execute(
                select(Contact.name, Contact.role, Contact.phone, Contact.email)
                .where(Contact.party_id == party.id).order_by(Contact.id)).all())
            terms = tuple(term.term for term in party.search_terms)
            found.append((columns, contacts, terms))
        return found
