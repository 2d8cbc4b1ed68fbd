"""The permission matrix: three users on every route, ids probed in sequence: 0 leaks."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.models import FollowUpEntry

from .conftest import Browser
from .route_map import database_file, fingerprint, urls_with_ids

TEXTS = ("notes", "complaints", "internal_comment")


def secret(owner: str, n: int, field: str) -> str:
    return f"SEGREDO{owner.upper()}{n}{field.replace('_', '').upper()}"


@pytest.fixture
def world(app, factory, admin):
    """Admin's and a restricted user's entries, one deleted, on shared and separate parties."""
    restricted = factory.user("restrito", can_see_all_followups=False)
    no_access = factory.user("semacesso", can_access_followups=False)
    shared = factory.party("Cliente Comum")
    own = factory.party("Cliente do Restrito")
    today = date.today()
    markers: dict[str, list[str]] = {"admin": [], "restrito": [], "deleted": []}
    follow_up = None
    for n in range(3):
        texts = {f: secret("admin", n, f) for f in TEXTS}
        entry = factory.entry(shared, admin, return_date=today + timedelta(days=n - 1),
                              follow_up=follow_up, **texts)
        follow_up = entry.follow_up
        markers["admin"] += texts.values()
    for n, party in enumerate((shared, own)):
        texts = {f: secret("restrito", n, f) for f in TEXTS}
        factory.entry(party, restricted, return_date=today, **texts)
        markers["restrito"] += texts.values()
    texts = {f: secret("apagado", 0, f) for f in TEXTS}
    gone = factory.entry(own, restricted, return_date=today, **texts)
    markers["deleted"] += texts.values()
    with app.app_context():
        from app.extensions import db
        from app.followups.services import soft_delete_entry

        row = db.session.get(FollowUpEntry, gone.id)
        soft_delete_entry(row, db.session.get(type(admin), admin.id))
        db.session.commit()
    return {"users": {"admin": admin, "restrito": restricted, "semacesso": no_access},
            "markers": markers, "admin_user_id": admin.id, "shared": shared, "own": own}


FORBIDDEN = {"admin": ("deleted",), "restrito": ("admin", "deleted"),
             "semacesso": ("admin", "restrito", "deleted")}


def probe_urls(app, world, top_id: int) -> list[str]:
    urls = [route.url for route in urls_with_ids(app, "GET", range(1, top_id + 3))
            if not route.url.startswith("/static/")]
    admin_id, shared, own = world["admin_user_id"], world["shared"], world["own"]
    for status in ("open", "done", "all"):
        urls += [f"/followups/?status={status}&user={admin_id}",
                 f"/followups/?status={status}&party={shared.id}",
                 f"/followups/?status={status}&party={own.id}",
                 f"/followups/?status={status}&q=SEGREDO"]
    urls += ["/followups/?period=today", "/followups/?period=overdue", "/alerts/due",
             f"/parties/lookup?kind=customer&code={shared.code}"]
    return urls


def test_no_user_sees_notes_they_may_not_see(app, client, world):
    top_id = _top_id(app)
    urls = probe_urls(app, world, top_id)
    leaks: list[str] = []
    seen_own = {}
    requests = 0
    for login in ("admin", "restrito", "semacesso"):
        app_client = app.test_client()
        browser = Browser(app_client)
        assert browser.login(login).status_code == 302
        forbidden = [m for group in FORBIDDEN[login] for m in world["markers"][group]]
        own = world["markers"]["admin" if login == "admin" else "restrito"]
        seen_own[login] = False
        for url in urls:
            response = app_client.get(url)
            requests += 1
            body = response.get_data(as_text=True)
            # Admins see deleted entries only in their restore list.
            allowed_here = login == "admin" and url.startswith("/admin/deleted-entries")
            leaks += [f"{login} {url}: {m}" for m in forbidden if m in body and not allowed_here]
            seen_own[login] |= any(m in body for m in own)
            assert response.status_code < 500, (login, url, response.status_code)
    print(f"\npermission matrix: {requests} GETs by 3 users on {len(urls)} URLs "
          f"(ids 1..{top_id + 2}), leaks: {len(leaks)}")
    for leak in leaks[:20]:
        print("LEAK", leak)
    assert leaks == []
    # The probe can see: each user finds their own texts somewhere.
    assert seen_own["admin"] and seen_own["restrito"] and not seen_own["semacesso"]


def _top_id(app) -> int:
    with app.app_context():
        from app.extensions import db

        return db.session.scalar(select(func.max(FollowUpEntry.id))) or 1


def test_writes_to_entries_others_own_change_nothing(app, world):
    top_id = _top_id(app)
    path = database_file(app)
    before = fingerprint(path, skip=("login_attempts", "users"))
    refused = attempts = 0
    for login in ("restrito", "semacesso"):
        browser = Browser(app.test_client())
        browser.login(login)
        with app.app_context():
            from app.extensions import db

            others = db.session.scalars(select(FollowUpEntry.id).where(
                FollowUpEntry.responsible_id != world["users"][login].id)).all()
        for entry_id in others:
            for url, form in ((f"/entries/{entry_id}", {"notes": "mexido", "status": "done",
                                                       "return_date": "01/01/2030"}),
                              (f"/entries/{entry_id}/delete", {}),
                              (f"/alerts/snooze/{entry_id}", {"minutes": "10"}),
                              (f"/admin/deleted-entries/{entry_id}/restore", {})):
                attempts += 1
                response = browser.post(url, form)
                refused += response.status_code in (403, 404)
    after = fingerprint(path, skip=("login_attempts", "users"))
    changed = [table for table in before if before[table] != after.get(table)]
    print(f"\nwrites to others' entries: {refused}/{attempts} refused (403/404), "
          f"tables changed: {changed or 0} (ids up to {top_id})")
    assert changed == []
    assert refused == attempts
