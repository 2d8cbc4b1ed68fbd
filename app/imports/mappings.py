"""The mapping an admin saved for the next import: header name → Retorno field."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import ImportMapping
from ..rules import RuleError
from .fields import REQUIRED_FIELDS, TARGETS, field_labels, guess_mapping, header_key


def saved_columns(target: str) -> dict[str, str]:
    row = db.session.scalar(select(ImportMapping).where(ImportMapping.target == target))
    return dict(row.columns) if row else {}


def mapping_for(headers: list[str], target: str) -> list[str]:
    """The saved mapping where it names these headers, guessed from their names elsewhere."""
    return guess_mapping(headers, target, saved_columns(target))


def clean_mapping(chosen: list[str], target: str) -> list[str]:
    """The chosen fields, each known and used once ("" = the column is left out)."""
    known = {field.key for field in TARGETS[target]}
    seen: set[str] = set()
    cleaned = []
    for key in chosen:
        key = key if key in known and key not in seen else ""
        seen.add(key)
        cleaned.append(key)
    return cleaned


def save_mapping(target: str, headers: list[str], chosen: list[str]) -> None:
    """Remember this mapping for files with these header names (the caller commits)."""
    row = db.session.scalar(select(ImportMapping).where(ImportMapping.target == target))
    if row is None:
        row = ImportMapping(target=target, columns={})
        db.session.add(row)
    columns = dict(row.columns)
    columns.update({header_key(header): key for header, key in zip(headers, chosen, strict=True)
                    if header_key(header)})
    row.columns = columns


def check_mapping(target: str, headers: list[str], chosen: list[str]) -> None:
    """Refuse a field chosen for two columns, and a mapping without a field every row needs."""
    labels = field_labels(target)
    errors = {}
    first: dict[str, int] = {}
    for index, key in enumerate(chosen):
        if key and key in first:
            errors[f"columns-{index}"] = _l("%(field)s is already the column %(column)s.",
                                            field=labels[key], column=headers[first[key]])
        first.setdefault(key, index)
    missing = [str(labels[key]) for key in REQUIRED_FIELDS[target] if key not in first]
    if missing:
        errors[""] = _l("Choose the column of: %(fields)s.", fields=", ".join(missing))
    if errors:
        raise RuleError(errors=errors)
