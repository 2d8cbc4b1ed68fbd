"""Signing in: checking passwords, limiting guesses, loading sessions."""

import hmac
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import now_utc
from ..extensions import db
from ..models import LoginAttempt, User

log = logging.getLogger(__name__)

MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)
# Attempts older than this are deleted: the lock-out reads only the window, the rest is margin.
KEEP_ATTEMPTS = FAILURE_WINDOW + timedelta(days=1)
PASSWORD_MIN_LENGTH = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def has_any_user() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def recent_failures(login: str) -> int:
    since = now_utc() - FAILURE_WINDOW
    return db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.login == login, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False)
        )
    ) or 0


def is_locked_out(login: str) -> bool:
    return recent_failures(login.strip().lower()) >= MAX_FAILURES


def authenticate(login: str, password: str) -> User | None:
    """Return the active user for these credentials and record the attempt; commits."""
    login = login.strip().lower()
    user = db.session.scalar(select(User).where(User.login == login))
    ok = bool(user and user.active and check_password_hash(user.password_hash, password))
    record_attempt(login, ok)
    db.session.commit()
    log.info("sign-in %s for %s", "succeeded" if ok else "failed", _loggable(login, user))
    return user if ok else None


def record_attempt(login: str, succeeded: bool) -> None:
    """Remember a sign-in attempt and forget those past any lock-out window; the caller commits."""
    now = now_utc()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS)
                       .execution_options(synchronize_session=False))
    db.session.add(LoginAttempt(login=login[:40], at=now, succeeded=succeeded))


def _loggable(login: str, user: User | None) -> str:
    """An account's name as typed; anything else (a password typed in the user field?) only
    as a keyed fingerprint, the same for the same typing."""
    if user is not None:
        return repr(login)
    key = str(current_app.secret_key).encode()
    return f"an unknown user name (#{hmac.new(key, login.encode(), 'sha256').hexdigest()[:12]})"


def end_all_sessions(user: User) -> None:
    """Invalidate every session cookie of this user (logout, password change)."""
    user.session_version += 1


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login loader: the cookie holds 'id:session_version'."""
    try:
        user_id, version = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.active:
        return None
    return user
