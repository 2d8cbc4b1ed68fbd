"""Bad input on every form (NUL, surrogates, 1 MB strings, odd dates): 0 server errors."""

import re
from collections import Counter
from datetime import date
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .route_map import routes

SKIP = {"auth.logout", "static"}  # signing out would end the session the test runs in
ODD_DATES = ["31/02/2026", "00/00/0000", "29/02/2023", "01/13/2026", "9999-12-31", "1/1/1",
             "-1/5/2020", "31/12/9999 23:59", "01/01/0001", "01/01/99999", "32/01/2026 25:61",
             "2026-02-30T10:00", "١٢/٠٣/٢٠٢٦", "01/01/2026\x00", "hoje", "", " "]
BIG = ["x" * 1_000_000, "<script>" * 100_000, "9" * 1_000_000, "é" * 500_000]
ODD_NUMBERS = ["-1", "0", "1e309", "NaN", "99999999999999999999999", "1,5", "0x10", "١"]

values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF),
            max_size=30),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "\ufeff", "\u202e"]),
    st.sampled_from(ODD_DATES),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(BIG),
    st.just("y"),
)


def encode(form: dict[str, str], token: str) -> bytes:
    """URL-encode like a broken client would: lone surrogates pass through as raw bytes."""
    pairs = [("csrf_token", token)] + list(form.items())
    return "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'))}="
                    f"{quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in pairs).encode()


def field_names(client, url: str) -> set[str]:
    page = client.get(url).get_data(as_text=True)
    return set(re.findall(r'name="([^"]+)"', page)) - {"csrf_token"}


def test_bad_form_data_never_gives_a_server_error(app, signed_in, factory, admin):
    party = factory.party("Alvo de Lixo")
    factory.entry(party, admin, return_date=date.today())
    target_user = factory.user("alvo")
    ids = {"user_id": target_user.id}
    token = signed_in.csrf_token()
    form_routes = [r for r in routes(app, methods={"POST"}, ids=ids) if r.endpoint not in SKIP]
    names: dict[str, list[str]] = {}
    every_name: set[str] = set()
    for route in form_routes:
        found = field_names(signed_in.client, route.url)
        names[route.url] = sorted(found)
        every_name |= found
    fallback = sorted(every_name)
    statuses: Counter = Counter()
    errors: list[str] = []

    @settings(max_examples=int(__import__("os").environ.get("RETORNO_HYPOTHESIS_EXAMPLES", 250)),
              deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def post_garbage(data):
        route = data.draw(st.sampled_from(form_routes))
        keys = names[route.url] or fallback
        chosen = data.draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
        form = {key: data.draw(values) for key in chosen}
        response = signed_in.client.post(route.url, data=encode(form, token),
                                         content_type="application/x-www-form-urlencoded")
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            errors.append(f"{route.url} {sorted(form)} -> {response.status_code}")

    post_garbage()
    total = sum(statuses.values())
    print(f"\nbad input: {total} generated posts on {len(form_routes)} form routes, "
          f"statuses {dict(sorted(statuses.items()))}, server errors: {len(errors)}")
    for error in errors[:10]:
        print("5xx", error)
    assert errors == []
