"""DNS rebinding: a foreign Host is refused on every route, before any view runs."""


import pytest

from .route_map import routes

FOREIGN_HOSTS = ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example:8765",
                 "attacker:80", "192.168.0.66:8765", "[::2]:8765")



def test_foreign_host_is_refused_on_every_route(app, signed_in, spied_views):
    token = signed_in.csrf_token()  # fetched through the views before counting starts
    spied_views.clear()
    every = list(routes(app))
    refused = 0
    attempts = 0
    for route in every:
        for host in FOREIGN_HOSTS:
            attempts += 1
            response = signed_in.client.open(route.url, method=route.method,
                                             environ_overrides={"HTTP_HOST": host},
                                             data={"csrf_token": token})
            if response.status_code == 400 and response.mimetype == "text/plain":
                refused += 1
    print(f"\nforeign Host: {refused}/{attempts} requests refused "
          f"({len(every)} routes x {len(FOREIGN_HOSTS)} hosts), views run: {len(spied_views)}")
    assert refused == attempts
    assert spied_views == []


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"])
def test_loopback_names_are_served(web, admin, host):
    response = web.client.get("/login", environ_overrides={"HTTP_HOST": host})
    assert response.status_code == 200


def test_lan_mode_serves_only_the_configured_names(app, web, admin):
    app.config["ALLOWED_HOSTS"] = ("server.local",)
    assert web.client.get("/login", environ_overrides={"HTTP_HOST": "server.local:8765"}
                          ).status_code == 200
    assert web.client.get("/login", environ_overrides={"HTTP_HOST": "other.local:8765"}
                          ).status_code == 400
