"""Signing in: checking passwords, limiting guesses, loading sessions.

Guesses are limited per user name *and* client address, so a stranger's wrong passwords lock
that stranger out, not the real user; a slower limit per name alone stops guessing from many
addresses. Every lock expires by itself, and an administrator can lift it.
"""

import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..clock import now_utc
from ..extensions import db
from ..models import LoginAttempt, User
from ..rules import RuleError

log = logging.getLogger(__name__)

MAX_FAILURES = 10  # wrong passwords for one name from one address …
FAILURE_WINDOW = timedelta(minutes=15)  # … within this time lock that pair until it passes
NAME_MAX_FAILURES = 50  # from every address together …
NAME_WINDOW = timedelta(hours=1)  # … lock the name itself
MAX_SIGN_INS = 10  # attempts, right or wrong, per name and address …
SIGN_IN_WINDOW = timedelta(minutes=1)  # … answered without checking a password past this
# Attempts older than this are deleted: the limits read only their windows.
KEEP_ATTEMPTS = NAME_WINDOW + timedelta(days=1)
PASSWORD_MIN_LENGTH = 8


@dataclass(frozen=True)
class SignInRefusal:
    """Why a sign-in is not even checked now, and when to try again."""

    until: datetime
    too_fast: bool  # True: many sign-ins in a minute; False: too many wrong passwords


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@cache
def _dummy_hash() -> str:
    """A hash to check when the name is unknown, so both answers take the same time."""
    return hash_password(secrets.token_hex(16))


def has_any_user() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def normal_login(login: str) -> str:
    return login.strip().lower()


def attempt_name(login: str) -> str:
    """How an attempt is stored: an account's name as typed; anything else (a password typed
    in the user field?) only as a keyed fingerprint, the same for the same typing."""
    login = normal_login(login)
    if db.session.scalar(select(User.id).where(User.login == login)) is not None:
        return login[:40]
    key = str(current_app.secret_key).encode()
    return "#" + hmac.new(key, login.encode(), "sha256").hexdigest()[:24]


def _limit_reached(query, limit: int, window: timedelta, now: datetime) -> datetime | None:
    """When `limit` attempts fall within `window`: the moment the oldest of them leaves it."""
    times = list(db.session.scalars(
        query.where(LoginAttempt.at >= now - window)
        .order_by(LoginAttempt.at.desc()).limit(limit)))
    return times[-1] + window if len(times) >= limit else None


def sign_in_refusal(login: str, address: str) -> SignInRefusal | None:
    """Refuse, before any password is checked, a name or address that guessed too much."""
    name, now = attempt_name(login), now_utc()
    by_name = select(LoginAttempt.at).where(LoginAttempt.login == name)
    from_here = by_name.where(LoginAttempt.address == address)
    failed = LoginAttempt.succeeded.is_(False)
    locks = [_limit_reached(from_here.where(failed), MAX_FAILURES, FAILURE_WINDOW, now)]
    # The name-wide limit stops guessing from many addresses; an address that signed in as
    # this name lately is the real user's, and strangers' guesses must not lock it out.
    trusted = db.session.scalar(from_here.where(LoginAttempt.succeeded.is_(True)).limit(1))
    if trusted is None:
        locks.append(_limit_reached(by_name.where(failed), NAME_MAX_FAILURES, NAME_WINDOW, now))
    locks = [until for until in locks if until]
    if locks:
        return SignInRefusal(until=max(locks), too_fast=False)
    fast = _limit_reached(from_here, MAX_SIGN_INS, SIGN_IN_WINDOW, now)
    return SignInRefusal(until=fast, too_fast=True) if fast else None


_checking: set[str] = set()
_checking_lock = threading.Lock()
# Password checks are slow and take a core each: at most this many at once, whatever the names.
_password_checks = threading.BoundedSemaphore(2)
CHECK_WAIT_S = 15


@dataclass(frozen=True)
class SignInCheck:
    user: User | None = None
    refusal: SignInRefusal | None = None


def check_sign_in(login: str, password: str, address: str) -> SignInCheck:
    """Check a sign-in without writing: limits first, then at most one password check per
    name at a time (a flood of sign-ins must not take every core), then the password."""
    refusal = sign_in_refusal(login, address)
    if refusal:
        return SignInCheck(refusal=refusal)
    name = normal_login(login)
    with _checking_lock:
        busy = name in _checking
        if not busy:
            _checking.add(name)
    # Other names wait their turn (an office signing in at 8:00), without taking a core.
    if not busy and not _password_checks.acquire(timeout=CHECK_WAIT_S):
        with _checking_lock:
            _checking.discard(name)
        busy = True
    if busy:
        return SignInCheck(refusal=SignInRefusal(until=now_utc() + timedelta(seconds=2),
                                                 too_fast=True))
    try:
        return SignInCheck(user=check_credentials(login, password))
    finally:
        _password_checks.release()
        with _checking_lock:
            _checking.discard(name)


def check_credentials(login: str, password: str) -> User | None:
    """The active user with this name and password, or None; only reads (no write lock)."""
    user = db.session.scalar(select(User).where(User.login == normal_login(login)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if check_password_hash(user.password_hash, password) and user.active:
        return user
    return None


def record_attempt(login: str, address: str, user: User | None) -> None:
    """Store one sign-in attempt (a success forgets this address's failures); caller commits."""
    name, now = attempt_name(login), now_utc()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS)
                       .execution_options(synchronize_session=False))
    if user is not None:
        db.session.execute(delete(LoginAttempt).where(
            LoginAttempt.login == name, LoginAttempt.address == address,
            LoginAttempt.succeeded.is_(False)).execution_options(synchronize_session=False))
    db.session.add(LoginAttempt(login=name, address=address[:45], at=now,
                                succeeded=user is not None))
    log.info("sign-in %s for %s from %s", "succeeded" if user else "failed",
             repr(name) if not name.startswith("#") else f"an unknown user name ({name[:13]})",
             address)


def locked_until(user: User) -> datetime | None:
    """Until when wrong passwords keep this account locked from some address (None: not)."""
    refusals = (sign_in_refusal(user.login, address) for address in _failing_addresses(user.login))
    return max((r.until for r in refusals if r and not r.too_fast), default=None)


def _failing_addresses(name: str) -> set[str]:
    since = now_utc() - NAME_WINDOW
    return set(db.session.scalars(select(LoginAttempt.address).where(
        LoginAttempt.login == name, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)))


def unlock(user: User, by: User | None) -> None:
    """Forget the account's failed sign-ins, lifting every lock on it; the caller commits."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.login == user.login, LoginAttempt.succeeded.is_(False))
        .execution_options(synchronize_session=False))
    audit.record("user", user.id, "unlock", by=by)


def new_own_password_hash(user: User, current: str, new: str) -> str:
    """Check the user's current password and hash the new one (slow: call it while reading);
    refuse a wrong current password beside its field."""
    if not check_password_hash(user.password_hash, current):
        raise RuleError("current_password", _l("This is not your current password."))
    if len(new) < PASSWORD_MIN_LENGTH:
        raise RuleError("password", _l("The password needs at least 8 characters."))
    return hash_password(new)


def set_password_hash(user: User, password_hash: str) -> None:
    """Store a new password and end every other session of the user; the caller commits."""
    user.password_hash = password_hash
    end_all_sessions(user)


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
