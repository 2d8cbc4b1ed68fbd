"""DNS rebinding: a foreign Host is refused on every route, before any view runs."""

import socket

import pytest

from app.desktop.control import TOKEN_HEADER, Action, ControlEndpoint
from app.desktop.server import LocalServer, wait_until_ready

from .route_map import routes

FOREIGN_HOSTS = ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example:8765",
                 "attacker:80", "192.168.0.66:8765", "[::2]:8765")
TOKEN = "instance-token"


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


@pytest.fixture
def desktop_server(app, admin):
    """The app behind the desktop's control endpoint on a real waitress server, as `retorno`
    runs it; `ran` records the control actions that ran."""
    ran: list[str] = []
    actions = {"focus": Action(TOKEN, lambda body: ran.append("focus") or True)}
    server = LocalServer(ControlEndpoint(app, actions))
    server.start()
    assert wait_until_ready(server.url)
    yield server, ran
    server.stop()


def _raw_request(port: int, request_line: str, headers: dict[str, str]) -> str:
    """Send one request exactly as written (a request line no HTTP client library would send)."""
    lines = [request_line, *(f"{name}: {value}" for name, value in headers.items()),
             "Connection: close", "Content-Length: 0", "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall("\r\n".join(lines).encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.decode("latin-1").split("\r\n", 1)[0]


def test_control_endpoint_refuses_a_foreign_host_even_with_the_token(desktop_server):
    server, ran = desktop_server
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1.evil.example"):
        status = _raw_request(server.port, "POST /__retorno/focus HTTP/1.1",
                              {"Host": host, TOKEN_HEADER: TOKEN})
        assert status.startswith("HTTP/1.1 400"), (host, status)
    assert ran == []
    status = _raw_request(server.port, "POST /__retorno/focus HTTP/1.1",
                          {"Host": f"127.0.0.1:{server.port}", TOKEN_HEADER: TOKEN})
    assert status == "HTTP/1.1 200 OK"
    assert ran == ["focus"]


@pytest.mark.parametrize("target", ["http://evil.example/login", "http://evil.example:80/login",
                                    "http://127.0.0.1.evil.example/login"])
def test_a_foreign_name_in_the_request_line_is_refused(desktop_server, target):
    server, ran = desktop_server
    loopback = {"Host": f"127.0.0.1:{server.port}"}
    assert _raw_request(server.port, f"GET {target} HTTP/1.1", loopback).startswith(
        "HTTP/1.1 400")
    control = target.replace("/login", "/__retorno/focus")
    assert _raw_request(server.port, f"POST {control} HTTP/1.1",
                        {**loopback, TOKEN_HEADER: TOKEN}).startswith("HTTP/1.1 400")
    assert ran == []


def test_a_loopback_name_in_the_request_line_is_served(desktop_server):
    server, _ran = desktop_server
    target = f"http://127.0.0.1:{server.port}/login"
    status = _raw_request(server.port, f"GET {target} HTTP/1.1",
                          {"Host": f"127.0.0.1:{server.port}"})
    assert status == "HTTP/1.1 200 OK"
