"""User accounts: the one way to create one (users page, first run, CLI, demo), edit, reset."""

import re
from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.services import PASSWORD_MIN_LENGTH, end_all_sessions, hash_password
from ..extensions import db
from ..models import User
from ..models.users import ALERT_MAX_MINUTES, ALERT_MIN_MINUTES
from ..permissions import PERMISSION_FLAGS
from ..rules import RuleError

LOGIN_PATTERN = re.compile(r"^[a-z0-9._-]{1,40}$")


@dataclass
class UserData:
    """What the Cadastro de Usuários form carries, already parsed."""

    login: str
    name: str
    is_admin: bool = False
    active: bool = True
    alert_on_login: bool = True
    alert_every_minutes: int | None = 30
    can_access_followups: bool = True
    can_add_followups: bool = True
    can_edit_followups: bool = True
    can_mark_done_followups: bool = True
    can_delete_followups: bool = False
    can_see_all_followups: bool = False
    can_access_parties: bool = True
    can_add_parties: bool = True
    can_edit_parties: bool = True
    can_delete_parties: bool = False
    can_access_sales: bool = True
    can_add_sales: bool = True
    can_edit_sales: bool = True
    can_cancel_sales: bool = True
    can_see_all_sales: bool = False
    can_access_products: bool = True
    can_edit_products: bool = True

    @classmethod
    def administrator(cls, login: str, name: str) -> "UserData":
        return cls(login=login, name=name, is_admin=True,
                   **{flag: True for flag in PERMISSION_FLAGS})


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.name)))


def _active_admins_besides(user: User | None) -> int:
    query = select(func.count(User.id)).where(User.is_admin.is_(True), User.active.is_(True))
    if user is not None and user.id is not None:
        query = query.where(User.id != user.id)
    return db.session.scalar(query) or 0


def _check(data: UserData, user: User | None, acting: User | None) -> UserData:
    data.login = data.login.strip().lower()
    data.name = " ".join(data.name.split())
    if not LOGIN_PATTERN.match(data.login):
        raise RuleError("login", _l("Use only lower-case letters, digits, dot, hyphen or "
                                    "underscore."))
    taken = db.session.scalar(select(User.id).where(User.login == data.login))
    if taken is not None and (user is None or taken != user.id):
        raise RuleError("login", _l("This user name is already taken."))
    if not data.name:
        raise RuleError("name", _l("Type the user's name."))
    if data.alert_every_minutes is not None and not (
            ALERT_MIN_MINUTES <= data.alert_every_minutes <= ALERT_MAX_MINUTES):
        raise RuleError("alert_every_minutes", _l("Type a number of minutes from 10 to 60."))
    if user is not None and acting is not None and user.id == acting.id:
        if not data.active:
            raise RuleError("active", _l("You cannot deactivate your own account."))
        if not data.is_admin:
            raise RuleError("is_admin", _l("You cannot remove your own administrator rights."))
    if user is not None and user.is_admin and user.active and (
            not data.is_admin or not data.active) and _active_admins_besides(user) == 0:
        raise RuleError("is_admin", _l("At least one active administrator must remain."))
    return data


def create_account(data: UserData, password: str, acting: User | None) -> User:
    """Create a user with the given options (acting None: the first run, the CLI, the demo);
    the caller commits."""
    _check(data, None, acting)
    _check_password(password)
    user = User(password_hash=hash_password(password), session_version=1)
    _copy(data, user)
    db.session.add(user)
    db.session.flush()
    # The column's default (30) replaces a None at INSERT: "no periodic alert" is set after it.
    user.alert_every_minutes = data.alert_every_minutes
    db.session.flush()
    return user


def update_account(user: User, data: UserData, acting: User) -> None:
    """Change a user's data, alert options and permissions; the caller commits."""
    _check(data, user, acting)
    was_active = user.active
    _copy(data, user)
    if was_active and not user.active:
        end_all_sessions(user)  # a deactivated user is signed out everywhere at once


def reset_password(user: User, password: str) -> None:
    """Give a user a new password and end every session he had; the caller commits."""
    _check_password(password)
    user.password_hash = hash_password(password)
    end_all_sessions(user)


def _check_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise RuleError("password", _l("The password needs at least 8 characters."))


def _copy(data: UserData, user: User) -> None:
    for item in fields(UserData):
        setattr(user, item.name, getattr(data, item.name))
