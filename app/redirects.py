"""Where a form may send the user afterwards: only somewhere on this site."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None) -> str:
    """Only follow a 'next' that stays on this site (else the home page)."""
    if target and not urlsplit(target).netloc and target.startswith("/") and "//" not in target:
        return target
    return url_for("main.index")
