"""A form's one-time key: a save sent again (a retry after a lost reply) is not stored twice.

Each form that creates something carries a random key. The key is stored in the same
transaction as what the form creates, so a repeat finds it and gets the first result back.
"""

import secrets
from collections.abc import Callable
from functools import wraps

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import FormSubmission

FIELD = "form_key"


def form_key() -> str:
    """The key for the form being shown: the one it was posted with, or a new one."""
    posted = request.form.get(FIELD, "") if request.method == "POST" else ""
    return posted if 16 <= len(posted) <= 64 else secrets.token_urlsafe(24)


def _stored(key: str) -> FormSubmission | None:
    return db.session.scalar(select(FormSubmission).where(
        FormSubmission.key == key, FormSubmission.user_id == current_user.id))


def _earlier_result(key: str) -> str | None:
    row = _stored(key)
    if row is None:
        return None
    return row.result_url or url_for("main.index")


def once_per_form_key(view: Callable) -> Callable:
    """Answer a repeated POST of the same form with the first save's redirect."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.form.get(FIELD, "") if request.method == "POST" else ""
        if not (16 <= len(key) <= 64) or not current_user.is_authenticated:
            return view(*args, **kwargs)
        earlier = _earlier_result(key)
        if earlier is None:
            submission = FormSubmission(key=key, user_id=current_user.id, result_url="")
            db.session.add(submission)  # committed by the view's own save, or dropped with it
            try:
                response = view(*args, **kwargs)
            except IntegrityError:
                db.session.rollback()
                earlier = _earlier_result(key)
                if earlier is None:  # another conflict than the same key saved meanwhile
                    raise
            else:
                # Only a save the view committed keeps its key (a refusal that redirects, or
                # a re-rendered form, leave nothing behind: the same form may be sent again).
                db.session.rollback()
                stored = _stored(key) if response_is_redirect(response) else None
                if stored is not None:
                    stored.result_url = response.location[:300]
                    db.session.commit()
                return response
        flash(_("This form had already been saved; here is the result."), "info")
        return redirect(earlier or url_for("main.index"))

    return wrapper


def response_is_redirect(response) -> bool:
    return getattr(response, "status_code", 200) in (302, 303)
