"""A refused rule reaches the user whole: its changes undone, each message beside its field and
the ones that name no field flashed (they were silently dropped by 18 routes before)."""

from datetime import date

from flask import get_flashed_messages
from sqlalchemy import select

from app.extensions import db
from app.form_errors import refuse
from app.models import Holiday
from app.rules import RuleError
from app.settings.forms import HolidayForm


def test_refuse_undoes_the_changes_places_field_messages_and_flashes_the_rest(app):
    with app.test_request_context("/settings/holidays", method="POST"):
        db.session.add(Holiday(day=date(2026, 12, 8), name="Half-made"))
        db.session.flush()
        form = HolidayForm(meta={"csrf": False})
        refuse(form, RuleError(errors={"name": "Name taken.", "": "The calendar is locked."}))

        assert form.name.errors == ["Name taken."]
        assert get_flashed_messages(with_categories=True) == [
            ("error", "The calendar is locked.")]
        assert db.session.scalars(select(Holiday)).all() == []


def test_refuse_flashes_nothing_when_every_message_has_its_field(app):
    with app.test_request_context("/settings/holidays", method="POST"):
        form = HolidayForm(meta={"csrf": False})
        refuse(form, RuleError("day", "Already a holiday."))

        assert form.day.errors == ["Already a holiday."]
        assert get_flashed_messages() == []
