"""Which language a page is shown in: the signed-in user's choice, else the company default."""

from flask import current_app
from flask_login import current_user


def select_locale() -> str:
    """Pick the locale for this request (Flask-Babel's locale selector)."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]

