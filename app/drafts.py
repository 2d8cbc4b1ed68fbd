"""Drafts of forms that unsaved.js keeps in the browser until the form is saved or discarded.

After a save the next page tells the browser which draft to drop: a flashed message of its own
category, which _partials/flashes.html renders as a hidden marker instead of a notice.
"""

from flask import flash

DRAFT_SAVED = "draft-saved"


def forget_draft(key: str) -> None:
    """Tell the browser, on the next page, that the form drafted under key was saved."""
    flash(key, DRAFT_SAVED)
