"""F8: the notifier's time rules on a frozen clock (interval, midnight, zone, catch-up)."""

import logging
from datetime import date, timedelta

import pytest
import time_machine

from app.alerts.notifier import Notifier, start_notifier
from app.followups.visibility import scope_entries  # noqa: F401 - the scope the notices rely on

from .alerts_helpers import Recorder, configure, make_desktop_user, sp, update_user

TODAY = date(2025, 3, 12)  # a Wednesday


@pytest.fixture
def seller(factory):
    return factory.user("vendas", alert_every_minutes=30)


@pytest.fixture
def desk(app, seller):
    configure(app)
    make_desktop_user(app, seller.id)
    recorder = Recorder()
    return Notifier(app, notify=recorder), recorder


def test_one_notification_names_the_first_parties_and_counts(factory, seller, desk):
    notifier, recorder = desk
    for name in ("Padaria Pão Quente", "Mercado Bom Preço", "Oficina do Zé", "Ferragens Lima"):
        factory.entry(factory.party(name), seller, return_date=TODAY)
    factory.entry(factory.party("Atacado Sul"), seller, return_date=TODAY - timedelta(days=4))
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notice = notifier.tick()
    assert recorder.calls == [(notice.title, notice.body)]
    assert notice.title == "4 retornos de Follow Up para hoje · 1 atrasado"
    assert notice.body == "Padaria Pão Quente, Mercado Bom Preço, Oficina do Zé e mais 2 retornos."


def test_nothing_is_raised_when_nothing_is_due(factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY + timedelta(days=1))
    factory.entry(factory.party("Done Ltda"), seller, return_date=TODAY, status="done")
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        assert notifier.tick() is None
    assert recorder.calls == []


def test_every_n_minutes_while_the_return_stays_open(factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as clock:
        assert notifier.tick() is not None
        clock.move_to(sp(2025, 3, 12, 9, 29, 59))
        assert notifier.tick() is None  # not before N minutes
        clock.move_to(sp(2025, 3, 12, 9, 30))
        assert notifier.tick() is not None  # again, never only once
        clock.move_to(sp(2025, 3, 12, 10, 0))
        assert notifier.tick() is not None
    assert len(recorder.calls) == 3


def test_an_interval_change_applies_at_the_next_tick(app, factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as clock:
        notifier.tick()
        clock.move_to(sp(2025, 3, 12, 9, 12))
        assert notifier.tick() is None
        update_user(app, seller.id, alert_every_minutes=10)
        assert notifier.tick() is not None


@pytest.mark.parametrize("change", [
    {"settings": {"enabled": False}},
    {"user": {"alert_every_minutes": None}},
    {"user": {"alerts_muted_on": TODAY}},
    {"user": {"can_access_followups": False}},
    {"user": {"active": False}},
    {"user": {"session_version": 99}},  # signed out / password reset since
])
def test_settings_and_user_options_silence_it_at_once(app, factory, seller, desk, change):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY)
    if "settings" in change:
        configure(app, **change["settings"])
    else:
        update_user(app, seller.id, **change["user"])
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        assert notifier.tick() is None
    assert recorder.calls == []


def test_a_mute_lasts_until_the_business_day_ends(app, factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY)
    update_user(app, seller.id, alerts_muted_on=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 23, 59), tick=False) as clock:
        assert notifier.tick() is None
        clock.move_to(sp(2025, 3, 13, 0, 1))
        notice = notifier.tick()
    assert notice.title == "1 retorno de Follow Up atrasado"


def test_23_30_in_sao_paulo_is_still_today_not_overdue(factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party(), seller, return_date=TODAY)
    # 23:30 in São Paulo is already 02:30 of the next day in UTC.
    with time_machine.travel(sp(2025, 3, 12, 23, 30), tick=False):
        notice = notifier.tick()
    assert notice.title == "1 retorno de Follow Up para hoje"


