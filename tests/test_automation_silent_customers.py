"""Clientes sem contato: the list (longest silence first, last sale, one click from a new
follow-up) and the rule that makes their returns, once per silence."""

import re
from datetime import date, datetime

import pytest
import time_machine

from .alerts_helpers import configure, sp
from .rules_helpers import error_beside, rule_entries, run_today, switch_on, typed_value

TODAY = sp(2026, 11, 19, 10, 0)


def names_listed(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="num">\d+</td>\s*<td>([^<]+)</td>', body)


def contact(factory, party, user, day: date):
    """An entry for a contact made on that day (its return the same day, closed)."""
    return factory.entry(party, user, return_date=day, status="done",
                         contacted_at=datetime.combine(day, datetime.min.time()).replace(hour=9))


def test_the_list_shows_silent_customers_longest_silence_first(app, web, factory, admin):
    configure(app)
    with time_machine.travel(sp(2026, 1, 5, 9, 0), tick=False):
        never = factory.party("Nunca Ligamos")
        old, recent, quiet = (factory.party(n) for n in ("Antigo", "Recente", "Quieto"))
        factory.party("Fornecedor Quieto", kind="supplier")
    contact(factory, old, admin, date(2026, 3, 2))
    contact(factory, quiet, admin, date(2026, 7, 1))
    contact(factory, recent, admin, date(2026, 11, 1))
    sale = factory.document("sale", quiet, admin, issued_on=date(2026, 6, 30))
    with time_machine.travel(TODAY, tick=False):
        web.login("admin")
        page = web.get("/customers/without-contact?days=90").get_data(as_text=True)
        shorter = web.get("/customers/without-contact?days=10").get_data(as_text=True)
    assert names_listed(page) == ["Nunca Ligamos", "Antigo", "Quieto"]
    assert f'href="/documents/{sale.id}"' in page and "30/06/2026" in page
    assert f'href="/followups/new/entry?party={never.id}"' in page
    assert "nunca" in page
    assert names_listed(shorter) == ["Nunca Ligamos", "Antigo", "Quieto", "Recente"]


def test_the_rule_makes_one_return_per_silence(app, web, factory, admin):
    configure(app)
    seller = factory.user("vendas.a")
    with time_machine.travel(sp(2026, 1, 5, 9, 0), tick=False):
        party = factory.party("Sumido")
    contact(factory, party, seller, date(2026, 6, 1))
    with time_machine.travel(TODAY, tick=False):
        web.login("admin")
        switch_on(web, no_contact=90)
        assert run_today(app)["no_contact"] == 1
        assert run_today(app)["no_contact"] == 0
        page = web.get("/customers/without-contact").get_data(as_text=True)
    [entry] = rule_entries(app, "no_contact")
    assert (entry.party_id, entry.responsible_id) == (party.id, seller.id)
    assert entry.return_date == date(2026, 11, 19)
    assert "Sumido" not in names_listed(page)  # the new return is the latest contact


@pytest.mark.parametrize("days", ["0", "3651", "-1", "noventa", "9" * 5000])
def test_a_bad_number_of_days_is_explained_beside_the_field(app, web, factory, admin, days):
    configure(app)
    web.login("admin")
    response = web.get(f"/customers/without-contact?days={days}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_beside(page, "days") == "Digite um número de dias de 1 a 3650."
    assert typed_value(page, "days") == days
