"""Observações do Follow Up: working one return — save, close, close and schedule the next,
put it off (Adiar), delete. The views join the area's blueprint (routes.bp)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..complaints.services import complaint_of
from ..drafts import forget_draft
from ..extensions import db
from ..form_errors import blame, refuse
from ..formatting import format_day
from ..gates import permission_required
from ..history import change_history
from ..models import FollowUpEntry, FollowUpType
from ..permissions import (
    FOLLOW_UP_ACCESS,
    FOLLOW_UP_ADD,
    FOLLOW_UP_DELETE,
    FOLLOW_UP_EDIT,
    FOLLOW_UP_MARK_DONE,
    allowed,
    can,
)
from ..redirects import safe_next
from ..rules import RuleError, StaleEdit
from ..sales.follow_up_documents import offers_documents
from ..settings.calendar import default_return_date
from ..settings.services import business_today
from .forms import DeleteForm, EntryForm, NextReturnForm, RescheduleForm
from .labels import FIELD_LABELS, shown_value
from .ownership import assignable_users
from .recurrence import describe_recurrence, stop_repeating
from .routes import bp
from .scheduling import CHOSEN_DATE, NEXT_PREFIX, close_and_schedule, postponed_date, reschedule
from .services import (
    active_types,
    earlier_entries,
    entry_form_values,
    is_closing,
    now_local,
    soft_delete_entry,
    update_entry,
)
from .visibility import visible_entry_or_404

SCHEDULE_BUTTON = "close_and_schedule"  # the name of the Baixar e agendar próximo button


def _offers_next_return(entry: FollowUpEntry) -> bool:
    """Baixar e agendar próximo is offered on an open return to whoever may close and add."""
    return (entry.is_open and can(current_user, FOLLOW_UP_MARK_DONE)
            and can(current_user, FOLLOW_UP_ADD))


def _next_return_form(entry: FollowUpEntry, types: list[FollowUpType]) -> NextReturnForm:
    """The next return: the type and the responsible kept, the date the type's default delay
    gives from today (types: the active ones)."""
    kept_type = entry.type if entry.type.active else (types[0] if types else None)
    values = {}
    if request.method == "GET" and kept_type is not None:
        values = {"type_id": kept_type.id, "responsible_id": entry.follow_up.responsible_id,
                  "return_date": default_return_date(kept_type, business_today())}
    form = NextReturnForm(prefix=NEXT_PREFIX.rstrip("-"), **values)
    form.type_id.choices = [(t.id, t.name) for t in types]
    form.responsible_id.choices = [(u.id, u.name) for u in assignable_users(current_user)]
    responsible = entry.follow_up.responsible
    if responsible.id not in dict(form.responsible_id.choices):
        form.responsible_id.choices.append((responsible.id, responsible.name))
    return form


def _blame_both(form: EntryForm, next_form: NextReturnForm | None, error: RuleError) -> None:
    """Put each message beside its field (the next return's fields carry the prefix); one that
    belongs to no field is flashed."""
    theirs = {name: message for name, message in error.errors.items()
              if next_form is not None and name.startswith(NEXT_PREFIX)}
    ours = {name: message for name, message in error.errors.items() if name not in theirs}
    general = blame(form, RuleError(errors=ours))
    if theirs:
        blame(next_form, RuleError(errors=theirs))
    if general:
        flash(general, "error")


def _render_entry(entry: FollowUpEntry, form: EntryForm, next_form: NextReturnForm | None,
                  status: int = 200):
    stale = status == 409
    if status == 200 and (form.errors or (next_form and next_form.errors)):
        status = 422
    if not _offers_next_return(entry):
        next_form = None
    return render_template(
        "followups/entry.html", form=form, next_form=next_form, party=entry.party, entry=entry,
        follow_up=entry.follow_up, history=earlier_entries(entry), stale=stale,
        complaint=complaint_of(entry),
        change_log=change_history("entry", entry.id, FIELD_LABELS, shown_value),
        delete_form=DeleteForm(), can_delete=can(current_user, FOLLOW_UP_DELETE),
        can_reschedule=entry.is_open and can(current_user, FOLLOW_UP_EDIT),
        repeats=describe_recurrence(entry.repeat_every, entry.repeat_unit),
        can_stop_repeating=bool(entry.repeat_every) and can(current_user, FOLLOW_UP_EDIT),
        offer_documents=offers_documents(entry.follow_up) and can(current_user, FOLLOW_UP_ADD),
        draft_key=url_for("followups.entry", entry_id=entry.id)), status


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ACCESS))
def entry(entry_id: int):
    """Observações do Follow Up: work a return, reschedule it, close it as Baixado, or close it
    and schedule the next one in the same save."""
    entry = visible_entry_or_404(current_user, entry_id)
    form = EntryForm(**entry_form_values(entry)) if request.method == "GET" else EntryForm()
    types = active_types()
    form.offer_types(types, entry.type)
    # A forged Baixar e agendar próximo is parsed too: the service then refuses it.
    scheduling = SCHEDULE_BUTTON in request.form
    next_form = (_next_return_form(entry, types) if scheduling or _offers_next_return(entry)
                 else None)
    valid = form.validate_on_submit()
    if scheduling:
        valid = next_form.validate() and valid
    status = 200
    if valid:
        data = form.entry_data()
        closing = is_closing(entry, data)
        try:
            if scheduling:
                following = close_and_schedule(entry, current_user, data,
                                               next_form.next_return(now_local()),
                                               form.version.data)
            else:
                following = update_entry(entry, current_user, data, form.version.data)
            # What the answer needs, read before the commit: read after it, the entry would
            # be loaded again in a second transaction (on SQLite, the writers' turn again).
            next_day = following.return_date if following is not None else None
            follow_up_id = entry.follow_up_id
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            _blame_both(form, next_form if scheduling else None, error)
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            status = 409
            flash(_("Someone else changed this entry while you edited it. Your text is kept "
                    "below; compare with the history and save again."), "error")
            form.version.data = str(entry.version)
        else:
            forget_draft(url_for("followups.entry", entry_id=entry_id))
            if next_day is not None:
                flash(_("Return closed (Done). Next return scheduled for %(day)s.",
                        day=format_day(next_day)), "success")
            else:
                flash(_("Return closed (Done).") if closing else _("Follow-up entry saved."),
                      "success")
            if request.args.get("back") == "followup":
                return redirect(url_for("followups.show", follow_up_id=follow_up_id))
            return redirect(url_for("followups.index"))
    return _render_entry(entry, form, next_form, status)


@bp.route("/entries/<int:entry_id>/reschedule", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_EDIT))
def reschedule_entry(entry_id: int):
    """Adiar: put an open return off by a business day, a week, or to a date."""
    entry = visible_entry_or_404(current_user, entry_id)
    form = RescheduleForm()
    back = safe_next(form.next.data or request.args.get("next")
                      or url_for("followups.entry", entry_id=entry.id))
    if form.validate_on_submit():
        today = business_today()
        new_date = form.new_date.data if form.step.data == CHOSEN_DATE else \
            postponed_date(entry, form.step.data, today)
        try:
            reschedule(entry, current_user, new_date, today)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s: return put off to %(day)s.", name=entry.party.name,
                    day=format_day(entry.return_date)), "success")
            return redirect(back)
    return render_template("followups/reschedule.html", entry=entry, party=entry.party,
                           form=form, back=back), 422 if request.method == "POST" else 200


@bp.route("/entries/<int:entry_id>/stop-repeating", methods=["POST"])
@permission_required(allowed(FOLLOW_UP_EDIT))
def stop_repeating_entry(entry_id: int):
    """Stop a recurring return from repeating (the change stays in its history)."""
    entry = visible_entry_or_404(current_user, entry_id)
    form = DeleteForm()  # a bare form: its CSRF token is all it carries
    if form.validate_on_submit():
        try:
            stop_repeating(entry, current_user)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("This return no longer repeats."), "success")
    return redirect(url_for("followups.entry", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
@permission_required(allowed(FOLLOW_UP_DELETE))
def delete_entry(entry_id: int):
    """Soft-delete an entry (an admin can restore it)."""
    entry = visible_entry_or_404(current_user, entry_id)
    if DeleteForm().validate_on_submit():
        soft_delete_entry(entry, current_user)
        db.session.commit()
        flash(_("Entry deleted."), "success")
    return redirect(url_for("followups.show", follow_up_id=entry.follow_up_id))
