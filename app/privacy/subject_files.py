"""The titular's data as files: one JSON document, and a workbook a person can read."""

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..formatting import format_day, format_moment
from ..parties.labels import FIELD_LABELS, KIND_SINGULAR
from ..streaming_files import neutralise, workbook_chunks

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?)?$")


def subject_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _text(value: Any) -> str:
    """A value as a person reads it: dates as dd/mm/aaaa (times in the business zone)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (dict, list)):
        return neutralise(json.dumps(value, ensure_ascii=False))
    text = str(value)
    if ISO_DAY.match(text):
        moment = datetime.fromisoformat(text)
        return format_day(moment.date()) if len(text) == 10 else format_moment(moment)
    return neutralise(text)


def _table(records: list[dict], columns: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    return (list(columns.values()),
            [[_text(record.get(key)) for key in columns] for record in records])


def subject_workbook(data: dict[str, Any]) -> Iterator[bytes]:
    """One sheet per kind of record: the party's fields, contacts, entries, documents, lines
    and the audit, with a first sheet saying when and for whom it was made."""
    party = data["party"]
    labels = {"kind": _("Kind"), "code": _("Code"), **{k: str(v) for k, v in FIELD_LABELS.items()},
              "created_at": _("Created on"), "updated_at": _("Changed on")}
    record = [[_("Exported on"), _text(data["exported_at"])],
              [_("Requested by"), _text(data["requested_by"])]]
    record += [[labels.get(key, key), _text(value)] for key, value in party.items()
               if key != "kind"]
    record.insert(2, [labels["kind"], str(KIND_SINGULAR.get(party["kind"], party["kind"]))])
    lines = [{"document": f"{document['kind']} {document['number']}", **line}
             for document in data["documents"] for line in document["lines"]]
    tables = [
        (_("Record"), [_("Field"), _("Value")], record),
        (_("Contacts"), *_table(data["contacts"], {
            "name": _("Name"), "role": _("Role"), "phone": _("Phone"), "email": _("E-mail")})),
        (_("Follow-up"), *_table(data["entries"], {
            "id": _("Entry"), "contacted_at": _("Contact date"), "return_date": _("Return date"),
            "type": _("Follow-up type"), "status": _("Status"), "notes": _("Notes"),
            "complaints": _("Complaints"), "responsible": _("Responsible"),
            "deleted_at": _("Deleted on")})),
        (_("Complaints"), *_table(data["complaints"], {
            "id": _("Complaint"), "entry_id": _("Entry"), "opened_on": _("Opened on"),
            "deadline": _("Response deadline"), "status": _("Status"),
            "responsible": _("Responsible"), "resolution": _("Resolution"),
            "resolved_on": _("Resolved on")})),
        (_("Documents"), *_table(data["documents"], {
            "kind": _("Kind"), "number": _("Number"), "issued_on": _("Date"),
            "status": _("Status"), "salesperson": _("Salesperson"), "notes": _("Notes")})),
        (_("Lines"), *_table(lines, {
            "document": _("Document"), "position": _("Line"), "description": _("Description"),
            "quantity": _("Quantity"), "unit_price": _("Unit price"),
            "discount": _("Discount")})),
        (_("Audit"), *_table(data["audit"], {
            "at": _("When"), "user": _("User"), "entity": _("Record"), "entity_id": _("Id"),
            "action": _("Action"), "changes": _("Changes")})),
    ]
    return workbook_chunks(tables)
