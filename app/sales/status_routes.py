"""Orçamento, Pedido de Venda, Venda: the actions that change a document's status."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..gates import permission_required
from ..permissions import SALES_ADD, SALES_CANCEL, allowed
from ..rules import RuleError
from ..settings.services import business_today
from .routes import bp
from .services import cancel_document, convert_document
from .statuses import KIND_LABELS, STATUS_LABELS
from .visibility import visible_document_or_404


@bp.route("/documents/<int:document_id>/cancel", methods=["POST"])
@permission_required(allowed(SALES_CANCEL))
def cancel(document_id: int):
    """Cancel an order or a sale, or reject a quote."""
    document = visible_document_or_404(current_user, document_id)
    try:
        cancel_document(document, by=current_user)
    except RuleError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("sales.edit", document_id=document.id))
    db.session.commit()
    flash(_("%(kind)s %(number)s: %(status)s.", kind=KIND_LABELS[document.kind],
            number=document.number, status=STATUS_LABELS[document.kind][document.status]),
          "success")
    return redirect(url_for("sales.edit", document_id=document.id))


@bp.route("/documents/<int:document_id>/convert", methods=["POST"])
@permission_required(allowed(SALES_ADD))
def convert(document_id: int):
    """Convert a quote into an order, or an order into a sale, and open the new document."""
    document = visible_document_or_404(current_user, document_id)
    try:
        target = convert_document(document, business_today(), by=current_user)
    except RuleError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("sales.edit", document_id=document.id))
    db.session.commit()
    flash(_("%(source)s %(number)s converted into %(target)s %(new_number)s.",
            source=KIND_LABELS[document.kind], number=document.number,
            target=KIND_LABELS[target.kind], new_number=target.number), "success")
    return redirect(url_for("sales.edit", document_id=target.id))
