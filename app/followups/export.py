"""Exporting the Follow Up list to CSV and XLSX, streamed: every row the filters select.

Comentário Interno stays out unless the user asks for it; every text cell that a spreadsheet
would run as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe.
The rows are read through one cursor in batches and written out as they come, so a million
entries download with flat memory, and the download starts at once.
"""

from collections.abc import Iterator
from datetime import date

from flask import Response, abort, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Select
from sqlalchemy.orm import aliased

from ..clock import to_local
from ..extensions import db
from ..formatting import date_pattern
from ..models import CUSTOMER, FollowUpEntry, FollowUpType, Party, User
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_SEE_ALL, can, require
from ..settings.services import business_today, business_zone_name
from ..sqlite_tuning import read_only_transactions
from ..streaming_files import XLSX, csv_chunks, neutralise, xlsx_chunks
from .labels import STATUS_LABELS
from .list_filters import filters_from_request
from .routes import bp
from .services import ListFilters, entry_list_query

BATCH = 1000  # rows fetched from the cursor at a time


def header(include_internal: bool) -> list[str]:
    columns = [_("Return date"), _("Party"), _("Code"), _("Name"), _("Phone"), _("Follow-up type"),
               _("Contact date"), _("Status"), _("Follow-up"), _("Complaints"), _("Responsible")]
    return columns + ([_("Internal comment")] if include_internal else [])


def export_query(user: User, filters: ListFilters, today: date) -> Select:
    """The list's own query (filters, scope, order), reading only the exported columns."""
    party = aliased(Party)  # the filters' own EXISTS on parties must not correlate to this one
    columns = (FollowUpEntry.return_date, party.kind, party.code, party.name, party.phone,
               party.mobile, FollowUpType.name, FollowUpEntry.contacted_at, FollowUpEntry.status,
               FollowUpEntry.notes, FollowUpEntry.complaints, User.name,
               FollowUpEntry.internal_comment)
    return (entry_list_query(user, filters, today)
            .with_only_columns(*columns, maintain_column_froms=False)
            .select_from(FollowUpEntry)
            .join(party, party.id == FollowUpEntry.party_id)
            .join(FollowUpType, FollowUpType.id == FollowUpEntry.type_id)
            .join(User, User.id == FollowUpEntry.responsible_id))


class RowText:
    """Turns a row of the export query into the cells as the user reads them."""

    def __init__(self, include_internal: bool) -> None:
        self.include_internal = include_internal
        self.day_format = date_pattern()
        self.moment_format = self.day_format + " %H:%M"
        self.zone = business_zone_name()
        self.kinds = {CUSTOMER: _("Customer")}
        self.supplier = _("Supplier")
        self.statuses = {status: str(label) for status, label in STATUS_LABELS.items()}

    def __call__(self, row) -> list[str]:
        (return_date, kind, code, name, phone, mobile, type_name, contacted_at, status, notes,
         complaints, responsible, internal) = row
        cells = [return_date.strftime(self.day_format), self.kinds.get(kind, self.supplier),
                 str(code), name, phone or mobile, type_name,
                 to_local(contacted_at, self.zone).strftime(self.moment_format),
                 self.statuses[status], notes, complaints, responsible]
        if self.include_internal:
            cells.append(internal)
        return [neutralise(cell or "") for cell in cells]


def rows(user: User, filters: ListFilters, today: date,
         include_internal: bool) -> Iterator[list[str]]:
    """The list's rows as plain, neutralised text, in the list's order. The query and the
    formats are settled now, with the user's request; the rows are read as they are written."""
    return _read(export_query(user, filters, today), RowText(include_internal))


def _read(query: Select, text: RowText) -> Iterator[list[str]]:
    """Read through one cursor, in one read-only transaction (saves go on meanwhile)."""
    with read_only_transactions():
        for row in db.session.execute(query, execution_options={"yield_per": BATCH}):
            yield text(row)


@bp.route("/followups/export.<fmt>")
@login_required
def export(fmt: str):
    """Download the current list (all pages) as CSV or XLSX, streamed as it is read."""
    require(current_user, FOLLOW_UP_ACCESS)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    # Comentário Interno leaves the app only when a manager (see-all) explicitly asks for it.
    include_internal = request.args.get("internal") == "1" and can(current_user, FOLLOW_UP_SEE_ALL)
    today = business_today()
    # The rows are read inside the streamed body: the request's own session ends when the
    # view returns, and the body gets a session (and a transaction) of its own.
    data = rows(current_user, filters_from_request(), today,
                include_internal)
    head = header(include_internal)
    if fmt == "csv":
        body, mimetype = csv_chunks(head, data), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_chunks("Follow Up", head, data), XLSX
    return Response(stream_with_context(body), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="follow-up-{today:%Y-%m-%d}.{fmt}"'})
