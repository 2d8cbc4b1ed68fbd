"""The first start's question (one PC, or the office server), the saved choice, the address
typed, and the `retorno desktop` options that change it."""

import json
import re

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from app.cli import main
from app.desktop.client_first_start import START_PATH, FirstStartGate, first_start
from app.desktop.pinning import PIN_FILE
from app.desktop.server_choice import (
    CHOICE_FILE,
    LOCAL,
    OFFICE,
    Choice,
    ServerAddress,
    chosen_server,
    load_choice,
    parse_server_address,
    save_choice,
)
from app.rules import RuleError

from .office_client_helpers import HIDDEN, NAME, VALUE, OfficeServer


@pytest.mark.parametrize("typed,origin", [
    ("servidor", "https://servidor:8765"),
    ("  https://Servidor.local:9000/ ", "https://servidor.local:9000"),
    ("192.168.0.10:8765", "https://192.168.0.10:8765"),
    ("https://[fe80::1]:8765", "https://[fe80::1]:8765"),
])
def test_the_address_is_read_as_people_type_it(typed, origin):
    assert parse_server_address(typed).origin == origin


@pytest.mark.parametrize("typed,message", [
    ("", "Type the address the server printed"),
    ("http://servidor:8765", "HTTPS only"),
    ("https://servidor:8765/painel", "not a server address"),
    ("servidor:porta", "not a server address"),
    ("ser ver", "not a server address"),
    ("https://user@servidor", "not a server address"),
])
def test_a_bad_address_is_refused_in_the_users_words(typed, message):
    with pytest.raises(RuleError) as refused:
        parse_server_address(typed)
    assert refused.value.field == "server" and message in refused.value.message


def test_the_question_is_asked_only_at_a_window_on_a_pc_without_data_or_choice(tmp_path):
    assert first_start(tmp_path, None, window=True)
    assert not first_start(tmp_path, None, window=False)  # --no-window, or started with the system
    assert not first_start(tmp_path, "postgresql+psycopg://db/retorno", window=True)
    (tmp_path / "retorno.sqlite3").touch()  # it ran as the one-PC app before
    assert not first_start(tmp_path, None, window=True)
    (tmp_path / "retorno.sqlite3").unlink()
    save_choice(tmp_path, Choice(LOCAL))
    assert not first_start(tmp_path, None, window=True)


def test_server_and_local_options_are_remembered(tmp_path):
    office = ServerAddress("servidor", 8765)
    assert chosen_server(tmp_path, None) is None
    assert chosen_server(tmp_path, office) == office
    assert chosen_server(tmp_path, None) == office  # the next start, without the option
    assert chosen_server(tmp_path, None, local=True) is None
    assert load_choice(tmp_path) == Choice(LOCAL)
    (tmp_path / CHOICE_FILE).write_text("{damaged")
    assert load_choice(tmp_path) is None  # asked again rather than guessed


def _app_reached(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"the one-PC app"]


class ChoicePage:
    """The first-start page as the window uses it (cookies kept, hidden fields sent back)."""

    def __init__(self, gate: FirstStartGate) -> None:
        self.http = Client(gate)

    def send(self, fields: dict):
        page = self.http.get(START_PATH).get_data(as_text=True)
        hidden = {NAME.search(tag).group(1): VALUE.search(tag).group(1)
                  for tag in HIDDEN.findall(page)}
        return self.http.post(START_PATH, data={**hidden, **fields})


@pytest.fixture
def gate(tmp_path):
    gate = FirstStartGate(_app_reached, tmp_path, window=None, actions={})
    yield gate
    gate.stop()


def test_every_page_asks_first_and_both_choices_show(gate):
    http = Client(gate)
    answer = http.get("/painel")
    assert (answer.status_code, answer.headers["Location"]) == (303, START_PATH)
    page = http.get(START_PATH).get_data(as_text=True)
    assert "Este computador usa o servidor do escritório?" in page
    assert "Só este computador" in page and "Usar o servidor do escritório" in page


def test_only_this_computer_goes_on_as_today_in_one_click(gate, tmp_path):
    answer = ChoicePage(gate).send({"local": "Só este computador"})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/")
    assert Client(gate).get("/").get_data() == b"the one-PC app"
    assert json.loads((tmp_path / CHOICE_FILE).read_text()) == {"mode": LOCAL}


@pytest.mark.parametrize("typed,message", [
    ("", "Digite o endereço que o servidor mostrou"),
    ("http://servidor:8765", "só é acessado por HTTPS"),
    ("servidor:porta", "Isto não é um endereço de servidor"),
])
def test_a_bad_address_is_shown_beside_the_field_with_the_text_kept(gate, tmp_path, typed,
                                                                    message):
    answer = ChoicePage(gate).send({"server": typed, "office": "Usar o servidor do escritório"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    beside = re.search(r'<p class="field-error" id="server-msg" role="alert">([^<]*)</p>', page)
    assert message in beside.group(1)
    assert f'value="{typed}"' in page
    assert not (tmp_path / CHOICE_FILE).exists()


def test_the_office_server_choice_opens_its_certificate_page(app, gate, tmp_path):
    office = OfficeServer(app, tmp_path / "server-data").start()
    try:
        answer = ChoicePage(gate).send({"server": f"https://127.0.0.1:{office.port}",
                                        "office": "Usar o servidor do escritório"})
        assert answer.status_code == 200
        proxy = gate.office.url
        assert f'<meta http-equiv="refresh" content="0; url={proxy}">' in answer.get_data(
            as_text=True)
        assert load_choice(tmp_path) == Choice(OFFICE, ServerAddress("127.0.0.1", office.port))
        assert Client(gate).get("/").headers["Location"] == proxy  # the window goes there
        assert not (tmp_path / PIN_FILE).exists()  # compared on the next page, not before
    finally:
        office.stop()


def test_enter_in_the_address_field_sends_the_address(app, gate, tmp_path):
    office = OfficeServer(app, tmp_path / "server-data").start()
    try:  # the browser's implicit submit: no button named in the form data
        answer = ChoicePage(gate).send({"server": f"127.0.0.1:{office.port}"})
        assert f"url={gate.office.url}" in answer.get_data(as_text=True)
        assert load_choice(tmp_path).mode == OFFICE
    finally:
        office.stop()


def test_desktop_refuses_a_plain_http_server_address(tmp_path):
    result = CliRunner().invoke(main, ["desktop", "--no-window", "--data-dir", str(tmp_path),
                                       "--server", "http://servidor:8765"])
    assert result.exit_code == 2
    assert "HTTPS only" in result.output
    assert not (tmp_path / CHOICE_FILE).exists()


def test_forget_certificate_forgets_and_says_so(tmp_path):
    (tmp_path / PIN_FILE).write_text('{"origin": "https://servidor:8765", "fingerprint": "AB"}')
    command = ["desktop", "--data-dir", str(tmp_path), "--forget-certificate"]
    result = CliRunner().invoke(main, command)
    assert (result.exit_code, result.output) == (0, "The pinned server certificate was "
                                                    "forgotten: the next start asks to compare "
                                                    "the new one.\n")
    assert not (tmp_path / PIN_FILE).exists()
    assert CliRunner().invoke(main, command).output == "No server certificate was pinned.\n"
