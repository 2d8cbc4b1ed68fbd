"""The Relatório de Reclamações as CSV or XLSX (the views join the area's blueprint)."""

from collections.abc import Iterator

from flask import Response, abort
from flask_babel import gettext as _
from flask_login import current_user

from ..formatting import format_day
from ..gates import permission_required
from ..permissions import FOLLOW_UP_ACCESS, allowed
from ..settings.services import business_today
from ..streaming_files import csv_chunks, neutralise, xlsx_chunks
from .labels import STATUS_LABELS
from .report import Report, complaints_report
from .report_filters import report_filters_form
from .routes import bp


def header() -> list[str]:
    return [_("Opened on"), _("Code"), _("Customer"), _("Follow-up type"), _("Products"),
            _("Complaint"), _("Status"), _("Responsible"), _("Response deadline"),
            _("Resolved on"), _("Resolution")]


def rows(report: Report) -> Iterator[list[str]]:
    """The report's list as plain, neutralised text (never the Comentário Interno)."""
    for row in report.rows:
        complaint = row.complaint
        cells = [format_day(complaint.opened_on), str(complaint.party.code), complaint.party.name,
                 complaint.entry.type.name, ", ".join(row.products), complaint.entry.complaints,
                 str(STATUS_LABELS.get(complaint.status, complaint.status)),
                 complaint.responsible.name, format_day(complaint.deadline),
                 format_day(complaint.resolved_on) if complaint.resolved_on else "",
                 complaint.resolution]
        yield [neutralise(cell) for cell in cells]


@bp.route("/complaints/report.<fmt>")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def export(fmt: str):
    """Download the Relatório de Reclamações (the same filters) as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form, filters = report_filters_form()
    if filters is None:
        abort(400)
    today = business_today()
    report = complaints_report(current_user, filters, today)
    # A report is small and reads lazy relations: the file is made inside the request.
    if fmt == "csv":
        body, mimetype = b"".join(csv_chunks(header(), rows(report))), "text/csv; charset=utf-8"
    else:
        body = b"".join(xlsx_chunks(_("Complaints"), header(), rows(report)))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="complaints-{today:%Y-%m-%d}.{fmt}"'})
