"""A save sent twice with the same form (a retry after a lost reply) is stored once."""

import re
import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from app.models import FollowUpEntry, Party

from .conftest import Browser
from .pages import flashes

KEY = re.compile(r'name="form_key" value="([^"]+)"')


def _entry_form(page: str, type_id: int) -> dict:
    day = date.today() + timedelta(days=2)
    return {"form_key": KEY.search(page).group(1), "contacted_at": "", "type_id": type_id,
            "return_date": day.strftime("%d/%m/%Y"), "status": "open",
            "notes": "Cliente pediu retorno na quinta."}


def test_an_entry_posted_twice_with_its_key_is_stored_once(signed_in, factory, admin):
    party = factory.party("Padaria Pão Quente")
    first = factory.entry(party, admin, return_date=date.today())
    path = f"/followups/{first.follow_up_id}/entries/new"
    page = signed_in.get(path).get_data(as_text=True)
    form = _entry_form(page, factory.type_id())
    form["contacted_at"] = re.search(r'id="contacted_at"[^>]*value="([^"]+)"', page).group(1)
    saved = signed_in.post(path, form)
    again = signed_in.post(path, form)  # the reply to the first was lost: the user saves again
    assert saved.status_code == again.status_code == 302
    assert again.location == saved.location
    assert ("info", "Este formulário já tinha sido salvo; aqui está o resultado.") in flashes(
        signed_in.get(again.location).get_data(as_text=True))
    count = factory.scalar(select(func.count(FollowUpEntry.id))
                           .where(FollowUpEntry.follow_up_id == first.follow_up_id))
    assert count == 2


def test_a_refused_save_keeps_its_key_free_for_the_corrected_one(signed_in, factory):
    page = signed_in.get("/parties/customers/new").get_data(as_text=True)
    key = KEY.search(page).group(1)
    refused = signed_in.post("/parties/customers/new", {"form_key": key, "name": ""})
    assert refused.status_code == 422
    assert KEY.search(refused.get_data(as_text=True)).group(1) == key  # the same form goes on
    saved = signed_in.post("/parties/customers/new", {"form_key": key, "name": "Oficina Souza"})
    assert saved.status_code == 302
    assert factory.scalar(select(func.count(Party.id))) == 1


def test_two_tabs_have_two_keys_and_both_save(signed_in, factory):
    keys = [KEY.search(signed_in.get("/parties/customers/new").get_data(as_text=True)).group(1)
            for _ in range(2)]
    assert keys[0] != keys[1]
    for n, key in enumerate(keys):
        assert signed_in.post("/parties/customers/new",
                              {"form_key": key, "name": f"Cliente {n}"}).status_code == 302
    assert factory.scalar(select(func.count(Party.id))) == 2


def test_the_same_key_sent_at_once_from_two_threads_stores_one_party(app, factory, admin):
    browsers = [Browser(app.test_client()) for _ in range(2)]
    for browser in browsers:
        assert browser.login("admin").status_code == 302
    key = "k" * 32
    answers: list[int] = []

    def save(browser: Browser) -> None:
        answers.append(browser.post("/parties/customers/new",
                                    {"form_key": key, "name": "Mercado Duplo"}).status_code)

    threads = [threading.Thread(target=save, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [302, 302]
    assert factory.scalar(select(func.count(Party.id))) == 1
