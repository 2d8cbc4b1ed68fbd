"""Signing in here wakes the notifier at once; the first administrator is the desktop user."""

from datetime import date

import pytest
import time_machine

from app.alerts.desktop_user import desktop_user
from app.alerts.notifier import Notifier, start_notifier

from .alerts_helpers import Recorder, configure, sp
from .conftest import PASSWORD

TODAY = date(2025, 3, 12)
WAKE_SECONDS = 3.0  # issue #16: the first notification within 3 s of the sign-in


@pytest.fixture
def seller_with_a_return_today(app, factory):
    configure(app)
    seller = factory.user("vendas", alert_every_minutes=30)
    factory.entry(factory.party("Padaria Pão Quente"), seller, return_date=TODAY)
    return seller


def test_signing_in_wakes_the_notifier_instead_of_its_next_tick(app, web,
                                                                seller_with_a_return_today):
    recorder = Recorder()
    with time_machine.travel(sp(2025, 3, 12, 9, 0)):
        notifier = start_notifier(app, notify=recorder, check_seconds=600)
        try:
            notifier.tick()  # nobody signed in yet: nothing to say (as at start)
            assert recorder.calls == []
            response = web.login("vendas")  # the POST alone, as a browser's first request
            assert response.status_code == 302
            assert recorder.called.wait(WAKE_SECONDS), "no notification within 3 s of signing in"
        finally:
            notifier.stop()
    assert recorder.calls == [("1 retorno de Follow Up para hoje", "Padaria Pão Quente.")]


def test_a_sign_in_from_another_computer_is_not_the_desktop_user(app, web,
                                                                 seller_with_a_return_today):
    response = web.post("/login", {"login": "vendas", "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "192.168.0.20"})
    assert response.status_code == 302
    with app.app_context():
        assert desktop_user(app) is None


def test_the_first_administrator_gets_notifications_in_the_same_session(app, web, factory):
    configure(app)
    response = web.post("/first-run", {"name": "Maria Dona", "login": "maria",
                                       "password": "segredo-123", "confirm": "segredo-123"})
    assert response.status_code == 302
    with app.app_context():
        maria = desktop_user(app)
        assert maria is not None and maria.login == "maria"
    factory.entry(factory.party("Mercado Bom Preço"), maria, return_date=TODAY)
    recorder = Recorder()
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        notice = Notifier(app, notify=recorder).tick()
    assert notice is not None and recorder.calls == [(notice.title, "Mercado Bom Preço.")]
