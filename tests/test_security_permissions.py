"""The permission matrix: four users on every route of the URL map, ids probed in sequence: 0 leaks,
and no refused write changes the database."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.models import FollowUp, FollowUpEntry, Party, Product, SalesDocument, User

from .conftest import Browser
from .permission_matrix import LOGINS, USERS, build_world, entry_form, rows
from .route_map import database_file, endpoint_methods, fingerprint, urls_with_ids
from .sales_helpers import doc_form, line

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SKIP = ("login_attempts",)  # every sign-in writes one
FORBIDDEN = {"admin": ("deleted",), "a": ("admin", "b", "deleted"),
             "b": ("admin", "a", "deleted"), "nothing": ("admin", "a", "b", "deleted")}


@pytest.fixture
def world(app, factory, admin):
    return build_world(app, factory, admin)


def signed_in_as(app, who: str) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(LOGINS[who]).status_code == 302
    return browser


def changed_tables(before: dict, after: dict) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]


def test_the_matrix_names_every_route_of_the_url_map(app, world):
    listed = [(row.endpoint, row.method) for row in rows(world)]
    assert len(listed) == len(set(listed))
    assert set(listed) == endpoint_methods(app)


@pytest.mark.parametrize("who", USERS)
def test_every_route_answers_each_user_as_the_matrix_says(app, world, who):
    browser = signed_in_as(app, who)
    path = database_file(app)
    wrong: list[str] = []
    refused_writes = 0
    for row in rows(world):
        expected = row.expected[who]
        refused = row.method == "POST" and expected in (403, 404, 422)
        before = fingerprint(path, skip=SKIP) if refused else None
        if row.method == "GET":
            response = browser.get(row.url)
        else:
            response = browser.post(row.url, row.form)
        response.close()  # a streamed download ends here, inside this test, not at collection
        if response.status_code != expected:
            wrong.append(f"{row.method} {row.url} ({row.endpoint}): "
                         f"{response.status_code}, expected {expected}")
        if refused:
            refused_writes += 1
            changed = changed_tables(before, fingerprint(path, skip=SKIP))
            if changed:
                wrong.append(f"{row.method} {row.url} was refused but changed {changed}")
    print(f"\n{who}: {len(rows(world))} routes, {refused_writes} refused writes, "
          f"wrong: {len(wrong)}")
    assert wrong == [], "\n".join(wrong)


def _top_id(factory) -> int:
    return max(factory.scalar(select(func.max(model.id))) or 1 for model in (
        FollowUpEntry, FollowUp, SalesDocument, Party, Product, User))


def probe_urls(app, world, top_id: int) -> list[str]:
    urls = [route.url for route in urls_with_ids(app, "GET", range(1, top_id + 3))
            if not route.url.startswith("/static/")]
    users, shared, own = world["users"], world["shared"], world["own"]
    for status in ("open", "done", "all"):
        urls += [f"/followups/?status={status}&user={users['admin'].id}",
                 f"/followups/?status={status}&user={users['a'].id}",
                 f"/followups/?status={status}&party={shared.id}",
                 f"/followups/?status={status}&party={own.id}",
                 f"/followups/?status={status}&q=SEGREDO"]
    for slug in ("quotes", "orders"):
        urls += [f"/documents/{slug}/?q=SEGREDO", f"/documents/{slug}/?q={shared.code}",
                 f"/documents/{slug}/?salesperson={users['a'].id}",
                 f"/documents/{slug}/?salesperson={users['admin'].id}"]
    urls += ["/followups/?period=today", "/followups/?period=overdue", "/alerts/due",
             "/followups/export.csv?status=all&internal=1",
             f"/parties/lookup?kind=customer&code={shared.code}"]
    return urls


def readable_body(response) -> str:
    """The response's text; an XLSX file's sheets and shared strings unzipped."""
    data = response.get_data()
    if response.mimetype == XLSX:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            data = b"".join(workbook.read(name) for name in workbook.namelist())
    return data.decode()


def test_no_user_sees_notes_or_documents_they_may_not_see(app, world, factory):
    top_id = _top_id(factory)
    urls = probe_urls(app, world, top_id)
    leaks: list[str] = []
    seen_own = {}
    requests = 0
    for who in USERS:
        browser = signed_in_as(app, who)
        forbidden = [m for group in FORBIDDEN[who] for m in world["markers"][group]]
        own = world["markers"].get(who, [])
        seen_own[who] = set()
        for url in urls:
            response = browser.get(url)
            requests += 1
            body = readable_body(response)
            # Admins see deleted entries only in their restore list.
            allowed_here = who == "admin" and url.startswith("/admin/deleted-entries")
            leaks += [f"{who} {url}: {m}" for m in forbidden if m in body and not allowed_here]
            seen_own[who] |= {m for m in own if m in body}
            assert response.status_code < 500, (who, url, response.status_code)
    print(f"\npermission matrix: {requests} GETs by {len(USERS)} users on {len(urls)} URLs "
          f"(ids 1..{top_id + 2}), leaks: {len(leaks)}")
    for leak in leaks[:20]:
        print("LEAK", leak)
    assert leaks == []
    # The probe can see: each user finds every text of their own somewhere.
    for who in ("admin", "a", "b"):
        assert seen_own[who] == set(world["markers"][who]), who
    assert seen_own["nothing"] == set()


# What each user gets writing to a record someone else owns: 404 where the record is hidden from
# him, 403 where he lacks the permission itself (checked first).
OTHERS_WRITES = {
    "a": {"entry": 404, "entry_delete": 403, "snooze": 404, "restore": 403,
          "document": 404, "cancel": 404, "convert": 404},
    "nothing": {"entry": 403, "entry_delete": 403, "snooze": 404, "restore": 403,
                "document": 403, "cancel": 403, "convert": 403},
}


@pytest.mark.parametrize("who", ("a", "nothing"))
def test_writes_to_records_others_own_change_nothing(app, world, factory, who):
    path = database_file(app)
    before = fingerprint(path, skip=SKIP)
    browser = signed_in_as(app, who)
    user_id = world["users"][who].id
    entries = factory.scalars(select(FollowUpEntry).where(FollowUpEntry.responsible_id != user_id))
    documents = factory.scalars(select(SalesDocument).where(
        SalesDocument.salesperson_id != user_id))
    assert len(entries) >= 5 and len(documents) >= 4
    wrong, attempts = [], 0
    expected = OTHERS_WRITES[who]
    for entry in entries:
        for what, url, form in (
                ("entry", f"/entries/{entry.id}",
                 entry_form(world, status="done", version=str(entry.version))),
                ("entry_delete", f"/entries/{entry.id}/delete", {}),
                ("snooze", f"/alerts/snooze/{entry.id}", {}),
                ("restore", f"/admin/deleted-entries/{entry.id}/restore", {})):
            attempts += 1
            status = browser.post(url, form).status_code
            wrong += [f"{url}: {status}"] if status != expected[what] else []
    for document in documents:
        for what, url, form in (
                ("document", f"/documents/{document.id}",
                 doc_form(world["shared"].code, [line("Mexido")], salesperson_id=user_id,
                          version=str(document.version))),
                ("cancel", f"/documents/{document.id}/cancel", {}),
                ("convert", f"/documents/{document.id}/convert", {})):
            attempts += 1
            status = browser.post(url, form).status_code
            wrong += [f"{url}: {status}"] if status != expected[what] else []
    changed = changed_tables(before, fingerprint(path, skip=SKIP))
    print(f"\n{who} writing to others' records: {attempts} attempts, wrong answers: {wrong}, "
          f"tables changed: {changed or 0}")
    assert wrong == []
    assert changed == []
