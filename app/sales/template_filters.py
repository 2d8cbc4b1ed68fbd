"""Jinja filters that show a sales document's kind, status, quantities and line totals."""

from flask import Flask

from ..fields import format_amount
from ..models import SalesDocument, SalesDocumentLine
from .statuses import KIND_LABELS, status_label
from .totals import line_total


def document_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def document_status_label(document: SalesDocument) -> str:
    return status_label(document)


def document_line_total(line: SalesDocumentLine):
    return line_total(line.quantity, line.unit_price, line.discount)


def install_template_filters(app: Flask) -> None:
    app.add_template_filter(document_kind_label, "document_kind_label")
    app.add_template_filter(document_status_label, "document_status_label")
    app.add_template_filter(document_line_total, "line_total")
    app.add_template_filter(format_amount, "quantity")
