"""Exporting the Follow Up list to CSV and XLSX, safely.

Comentário Interno stays out unless the user asks for it; every text cell that a spreadsheet
would run as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date

from flask import Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..formatting import format_day, format_moment
from ..models import CUSTOMER, FollowUpEntry, User
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_SEE_ALL, can, require
from ..settings.services import business_today
from .labels import STATUS_LABELS
from .list_filters import filters_from_request
from .routes import bp
from .services import ListFilters, entry_list_query

MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Make a cell inert in Excel/LibreOffice (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def header(include_internal: bool) -> list[str]:
    columns = [_("Return date"), _("Party"), _("Code"), _("Name"), _("Phone"), _("Follow-up type"),
               _("Contact date"), _("Status"), _("Follow-up"), _("Complaints"), _("Responsible")]
    return columns + ([_("Internal comment")] if include_internal else [])


def rows(user: User, filters: ListFilters, today: date,
         include_internal: bool) -> Iterator[list[str]]:
    """The list's rows as plain, neutralised text, in the list's order."""
    query = (entry_list_query(user, filters, today)
             .options(joinedload(FollowUpEntry.party), joinedload(FollowUpEntry.type),
                      joinedload(FollowUpEntry.responsible))
             .limit(MAX_ROWS))
    for entry in db.session.scalars(query):
        party = entry.party
        row = [format_day(entry.return_date),
               _("Customer") if party.kind == CUSTOMER else _("Supplier"), str(party.code),
               party.name, (party.phones or [""])[0], entry.type.name,
               format_moment(entry.contacted_at),
               str(STATUS_LABELS[entry.status]), entry.notes,
               entry.complaints, entry.responsible.name]
        if include_internal:
            row.append(entry.internal_comment)
        yield [neutralise(cell) for cell in row]


def to_csv(header_row: list[str], data: Iterator[list[str]]) -> bytes:
    """CSV as Brazilian spreadsheets open it: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header_row)
    writer.writerows(data)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header_row: list[str], data: Iterator[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Follow Up")
    sheet.append(header_row)
    for row in data:
        sheet.append(row)  # already neutralised: no cell starts like a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@bp.route("/followups/export.<fmt>")
@login_required
def export(fmt: str):
    """Download the current list (all pages) as CSV or XLSX."""
    require(current_user, FOLLOW_UP_ACCESS)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    # Comentário Interno leaves the app only when a manager (see-all) explicitly asks for it.
    include_internal = request.args.get("internal") == "1" and can(current_user, FOLLOW_UP_SEE_ALL)
    data = rows(current_user, filters_from_request(), business_today(), include_internal)
    head = header(include_internal)
    stamp = business_today().strftime("%Y-%m-%d")
    if fmt == "csv":
        body, mimetype = to_csv(head, data), "text/csv; charset=utf-8"
    else:
        body = to_xlsx(head, data)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="follow-up-{stamp}.{fmt}"'})
