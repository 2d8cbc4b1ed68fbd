"""Rules of the product catalog: unique codes, search, changes with their audit."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, or_, select

from .. import audit
from ..extensions import db
from ..models import Product, User
from ..rules import RuleError, check_version
from ..search_keys import name_key, words

PRODUCT_FIELDS = ("code", "description", "unit", "price", "active")
LOOKUP_TEXT_MAX, LOOKUP_WORDS_MAX = 120, 6


@dataclass
class ProductInput:
    code: str
    description: str
    unit: str
    price: Decimal
    active: bool = True


def find_product(code: str) -> Product | None:
    """The product with this code, whatever its case."""
    return db.session.scalar(select(Product).where(func.lower(Product.code) == code.lower()))


def search_query(text: str, *, include_inactive: bool = False) -> Select:
    """Products by code, ordered by code; with text typed, those of its Consulta."""
    query = lookup_query(text) if (text or "").strip() else select(Product).order_by(Product.code)
    if not include_inactive:
        query = query.where(Product.active.is_(True))
    return query


def lookup_query(text: str) -> Select:
    """Products (active or not) whose code or description has a word starting with each typed
    word, accents and case ignored, ordered by code."""
    typed = words(text) if len(text or "") <= LOOKUP_TEXT_MAX else []
    if not typed:
        return select(Product).where(false())
    query = select(Product)
    for word in dict.fromkeys(typed[:LOOKUP_WORDS_MAX]):
        # Keys are folded words joined by spaces; typed words hold no LIKE wildcards.
        query = query.where(or_(Product.search_key.startswith(word),
                                Product.search_key.contains(" " + word)))
    return query.order_by(Product.code)


def _check(data: ProductInput, product: Product | None) -> None:
    errors: dict[str, object] = {}
    same = find_product(data.code)
    if same is not None and same is not product:
        errors["code"] = _l("Code %(code)s is already product %(name)s.", code=same.code,
                            name=same.description)
    if data.price < 0:
        errors["price"] = _l("The price cannot be negative.")
    elif data.price.normalize().as_tuple().exponent < -2:
        errors["price"] = _l("Type reais and cents (at most 2 decimal places).")
    elif data.price >= Decimal("10000000000"):
        errors["price"] = _l("Too large.")
    if errors:
        raise RuleError(errors=errors)


def _apply(product: Product, data: ProductInput) -> dict:
    changes = {}
    for name in PRODUCT_FIELDS:
        old, new = getattr(product, name), getattr(data, name)
        if name == "unit":
            new = (new or "UN").upper()
        if old != new:
            changes[name] = [audit.plain(old), audit.plain(new)]
            setattr(product, name, new)
    product.search_key = name_key(product.code, product.description)
    return changes


def create_product(data: ProductInput, *, by: User | None) -> Product:
    """Add a product to the catalog; the caller commits."""
    _check(data, None)
    product = Product()
    changes = _apply(product, data)
    db.session.add(product)
    db.session.flush()
    audit.record("product", product.id, "create", changes, by=by)
    return product


def update_product(product: Product, data: ProductInput, *, typed_version: str | None,
                   by: User | None) -> None:
    """Change a product opened at typed_version; the caller commits."""
    check_version(product, typed_version)
    _check(data, product)
    changes = _apply(product, data)
    if changes:
        audit.record("product", product.id, "update", changes, by=by)
