"""Reading the report's filters from the query string (codes looked up, bad ones explained)."""

from flask import request
from flask_babel import gettext as _

from ..catalog.services import find_product
from ..followups.services import active_types
from ..models import CUSTOMER
from ..parties.services import find_by_code
from .forms import ReportFiltersForm
from .labels import STATUS_LABELS
from .report import ReportFilters


def report_filters_form() -> tuple[ReportFiltersForm, ReportFilters | None]:
    """The filled form and its filters (None when a field is wrong: its message is beside it)."""
    form = ReportFiltersForm(request.args)
    form.type_id.choices = [(0, _("All"))] + [(t.id, t.name) for t in active_types()]
    form.status.choices = [("", _("All"))] + [(k, str(v)) for k, v in STATUS_LABELS.items()]
    valid = form.validate()
    filters = ReportFilters(date_from=form.date_from.data, date_to=form.date_to.data,
                            type_id=form.type_id.data or None, status=form.status.data or "")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        form.date_to.errors = [*form.date_to.errors,
                               _("The end of the period cannot be before its start.")]
        valid = False
    if form.customer.data:
        party = find_by_code(CUSTOMER, form.customer.data)
        if party is None:
            form.customer.errors = [*form.customer.errors,
                                    _("No customer with code %(code)s.", code=form.customer.data)]
            valid = False
        else:
            filters.party_id = party.id
    if form.product.data:
        product = find_product(form.product.data)
        if product is None:
            form.product.errors = [*form.product.errors,
                                   _("No product with code %(code)s.", code=form.product.data)]
            valid = False
        else:
            filters.product_id = product.id
    return form, filters if valid else None
