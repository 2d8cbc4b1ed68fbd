"""Stored XSS: payloads in every free-text field, rendered in Chromium with a dialog trap: 0 runs.

The page's Content-Security-Policy would stop most payloads on its own, so the pages are opened
with CSP bypassed: what is measured here is the escaping, the first line of defence.
"""

from datetime import date

from playwright.sync_api import expect

from app.extensions import db
from app.followups.services import soft_delete_entry
from app.models import FollowUpEntry, User
from app.users.services import UserData, create_account

from ..conftest import PASSWORD
from .conftest import sign_in

PAYLOADS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "\"><svg onload=alert('s3')>",
    "'><iframe src=\"javascript:alert('s4')\"></iframe>",
    "</textarea><script>alert('s5')</script>",
    "</title><script>alert('s6')</script>",
    "\" onfocus=\"alert('s7')\" autofocus=\"",
    "<a href=\"javascript:alert('s8')\">clique</a>",
    "<details open ontoggle=alert('s9')>",
    "javascript:alert('s10')",
    "{{7*7}}<body onload=alert('s11')>",
    "<style>@import 'javascript:alert(12)';</style><b onmouseover=alert('s12')>x</b>",
]
PARTY_TEXTS = ("trade_name", "address", "city", "notes")
ENTRY_TEXTS = ("notes", "complaints", "internal_comment")


def seed(app, factory, admin) -> dict:
    parties, entries = [], []
    for payload in PAYLOADS:
        party = factory.party(payload[:110], **{f: payload for f in PARTY_TEXTS},
                              contacts=[{"name": payload[:80], "role": payload[:80],
                                         "phone": "", "email": ""}])
        entry = factory.entry(party, admin, return_date=date.today(),
                              **{f: payload for f in ENTRY_TEXTS})
        parties.append(party)
        entries.append(entry)
    deleted = factory.entry(parties[0], admin, return_date=date.today(),
                            **{f: PAYLOADS[1] for f in ENTRY_TEXTS})
    with app.app_context():
        soft_delete_entry(db.session.get(FollowUpEntry, deleted.id),
                          db.session.get(User, admin.id))
        create_account(UserData("xss", PAYLOADS[2]), PASSWORD, acting=None)
        db.session.commit()
    return {"parties": parties, "entries": entries}


def pages_to_visit(world) -> list[str]:
    urls = ["/followups/?status=all", "/followups/?period=today", "/parties/customers",
            "/admin/deleted-entries", "/users/", "/admin/backups"]
    urls += [f"/parties/{p.id}" for p in world["parties"]]
    urls += [f"/followups/{e.follow_up_id}" for e in world["entries"]]
    urls += [f"/entries/{e.id}" for e in world["entries"]]
    urls += [f"/followups/new/entry?party={p.id}" for p in world["parties"][:3]]
    return urls


def test_no_payload_runs_on_any_page(browser, live_server, app, factory, admin, shot):
    world = seed(app, factory, admin)
    context = browser.new_context(bypass_csp=True, locale="pt-BR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server.url, "admin", PASSWORD)  # the after-login prompt names parties
    page.wait_for_load_state("networkidle")
    visited = 0
    for url in pages_to_visit(world):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("Tab")  # give autofocus/onfocus payloads their chance
        visited += 1
    # The code lookup on the start screen renders a party's name and contacts with script.
    preview = page.locator("#party-preview")
    for party in world["parties"]:
        page.goto(f"{live_server.url}/followups/new")
        page.get_by_label("Código").fill(str(party.code))
        expect(preview).to_contain_text(party.name)  # the preview ran and shows it as text
        expect(preview).to_contain_text(party.contacts[0].name)
        visited += 1
    shot("start-lookup")
    page.goto(f"{live_server.url}/entries/{world['entries'][1].id}")
    assert PAYLOADS[1] in page.locator("textarea[name=notes]").input_value()  # shown as text
    executions = list(dialogs)
    with page.expect_event("dialog") as control:  # the trap does catch a payload that runs
        page.set_content(PAYLOADS[1])
    assert control.value.message == "s2"
    context.close()
    fields = len(PARTY_TEXTS) + 3 + len(ENTRY_TEXTS)
    print(f"\nstored XSS: {len(PAYLOADS)} payloads x {fields} free-text fields, "
          f"{visited} page views (CSP bypassed), executions: {len(executions)}")
    assert executions == []
