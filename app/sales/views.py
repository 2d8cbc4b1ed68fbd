"""Template helpers other areas' templates call: status labels, totals, follow-up links."""

from flask import g

from ..models import FollowUp, SalesDocument
from .forms import format_amount
from .links import documents_of_follow_up
from .queries import totals_of
from .routes import bp
from .services import KIND_LABELS, SLUG_OF, status_label
from .totals import Totals, line_total


@bp.app_template_global("document_kind_label")
def document_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_global("document_status_label")
def document_status_label(document: SalesDocument) -> str:
    return status_label(document)


@bp.app_template_global("document_slug")
def document_slug(kind: str) -> str:
    return SLUG_OF[kind]


@bp.app_template_global("timeline_document_total")
def timeline_document_total(document: SalesDocument, timeline: list[dict]) -> Totals:
    """A timeline document's totals; the first call loads every document's lines in one query."""
    cache = g.setdefault("timeline_totals", {})
    if document.id not in cache:
        cache.update(totals_of([item["record"] for item in timeline
                                if item["kind"] == "document"]))
    return cache.get(document.id, Totals())


@bp.app_template_global("follow_up_documents")
def follow_up_documents(follow_up: FollowUp) -> list[tuple[SalesDocument, Totals]]:
    documents = documents_of_follow_up(follow_up)
    totals = totals_of(documents)
    return [(d, totals[d.id]) for d in documents]


@bp.app_template_filter("quantity")
def quantity_filter(value) -> str:
    return format_amount(value)


@bp.app_template_global("document_line_total")
def document_line_total(line):
    return line_total(line.quantity, line.unit_price, line.discount)