def test_across_midnight_today_moves_and_yesterdays_return_becomes_overdue(factory, seller, desk):
    notifier, recorder = desk
    factory.entry(factory.party("Padaria"), seller, return_date=TODAY)
    factory.entry(factory.party("Mercado"), seller, return_date=TODAY + timedelta(days=1))
    with time_machine.travel(sp(2025, 3, 12, 23, 50), tick=False) as clock:
        assert notifier.tick().title == "1 retorno de Follow Up para hoje"
        clock.move_to(sp(2025, 3, 13, 0, 10))
        assert notifier.tick() is None  # the interval holds across midnight: no storm
        clock.move_to(sp(2025, 3, 13, 0, 20))
        notice = notifier.tick()
    assert notice.title == "1 retorno de Follow Up para hoje · 1 atrasado"
    assert notice.body == "Mercado, Padaria."


def test_a_failing_backend_is_logged_and_the_next_tick_still_runs(app, factory, seller, caplog):
    configure(app)
    make_desktop_user(app, seller.id)
    factory.entry(factory.party(), seller, return_date=TODAY)
    broken = Recorder(fail=True)
    notifier = Notifier(app, notify=broken)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as clock, \
            caplog.at_level(logging.ERROR, "app.alerts.notifier"):
        assert notifier.tick() is not None
        clock.move_to(sp(2025, 3, 12, 9, 31))
        assert notifier.tick() is not None
    assert len(broken.calls) == 2
    assert "notification backend failed" in caplog.text


def test_no_desktop_user_means_no_notification(app, factory, seller):
    configure(app)
    factory.entry(factory.party(), seller, return_date=TODAY)
    recorder = Recorder()
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        assert Notifier(app, notify=recorder).tick() is None


def test_only_what_the_user_may_see_is_counted_and_named(factory, seller, desk, admin):
    notifier, recorder = desk
    factory.entry(factory.party("Cliente do Admin"), admin, return_date=TODAY)
    factory.entry(factory.party("Cliente Meu"), seller, return_date=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notice = notifier.tick()
    assert notice.title == "1 retorno de Follow Up para hoje"
    assert "Cliente do Admin" not in notice.body


def test_signing_in_on_this_machine_makes_the_desktop_user(app, web, factory, seller):
    configure(app)
    factory.entry(factory.party("Padaria"), seller, return_date=TODAY)
    recorder = Recorder()
    notifier = Notifier(app, notify=recorder)
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as clock:
        assert notifier.tick() is None
        web.login("vendas")
        web.get("/after-login")
        assert notifier.tick() is not None
        web.logout()  # signing out ends the desktop user's alerts too
        clock.move_to(sp(2025, 3, 12, 10, 0))
        assert notifier.tick() is None


def test_the_thread_catches_up_at_start_with_what_fell_due_while_closed(app, factory, seller):
    configure(app)
    make_desktop_user(app, seller.id)
    factory.entry(factory.party("Padaria"), seller, return_date=TODAY - timedelta(days=2))
    factory.entry(factory.party("Mercado"), seller, return_date=TODAY)
    recorder = Recorder()
    with time_machine.travel(sp(2025, 3, 12, 8, 0), tick=False):
        notifier = start_notifier(app, notify=recorder, check_seconds=60)
        try:
            assert recorder.called.wait(10), "no notification at start"
            assert start_notifier(app) is notifier  # one notifier per app
        finally:
            notifier.stop()
    assert not notifier.running
    assert recorder.calls == [("1 retorno de Follow Up para hoje · 1 atrasado",
                               "Mercado, Padaria.")]


def test_the_thread_survives_a_failing_backend_and_wakes_on_demand(app, factory, seller):
    configure(app)
    make_desktop_user(app, seller.id)
    factory.entry(factory.party(), seller, return_date=TODAY)
    update_user(app, seller.id, alert_every_minutes=10)
    broken = Recorder(fail=True)
    with time_machine.travel(sp(2025, 3, 12, 8, 0), tick=False) as clock:
        notifier = start_notifier(app, notify=broken, check_seconds=60)
        try:
            assert broken.called.wait(10)
            broken.called.clear()
            clock.move_to(sp(2025, 3, 12, 8, 11))
            from app.alerts.notifier import wake_notifier

            wake_notifier(app)  # what saving the settings does
            assert broken.called.wait(10), "the thread died after the backend failed"
            assert notifier.running
        finally:
            notifier.stop()
