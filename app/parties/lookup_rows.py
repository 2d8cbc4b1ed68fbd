"""How the Consulta shows a party: a suggestion ("12 — Name" and the rest) and a grid row."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..lookup_requests import PickTarget
from ..models import PARTY_KINDS, Party
from ..validation import format_document
from .labels import KIND_SINGULAR

LOOKUP_HEADERS = (_l("Code"), _l("Name"), _l("Trade name"), _l("CPF/CNPJ"), _l("Phone"),
                  _l("City"))
KIND_PARAMETERS = {"customers": "customer", "suppliers": "supplier"}


def lookup_kind(asked: str) -> str | None:
    """The kind the Consulta is limited to (customers, suppliers), or None for both."""
    kind = KIND_PARAMETERS.get(asked, asked)
    return kind if kind in PARTY_KINDS else None


def name_column(kind: str | None) -> int:
    return 2 if kind is None else 1


def lookup_headers(kind: str | None) -> list[str]:
    headers = [str(header) for header in LOOKUP_HEADERS]
    if kind is None:
        headers.insert(1, _("Customer/Supplier"))
    return headers


def lookup_cells(party: Party, kind: str | None) -> list[str]:
    """Code, (kind,) name, trade name, CPF/CNPJ, phones, city."""
    city = f"{party.city}/{party.state}" if party.city and party.state else party.city
    cells = [str(party.code), party.name, party.trade_name, format_document(party.document),
             " / ".join(party.phones), city]
    if kind is None:
        cells.insert(1, str(KIND_SINGULAR[party.kind]))
    return cells


def lookup_label(party: Party) -> str:
    """How a picked party reads in its field: "12 — Padaria Pão Quente"."""
    return f"{party.code} — {party.name}"


def lookup_item(party: Party, kind: str | None) -> dict:
    """A match as JSON, for the suggestion list (label, detail) and the F9 grid (cells)."""
    cells = lookup_cells(party, kind)
    shown = (0, name_column(kind))  # the code and the name are the label
    rest = [cell for index, cell in enumerate(cells) if cell and index not in shown]
    return {"id": party.id, "value": str(party.code), "kind": party.kind, "active": party.active,
            "label": lookup_label(party), "detail": " · ".join(rest), "cells": cells}


def grid_rows(parties: list[Party], kind: str | None, target: PickTarget | None) -> list[dict]:
    """The grid page's rows: each links back to the form that asked (an inactive party cannot
    be picked), or, opened on its own, to the party's record."""
    rows = []
    for party in parties:
        if target is None:
            href = url_for("parties.edit", party_id=party.id)
        else:
            href = target.url(str(party.code), party.id, kind=party.kind) if party.active else ""
        rows.append({"cells": lookup_cells(party, kind), "active": party.active, "href": href})
    return rows
