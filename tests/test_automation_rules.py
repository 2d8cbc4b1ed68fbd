"""Automatic rules: the settings form, each rule creating its return once (twice run, two
apps on one file), business days with holidays under a frozen clock, one failure not stopping
the others, and the rule named on the entry and the list."""

import logging
import threading
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app import create_app
from app.automation.scheduler import EXTENSION_KEY, run_if_new_day
from app.extensions import db
from app.models import AutomaticRule, FollowUpEntry, RuleMark
from app.settings.services import business_today

from .alerts_helpers import configure, sp
from .rules_helpers import (
    add_company_holiday,
    error_beside,
    rule_entries,
    rule_row,
    rules_form,
    run_today,
    switch_on,
    typed_value,
)
from .waiting import wait_until

THURSDAY = sp(2026, 11, 19, 10, 0)  # Friday 20/11 is Consciência Negra, a national holiday


@pytest.fixture
def zoned(app):
    configure(app)
    return app


def test_rules_start_off_and_an_admin_switches_them_on(zoned, signed_in):
    page = signed_in.get("/settings/rules").get_data(as_text=True)
    assert 'name="after_sale-enabled"' in page and 'name="after_sale-enabled" checked' not in page
    assert not rule_row(zoned, "after_sale").enabled
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        response = signed_in.post("/settings/rules", rules_form(after_sale=(True, "3")))
        assert response.status_code == 302
        assert "Regras automáticas salvas" in signed_in.get(
            "/settings/rules").get_data(as_text=True)
    saved = rule_row(zoned, "after_sale")
    assert (saved.enabled, saved.delay_days) == (True, 3)
    assert saved.enabled_at.date() == date(2026, 11, 19)


@pytest.mark.parametrize("days", ["0", "-5", "3651", "", "dez"])
def test_a_bad_delay_is_refused_beside_its_field_and_kept(zoned, signed_in, days):
    response = signed_in.post("/settings/rules", rules_form(open_quote=(True, days)))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_beside(page, "open_quote-delay_days") == "Digite um número de dias de 1 a 3650."
    assert typed_value(page, "open_quote-delay_days") == days
    assert not rule_row(zoned, "open_quote").enabled


def test_a_concluded_sale_gets_one_after_sales_return_in_business_days(zoned, signed_in,
                                                                       factory, admin):
    seller = factory.user("vendas.a")
    add_company_holiday(zoned, date(2026, 11, 24))
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        switch_on(signed_in, after_sale=3)
        sale = factory.document("sale", factory.party("Padaria Central"), seller,
                                issued_on=date(2026, 11, 19))
        assert run_today(zoned)["after_sale"] == 1
        assert run_today(zoned)["after_sale"] == 0
    [entry] = rule_entries(zoned, "after_sale")
    # Fri 20 national holiday, Mon 23, Tue 24 company holiday, Wed 25, Thu 26.
    assert entry.return_date == date(2026, 11, 26)
    assert entry.responsible_id == seller.id
    assert entry.follow_up.origin_document_id == sale.id
    assert entry.status == "open"


def test_sales_concluded_before_the_rule_was_switched_on_are_left_alone(zoned, signed_in,
                                                                          factory, admin):
    with time_machine.travel(sp(2026, 11, 10, 10, 0), tick=False):
        factory.document("sale", factory.party("Antiga"), admin, issued_on=date(2026, 11, 10))
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        switch_on(signed_in, after_sale=3)
        assert run_today(zoned)["after_sale"] == 0


def test_an_open_quote_without_follow_up_gets_one_return_after_n_days(zoned, signed_in,
                                                                       factory, admin):
    seller = factory.user("vendas.a")
    party = factory.party("Mercado Bom Preço")
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        switch_on(signed_in, open_quote=7)
        old = factory.document("quote", party, seller, issued_on=date(2026, 11, 12))
        factory.document("quote", party, seller, issued_on=date(2026, 11, 13))  # 6 days: not yet
        followed = factory.document("quote", party, seller, issued_on=date(2026, 11, 1),
                                    follow_up=factory.entry(party, seller,
                                                            return_date=date(2026, 11, 20)
                                                            ).follow_up)
        assert run_today(zoned)["open_quote"] == 1
        assert run_today(zoned)["open_quote"] == 0
    [entry] = rule_entries(zoned, "open_quote")
    assert entry.follow_up.origin_document_id == old.id != followed.id
    assert (entry.return_date, entry.responsible_id) == (date(2026, 11, 19), seller.id)
    assert entry.type_id == factory.type_id("Em Análise")


