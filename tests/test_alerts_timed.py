"""Hora do retorno: the notifier's alarm at a return's own time — once, at its minute, never
after the return is closed or moved, across midnight, and after a restart (a new notifier)."""

from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.alerts.notifier import Notifier
from app.extensions import db
from app.followups.entry_data import EntryData
from app.followups.scheduling import reschedule
from app.followups.services import entry_form_values, update_entry
from app.models import FollowUpEntry, User

from .alerts_helpers import Recorder, configure, make_desktop_user, sp, update_user

TODAY = date(2025, 3, 12)  # a Wednesday
ALARM = "Retorno às 14:30"


@pytest.fixture
def seller(factory):
    return factory.user("vendas", alert_every_minutes=None)  # no periodic alert: only the alarm


@pytest.fixture
def desk(app, seller):
    configure(app)
    make_desktop_user(app, seller.id)
    recorder = Recorder()
    return Notifier(app, notify=recorder), recorder


@pytest.fixture
def timed(factory, seller):
    return factory.entry(factory.party("Padaria Pão Quente"), seller, return_date=TODAY,
                         return_time=time(14, 30))


def test_it_rings_once_at_its_minute_not_before_and_not_twice(desk, timed):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 14, 29, 59), tick=False) as clock:
        notifier.tick()
        assert recorder.calls == []  # not before
        clock.move_to(sp(2025, 3, 12, 14, 30))
        notifier.tick()
        assert recorder.calls == [(ALARM, "Padaria Pão Quente · Pós-Venda")]
        clock.move_to(sp(2025, 3, 12, 14, 31))
        notifier.tick()
        clock.move_to(sp(2025, 3, 12, 18, 0))
        notifier.tick()
    assert len(recorder.calls) == 1  # not twice


def test_a_restart_does_not_ring_it_again(app, desk, timed):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 14, 30), tick=False):
        notifier.tick()
        restarted = Recorder()
        Notifier(app, notify=restarted).tick()
    assert len(recorder.calls) == 1
    assert restarted.calls == []


def test_an_alarm_missed_while_closed_rings_at_start_the_same_day(app, desk, timed):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 16, 0), tick=False):
        notifier.tick()
    assert recorder.calls == [(ALARM, "Padaria Pão Quente · Pós-Venda")]


def _close(app, entry_id: int, user_id: int) -> None:
    with app.app_context():
        entry, user = db.session.get(FollowUpEntry, entry_id), db.session.get(User, user_id)
        data = entry_form_values(entry)
        update_entry(entry, user, _entry_data(data, status="done"), entry.version)
        db.session.commit()


def _entry_data(values: dict, **changes) -> EntryData:
    fields = {name: values[name] for name in (
        "contacted_at", "return_date", "type_id", "status", "notes", "complaints",
        "internal_comment", "return_time", "repeat_every", "repeat_unit")}
    return EntryData(**{**fields, **changes})


def test_a_closed_return_does_not_ring(app, desk, timed, seller):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 14, 0), tick=False) as clock:
        _close(app, timed.id, seller.id)
        clock.move_to(sp(2025, 3, 12, 14, 30))
        notifier.tick()
    assert recorder.calls == []


def test_a_return_moved_to_another_day_rings_on_that_day_only(app, desk, timed, seller):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 14, 0), tick=False) as clock:
        with app.app_context():
            reschedule(db.session.get(FollowUpEntry, timed.id), db.session.get(User, seller.id),
                       TODAY + timedelta(days=1), TODAY)
            db.session.commit()
        clock.move_to(sp(2025, 3, 12, 14, 30))
        notifier.tick()
        assert recorder.calls == []
        clock.move_to(sp(2025, 3, 13, 14, 30))
        notifier.tick()
    assert recorder.calls == [(ALARM, "Padaria Pão Quente · Pós-Venda")]


def test_a_new_time_on_the_same_day_rings_again(app, desk, timed, seller):
    notifier, recorder = desk
    with time_machine.travel(sp(2025, 3, 12, 14, 30), tick=False) as clock:
        notifier.tick()
        with app.app_context():
            entry = db.session.get(FollowUpEntry, timed.id)
            data = _entry_data(entry_form_values(entry), return_time=time(16, 0))
            update_entry(entry, db.session.get(User, seller.id), data, entry.version)
            db.session.commit()
        clock.move_to(sp(2025, 3, 12, 16, 0))
        notifier.tick()
    assert [title for title, _body in recorder.calls] == [ALARM, "Retorno às 16:00"]


def test_across_midnight_yesterdays_alarm_stays_quiet_and_todays_rings(factory, desk, seller):
    notifier, recorder = desk
    factory.entry(factory.party("Padaria"), seller, return_date=TODAY, return_time=time(23, 55))
    factory.entry(factory.party("Mercado"), seller, return_date=TODAY + timedelta(days=1),
                  return_time=time(0, 5))
    with time_machine.travel(sp(2025, 3, 12, 23, 50), tick=False) as clock:
        notifier.tick()
        assert recorder.calls == []
        clock.move_to(sp(2025, 3, 13, 0, 1))  # Padaria's minute passed while closed: overdue now
        notifier.tick()
        assert recorder.calls == []
        clock.move_to(sp(2025, 3, 13, 0, 5))  # 03:05 UTC: the São Paulo day decides
        notifier.tick()
    assert recorder.calls == [("Retorno às 00:05", "Mercado · Pós-Venda")]


def test_it_rings_besides_the_periodic_alert(app, factory, desk, seller, timed):
    notifier, recorder = desk
    update_user(app, seller.id, alert_every_minutes=30)
    with time_machine.travel(sp(2025, 3, 12, 14, 30), tick=False):
        notice = notifier.tick()
    assert recorder.calls == [(ALARM, "Padaria Pão Quente · Pós-Venda"),
                              (notice.title, notice.body)]
    assert notice.title == "1 retorno de Follow Up para hoje"


def test_only_the_desktop_users_own_returns_ring(app, factory, desk, admin, seller):
    notifier, recorder = desk
    factory.entry(factory.party("Cliente do Admin"), admin, return_date=TODAY,
                  return_time=time(9, 0))
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notifier.tick()
    assert recorder.calls == []
    with app.app_context():
        assert db.session.scalar(select(FollowUpEntry.time_alert_sent_for)) is None


def test_a_muted_day_does_not_ring(app, desk, timed, seller):
    notifier, recorder = desk
    update_user(app, seller.id, alerts_muted_on=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 14, 30), tick=False):
        notifier.tick()
    assert recorder.calls == []
