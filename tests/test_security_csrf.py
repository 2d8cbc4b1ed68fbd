"""Cross-site writes refused on every unsafe route (origin, token); GETs never write."""

from datetime import date, timedelta

import pytest

from app.models import User

from .route_map import UNSAFE, database_file, fingerprint, routes, urls_with_ids


@pytest.fixture
def records(factory, admin):
    """Something for every id-1 URL to act on, had the request got through."""
    party = factory.party("Alvo do Ataque")
    factory.entry(party, admin, return_date=date.today() + timedelta(days=2), notes="Intocado")
    return party


def test_cross_origin_and_token_less_writes_are_refused_everywhere(app, records, signed_in,
                                                                   spied_views):
    token = signed_in.csrf_token()
    before = fingerprint(database_file(app))
    spied_views.clear()
    unsafe = list(routes(app, methods=UNSAFE))
    # Another site is turned away before the token is even read (403); a bad token gets 400.
    attempts = (
        ("cross-origin", {"Origin": "http://evil.example"}, {"csrf_token": token}, 403),
        ("cross-origin null", {"Origin": "null"}, {"csrf_token": token}, 403),
        ("other port", {"Origin": "http://localhost:9999"}, {"csrf_token": token}, 403),
        ("no token", {}, {}, 400),
        ("wrong token", {}, {"csrf_token": "forged"}, 400),
    )
    not_refused = []
    for route in unsafe:
        for label, headers, data, refusal in attempts:
            response = signed_in.client.open(route.url, method=route.method, headers=headers,
                                             data=dict(data, notes="pwned", name="pwned"))
            if response.status_code != refusal:
                not_refused.append((label, route.method, route.url, response.status_code))
    after = fingerprint(database_file(app))
    changed = [table for table in before if before[table] != after.get(table)]
    print(f"\ncross-site writes: {len(unsafe) * len(attempts) - len(not_refused)}/"
          f"{len(unsafe) * len(attempts)} refused on {len(unsafe)} unsafe routes, "
          f"views run: {len(spied_views)}, tables changed: {len(changed)}")
    assert ("POST", "/language") in {(route.method, route.url) for route in unsafe}
    assert not_refused == []
    assert spied_views == []
    assert changed == []


def test_the_same_form_with_its_token_and_origin_gets_through(records, signed_in, factory,
                                                               admin):
    response = signed_in.post("/language", {"language": "en", "next": "/followups/"},
                              headers={"Origin": "http://localhost"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/followups/"
    assert factory.get(User, admin.id).language == "en"
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert '<html lang="en">' in page


def test_no_get_changes_the_database(app, records, signed_in):
    path = database_file(app)
    before = fingerprint(path)
    statuses: dict[int, int] = {}
    requests = 0
    for route in urls_with_ids(app, "GET", range(1, 4)):
        response = signed_in.get(route.url)
        response.close()  # a streamed download (the exports) ends here, not at collection
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        requests += 1
    after = fingerprint(path)
    changed = [table for table in before if before[table] != after.get(table)]
    print(f"\nGET as admin: {requests} requests {dict(sorted(statuses.items()))}, "
          f"tables changed: {changed or 0}")
    assert changed == []
    assert not any(code >= 500 for code in statuses)
