"""A pulled network cable sends nothing back: the client's connections to the office server ask
the server's system now and then whether the link is alive (TCP keep-alive), so a request on a
dead link fails in about 25 s instead of waiting the 300 s a long export may take."""

import socket
from types import SimpleNamespace

from app.desktop.client_upstream import (
    PROBE_COUNT,
    PROBE_IDLE_SECONDS,
    PROBE_INTERVAL_SECONDS,
    PinnedConnection,
    probe_options,
)
from app.desktop.server_choice import ServerAddress

from .office_client_helpers import office_fixture  # noqa: F401 - fixture


def test_a_connection_to_the_office_server_probes_its_link(office):
    connection = PinnedConnection(ServerAddress("127.0.0.1", office.port),
                                  office.certificate.fingerprint)
    connection.connect()  # TCP, TLS, the pinned certificate checked (a real server here)
    try:
        sock = connection.sock
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == PROBE_IDLE_SECONDS
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == PROBE_INTERVAL_SECONDS
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == PROBE_COUNT
    finally:
        connection.close()
    # The dead link is noticed well before the wait for a slow answer ends.
    assert PROBE_IDLE_SECONDS + PROBE_INTERVAL_SECONDS * PROBE_COUNT <= 30


# Other systems' constants, faked (this machine runs Linux): only the names differ.
BASE = {"SOL_SOCKET": 1, "SO_KEEPALIVE": 9, "IPPROTO_TCP": 6}


def test_on_macos_the_idle_time_is_its_tcp_keepalive_option():
    macos = SimpleNamespace(**BASE, TCP_KEEPALIVE=0x10, TCP_KEEPINTVL=0x101, TCP_KEEPCNT=0x102)
    assert probe_options(macos) == [(1, 9, 1), (6, 0x10, PROBE_IDLE_SECONDS),
                                    (6, 0x101, PROBE_INTERVAL_SECONDS), (6, 0x102, PROBE_COUNT)]


def test_a_python_without_the_tcp_options_still_switches_probes_on():
    older_windows = SimpleNamespace(**BASE)
    assert probe_options(older_windows) == [(1, 9, 1)]
