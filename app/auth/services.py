"""Accounts: creating users, checking passwords, limiting guesses, loading sessions."""

import hmac
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import now_utc
from ..extensions import db
from ..models import LoginAttempt, User

log = logging.getLogger(__name__)

MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8


class AccountError(ValueError):
    """A user-facing reason why an account operation was refused."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def has_any_user() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def create_user(login: str, name: str, password: str, *, is_admin: bool = False) -> User:
    """Create an account; the caller commits."""
    login = login.strip().lower()
    if not login:
        raise AccountError("empty login")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError("password too short")
    if db.session.scalar(select(User.id).where(User.login == login)) is not None:
        raise AccountError("login taken")
    user = User(login=login, name=name.strip() or login, is_admin=is_admin,
                password_hash=hash_password(password))
    if is_admin:
        user.can_delete_followups = True
        user.can_see_all_followups = True
    db.session.add(user)
    db.session.flush()
    return user


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
    db.session.add(LoginAttempt(login=login[:40], succeeded=ok))
    db.session.commit()
    log.info("sign-in %s for %s", "succeeded" if ok else "failed", _loggable(login, user))
    return user if ok else None


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
