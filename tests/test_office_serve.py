"""`retorno serve` as the office server: the names users type, given on the command line."""

import re

from .live_server import retorno, running


def test_the_allowed_names_can_be_typed_on_the_command_line(tmp_path):
    with running("serve", "--host", "0.0.0.0", "--port", "0", "--allowed-host", "servidor",
                 "--allowed-host", "192.168.0.10", "--data-dir", str(tmp_path)) as server:
        client = server.client()  # waits for the printed URL (the "on this PC" line)
        client.host = f"servidor:{client.host.split(':')[1]}"
        status, _body, _ms = client.request("GET", "/login")
        printed = server.output
    assert status == 302  # served under the typed name (a new data folder: first run)
    port = re.search(r"http://servidor:(\d+)/", printed).group(1)
    assert f"  http://192.168.0.10:{port}/" in printed
    assert "0.0.0.0" not in printed


def test_lan_mode_without_names_is_refused_before_waiting_for_any_database(tmp_path):
    # A PostgreSQL that never answers: the refusal must not wait the 10 minutes for it.
    result = retorno("serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path),
                     "--database-url", "postgresql+psycopg://app@127.0.0.1:9/retorno")
    assert result.returncode == 2  # a usage error
    assert ("Serving beyond this PC needs RETORNO_ALLOWED_HOSTS or --allowed-host"
            in result.stderr)
    assert "No PostgreSQL server answers" not in result.stderr
