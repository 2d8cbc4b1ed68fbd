"""Which language a page is shown in: the signed-in user's choice, else the company default."""

from collections.abc import Iterator
from contextlib import contextmanager

import flask_babel
from flask import Flask, current_app, g, has_app_context
from flask_babel import get_translations
from flask_login import current_user

CATALOG = "_template_catalog"


def select_locale() -> str:
    """Pick the locale for this request (Flask-Babel's locale selector)."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def template_catalog():
    """This context's translations, found once.

    A page calls gettext hundreds of times (the list: ~400), and Flask-Babel looks the
    catalogue up anew on each call through several context lookups: a third of the page's time.
    force_locale below drops the kept one when the language changes.
    """
    catalog = g.get(CATALOG)
    if catalog is None:
        catalog = get_translations()
        setattr(g, CATALOG, catalog)
    return catalog


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's force_locale, for the templates' kept catalogue too (use this one)."""
    _forget_catalog()
    try:
        with flask_babel.force_locale(locale):
            yield
    finally:
        _forget_catalog()


def _forget_catalog() -> None:
    if has_app_context():
        g.pop(CATALOG, None)


def install_template_gettext(app: Flask) -> None:
    """Templates translate through template_catalog (after Flask-Babel's own set-up)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: template_catalog().ugettext(s),
        ngettext=lambda s, p, n: template_catalog().ungettext(s, p, n),
        pgettext=lambda c, s: template_catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: template_catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
