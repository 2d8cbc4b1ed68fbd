"""Who is responsible for a follow-up: whom a user may choose, and handing it over."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import FollowUp, FollowUpEntry, User
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_EDIT, FOLLOW_UP_SEE_ALL, can, require
from ..rules import RuleError

NOT_A_FOLLOW_UP_USER = _l("Choose an active user who may use Follow Up.")


def assignable_users(user: User) -> list[User]:
    """Whom this user may make responsible for a follow-up: anyone active with see-all, else
    only themself."""
    if not can(user, FOLLOW_UP_SEE_ALL):
        return [user]
    active = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
    return [other for other in active if can(other, FOLLOW_UP_ACCESS)]


def change_responsible(follow_up: FollowUp, responsible: User | None, user: User) -> None:
    """The follow-up header's save: Alterar is needed, and assign's rules apply."""
    require(user, FOLLOW_UP_EDIT)
    if responsible is None:
        raise RuleError("responsible_id", NOT_A_FOLLOW_UP_USER)
    assign(follow_up, responsible, user)


def assign(follow_up: FollowUp, responsible: User, user: User) -> None:
    """Hand a follow-up and its entries to another user (who must be able to work it)."""
    if follow_up.responsible_id == responsible.id:
        return
    require(user, FOLLOW_UP_SEE_ALL)
    if not (responsible.active and can(responsible, FOLLOW_UP_ACCESS)):
        raise RuleError("responsible_id", NOT_A_FOLLOW_UP_USER)
    audit.record("follow_up", follow_up.id, "update",
                 {"responsible_id": [follow_up.responsible_id, responsible.id]}, by=user)
    follow_up.responsible_id = responsible.id
    db.session.execute(
        FollowUpEntry.__table__.update()
        .where(FollowUpEntry.follow_up_id == follow_up.id)
        .values(responsible_id=responsible.id))