def test_two_apps_on_one_file_create_each_return_once(zoned, signed_in, factory, admin):
    # Sales: only the marks (no other state) tell a rule that a sale already has its return.
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        switch_on(signed_in, after_sale=1)
        party = factory.party("Concorrido")
        for _ in range(12):
            factory.document("sale", party, admin, issued_on=date(2026, 11, 19))
    other = create_app({"DATA_DIR": zoned.config["DATA_DIR"], "TESTING": True})
    created: list[int] = []
    start = threading.Barrier(2)

    def run(app) -> None:
        start.wait()
        created.append(run_today(app)["after_sale"])

    threads = [threading.Thread(target=run, args=(app,)) for app in (zoned, other)]
    with time_machine.travel(THURSDAY, tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    with other.app_context():
        db.engine.dispose()
    assert sum(created) == 12
    assert len(rule_entries(zoned, "after_sale")) == 12
    assert factory.scalar(select(db.func.count()).select_from(RuleMark)) == 12


def test_a_rule_failing_on_one_document_logs_it_and_goes_on(zoned, web, factory, caplog):
    # No administrator exists: a sale without a salesperson has nobody to call.
    manager = factory.user("gerente", is_admin=True)
    seller = factory.user("vendas.a")
    party = factory.party("Parcial")
    with time_machine.travel(THURSDAY, tick=False):
        web.login("gerente")
        switch_on(web, after_sale=2)
        orphan = factory.document("sale", party, None, issued_on=date(2026, 11, 19))
        factory.document("sale", party, seller, issued_on=date(2026, 11, 19))
    with zoned.app_context():
        db.session.get(type(manager), manager.id).active = False
        db.session.commit()
    with time_machine.travel(THURSDAY, tick=False), caplog.at_level(logging.ERROR):
        assert run_today(zoned)["after_sale"] == 1
    [entry] = rule_entries(zoned, "after_sale")
    assert entry.responsible_id == seller.id
    assert f"automatic rule after_sale failed on sale:{orphan.id}" in caplog.text


def test_the_entry_and_the_list_say_which_rule_made_the_return(zoned, signed_in, factory,
                                                               admin):
    with time_machine.travel(THURSDAY, tick=False):
        signed_in.login("admin")
        switch_on(signed_in, after_sale=1)
        factory.document("sale", factory.party("Rastreada"), admin, issued_on=date(2026, 11, 19))
        run_today(zoned)
        [entry] = rule_entries(zoned, "after_sale")
        page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
        assert "Criado automaticamente pela regra: Retorno de Pós-Venda após uma Venda" in page
        listing = signed_in.get("/followups/?status=all").get_data(as_text=True)
    assert 'class="tag-rule" title="Retorno de Pós-Venda após uma Venda">automático' in listing


def test_the_daily_run_runs_at_start_and_again_only_when_the_day_turns(zoned, signed_in,
                                                                       factory, admin):
    party = factory.party("Diária")
    with time_machine.travel(sp(2026, 11, 18, 23, 50), tick=False):
        signed_in.login("admin")
        switch_on(signed_in, open_quote=1)
        factory.document("quote", party, admin, issued_on=date(2026, 11, 16))
        last = run_if_new_day(zoned, None)
        assert last == date(2026, 11, 18)
        factory.document("quote", party, admin, issued_on=date(2026, 11, 17))
        assert run_if_new_day(zoned, last) == last
    assert len(rule_entries(zoned, "open_quote")) == 1  # the same day: no second run
    with time_machine.travel(sp(2026, 11, 19, 0, 10), tick=False):
        assert run_if_new_day(zoned, last) == date(2026, 11, 19)
    assert len(rule_entries(zoned, "open_quote")) == 2


def test_rules_left_off_create_nothing(zoned, factory, admin):
    with time_machine.travel(THURSDAY, tick=False):
        factory.document("sale", factory.party("Desligada"), admin, issued_on=date(2026, 11, 1))
        factory.document("quote", factory.party("Desligado"), admin, issued_on=date(2026, 11, 1))
        assert run_today(zoned) == {}
    assert factory.scalar(select(db.func.count()).select_from(FollowUpEntry)) == 0
    assert factory.scalar(select(db.func.count()).select_from(AutomaticRule)) == 3


def test_the_app_starts_its_rules_thread_and_it_runs_at_once(zoned, signed_in, factory,
                                                             admin):
    switch_on(signed_in, open_quote=7)
    with zoned.app_context():
        today = business_today()
    factory.document("quote", factory.party("Na Partida"), admin,
                     issued_on=today - timedelta(days=10))
    started = create_app({"DATA_DIR": zoned.config["DATA_DIR"], "TESTING": True,
                          "RULES_THREAD": True})
    runs = started.extensions[EXTENSION_KEY]
    try:
        wait_until(lambda: len(rule_entries(zoned, "open_quote")) == 1,
                   what="the start-up run of the rules")
    finally:
        runs.stop()
        with started.app_context():
            db.engine.dispose()
    assert len(rule_entries(zoned, "open_quote")) == 1
