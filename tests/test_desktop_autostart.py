"""Iniciar com o sistema: the login entry of each platform, and the page that switches it."""

import plistlib
import shlex
import sys
from pathlib import Path

import pytest

from app.desktop import autostart
from app.desktop.autostart import AUTOSTART_FLAG, disable, enable, is_enabled, launch_command

COMMAND = ["/opt/My Apps/retorno", "desktop", "--data-dir", "/home/ana/Retorno $dados",
           AUTOSTART_FLAG]


def test_linux_writes_an_xdg_autostart_entry_and_removes_it(tmp_path):
    home = tmp_path / "home"
    path = enable(COMMAND, platform="linux", environ={}, home=home)
    assert path == home / ".config" / "autostart" / "retorno.desktop"
    entry = dict(line.split("=", 1) for line in path.read_text().splitlines()[1:])
    assert path.read_text().startswith("[Desktop Entry]\n")
    assert entry["Type"] == "Application"
    # Quoted as the Exec key wants: "…" around spaces, \$ inside quotes.
    assert entry["Exec"] == ('"/opt/My Apps/retorno" desktop --data-dir '
                             '"/home/ana/Retorno \\$dados" --autostart')
    assert is_enabled(platform="linux", environ={}, home=home)
    disable(platform="linux", environ={}, home=home)
    assert not path.exists()
    assert not is_enabled(platform="linux", environ={}, home=home)


def test_linux_follows_xdg_config_home(tmp_path):
    environ = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    path = enable(COMMAND, platform="linux", environ=environ, home=tmp_path / "home")
    assert path == tmp_path / "config" / "autostart" / "retorno.desktop"


def test_macos_writes_a_launch_agent_and_removes_it(tmp_path):
    path = enable(COMMAND, platform="darwin", environ={}, home=tmp_path)
    assert path == tmp_path / "Library" / "LaunchAgents" / "br.com.retorno.desktop.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] is False
    disable(platform="darwin", environ={}, home=tmp_path)
    assert not path.exists()


def test_windows_saves_a_shortcut_in_the_startup_folder_and_removes_it(tmp_path):
    """The .lnk is made by Windows' PowerShell (WScript.Shell), which this machine lacks: the
    fake stands for that one call only and saves the file where the script says."""
    appdata = tmp_path / "AppData" / "Roaming"
    scripts = []

    def powershell(command, **_options):
        scripts.append(command[-1])
        lnk = command[-1].split("CreateShortcut('", 1)[1].split("')", 1)[0]
        Path(lnk.replace("''", "'")).write_bytes(b"L\0\0\0")

    path = enable(COMMAND, platform="win32", environ={"APPDATA": str(appdata)},
                  home=tmp_path, run=powershell)
    startup = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    assert path == startup / "Retorno.lnk" and path.exists()
    assert "$s.TargetPath = '/opt/My Apps/retorno'" in scripts[0]
    assert ("$s.Arguments = 'desktop --data-dir \"/home/ana/Retorno $dados\" --autostart'"
            in scripts[0])
    assert is_enabled(platform="win32", environ={"APPDATA": str(appdata)}, home=tmp_path)
    disable(platform="win32", environ={"APPDATA": str(appdata)}, home=tmp_path)
    assert not path.exists()


def test_the_entry_starts_this_install_on_this_data_folder(tmp_path):
    data = tmp_path / "data"
    assert launch_command(data, "/apps/Retorno.exe", frozen=True, platform="win32") == [
        "/apps/Retorno.exe", "desktop", "--data-dir", str(data), "--autostart"]
    assert launch_command(data, "/venv/bin/python", frozen=False, platform="linux") == [
        "/venv/bin/python", "-m", "app.cli", "desktop", "--data-dir", str(data), "--autostart"]


def test_a_refused_write_is_an_autostart_error(tmp_path):
    blocked = tmp_path / "config"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(autostart.AutostartError):
        enable(COMMAND, platform="linux", environ={"XDG_CONFIG_HOME": str(blocked)})


@pytest.fixture
def desktop_app(app, tmp_path, monkeypatch):
    """The app as `retorno desktop` runs it, with the user's config folder in tmp_path."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app.config["DESKTOP_APP"] = True
    return tmp_path / "config" / "autostart" / "retorno.desktop"


def test_a_seller_switches_start_with_the_system_on_and_off(desktop_app, web, factory):
    factory.user("vendas")
    web.login("vendas")
    page = web.get("/account/preferences").get_data(as_text=True)
    assert "Iniciar com o sistema" in page
    assert 'name="start_with_system" type="checkbox" value="y">' in page  # off by default
    saved = web.post("/account/preferences", {"start_with_system": "y"}, follow_redirects=True)
    assert "Preferências salvas." in saved.get_data(as_text=True)
    assert 'checked id="start_with_system"' in saved.get_data(as_text=True)
    exec_line = next(line for line in desktop_app.read_text().splitlines()
                     if line.startswith("Exec="))
    command = shlex.split(exec_line[len("Exec="):])
    assert command[-3:] == ["--data-dir", web.client.application.config["DATA_DIR"],
                            "--autostart"]
    web.post("/account/preferences", {}, follow_redirects=True)
    assert not desktop_app.exists()


def test_only_the_desktop_app_on_its_own_computer_may_switch_it(desktop_app, web, factory):
    factory.user("vendas")
    web.login("vendas")
    web.client.application.config["DESKTOP_APP"] = False  # `retorno serve` for the office
    page = web.get("/account/preferences").get_data(as_text=True)
    assert "disabled" in page
    refused = web.post("/account/preferences", {"start_with_system": "y"})
    assert refused.status_code == 422
    assert "Só no aplicativo do computador" in refused.get_data(as_text=True)
    assert not desktop_app.exists()
    web.client.application.config["DESKTOP_APP"] = True
    from_the_lan = web.post("/account/preferences", {"start_with_system": "y"},
                            environ_base={"REMOTE_ADDR": "192.168.0.20"})
    assert from_the_lan.status_code == 422
    assert not desktop_app.exists()
