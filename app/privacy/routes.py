"""LGPD per party, for administrators: export the titular's data, or anonymise it."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import now_utc
from ..extensions import db
from ..form_errors import refuse
from ..gates import admin_required
from ..models import Party
from ..parties.labels import KIND_SINGULAR
from ..rules import RuleError
from .anonymise import MARKER, anonymise_party, open_documents, wipe_erased_traces
from .forms import AnonymiseForm, ExportForm
from .subject_data import record_counts, record_export, subject_data
from .subject_files import subject_json, subject_workbook

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

FORMATS = {"json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _render(party: Party, form: AnonymiseForm, status: int = 200):
    entry_count, document_count = record_counts(party)
    return render_template(
        "privacy/party.html", party=party, form=form, export_form=ExportForm(),
        kind_name=KIND_SINGULAR[party.kind], open_count=open_documents(party),
        entry_count=entry_count, document_count=document_count,
        anonymised=party.name == MARKER, title=_("Personal data (LGPD)")), status


@bp.route("/parties/<int:party_id>")
@admin_required
def party(party_id: int):
    """Show the party's LGPD page: export its data, or anonymise it."""
    return _render(db.get_or_404(Party, party_id), AnonymiseForm())


@bp.route("/parties/<int:party_id>/export.<fmt>", methods=["POST"])
@admin_required
def export(party_id: int, fmt: str):
    """Download everything held about the party (JSON or XLSX); the audit keeps who asked."""
    if fmt not in FORMATS or not ExportForm().validate_on_submit():
        abort(404 if fmt not in FORMATS else 400)
    party = db.get_or_404(Party, party_id)
    at = now_utc()
    data = subject_data(party, current_user, at)
    record_export(party, fmt, by=current_user)
    db.session.commit()
    body = subject_json(data) if fmt == "json" else subject_workbook(data)
    name = f"titular-{party.kind}-{party.code}-{at:%Y-%m-%d}.{fmt}"
    return Response(body, mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/parties/<int:party_id>/anonymise", methods=["POST"])
@admin_required
def anonymise(party_id: int):
    """Erase the party's personal data once its code is typed (none of its open documents)."""
    party = db.get_or_404(Party, party_id)
    form = AnonymiseForm()
    if not form.validate_on_submit():
        return _render(party, form, 422)
    try:
        anonymise_party(party, form.code.data, by=current_user)
    except RuleError as error:
        refuse(form, error)
        return _render(db.get_or_404(Party, party_id), form, 422)
    db.session.commit()
    wipe_erased_traces()
    flash(_("%(kind)s %(code)s anonymised: its personal data was erased.",
            kind=KIND_SINGULAR[party.kind], code=party.code), "success")
    return redirect(url_for("privacy.party", party_id=party_id))
