"""Iniciar com o sistema: an entry that starts Retorno at the user's login, to the tray.

One file per platform, in the user's own folders (no administrator rights): an XDG autostart
entry on Linux, a shortcut in the Startup folder on Windows (made by the system's own
PowerShell: no pywin32), a LaunchAgent on macOS. The file existing is the setting.
"""

import os
import plistlib
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

AUTOSTART_FLAG = "--autostart"
LAUNCH_AGENT_LABEL = "br.com.retorno.desktop"
ICON = Path(__file__).resolve().parent / "retorno.png"

Run = Callable[..., object]


class AutostartError(Exception):
    """The entry could not be written or removed (the reason is in the message)."""


def launch_command(data_dir: Path, executable: str = sys.executable,
                   frozen: bool = bool(getattr(sys, "frozen", False)),
                   platform: str = sys.platform) -> list[str]:
    """How the entry starts this Retorno on this data folder, straight to the tray."""
    if frozen:
        return [executable, "desktop", "--data-dir", str(data_dir), AUTOSTART_FLAG]
    if platform == "win32":
        windowless = Path(executable).with_name("pythonw.exe")  # no console window at login
        executable = str(windowless) if windowless.exists() else executable
    return [executable, "-m", "app.cli", "desktop", "--data-dir", str(data_dir), AUTOSTART_FLAG]


def entry_path(platform: str = sys.platform, environ: Mapping[str, str] = os.environ,
               home: Path | None = None) -> Path:
    """Where this platform looks for the user's login entries."""
    home = home or Path.home()
    if platform == "win32":
        appdata = environ.get("APPDATA") or str(home / "AppData" / "Roaming")
        return (Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
                / "Retorno.lnk")
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    config = environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(config) / "autostart" / "retorno.desktop"


def is_enabled(platform: str = sys.platform, environ: Mapping[str, str] = os.environ,
               home: Path | None = None) -> bool:
    return entry_path(platform, environ, home).exists()


def enable(command: list[str], platform: str = sys.platform,
           environ: Mapping[str, str] = os.environ, home: Path | None = None,
           run: Run = subprocess.run) -> Path:
    """Write the login entry for command; its path."""
    path = entry_path(platform, environ, home)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if platform == "win32":
            run(["powershell", "-NoProfile", "-NonInteractive", "-Command",
                 windows_shortcut_script(path, command)], check=True, capture_output=True,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        elif platform == "darwin":
            path.write_bytes(plistlib.dumps(launch_agent(command)))
        else:
            path.write_text(desktop_entry(command), encoding="utf-8")
    except (OSError, subprocess.CalledProcessError) as error:
        raise AutostartError(f"{path}: {error}") from error
    return path


def disable(platform: str = sys.platform, environ: Mapping[str, str] = os.environ,
            home: Path | None = None) -> None:
    """Remove the login entry (nothing to do when there is none)."""
    path = entry_path(platform, environ, home)
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise AutostartError(f"{path}: {error}") from error


def desktop_entry(command: list[str]) -> str:
    """An XDG autostart entry (freedesktop.org Desktop Entry, quoted as its Exec key wants)."""
    return "\n".join([
        "[Desktop Entry]", "Type=Application", "Name=Retorno",
        "Comment=Retornos de hoje e o alarme, desde o início da sessão",
        f"Exec={' '.join(_exec_argument(part) for part in command)}",
        f"Icon={ICON}", "Terminal=false", "X-GNOME-Autostart-enabled=true", ""])


def _exec_argument(part: str) -> str:
    part = part.replace("%", "%%")
    if not any(c in part for c in " \t\n\"'\\><~|&;$*?#()`"):
        return part
    for special in ("\\", '"', "`", "$"):
        part = part.replace(special, "\\" + special)
    return f'"{part}"'


def launch_agent(command: list[str]) -> dict:
    """A LaunchAgent: run once at login, not kept alive (Sair must be able to end it)."""
    return {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True,
            "KeepAlive": False, "ProcessType": "Interactive"}


def windows_shortcut_script(path: Path, command: list[str]) -> str:
    """PowerShell that saves a .lnk through the system's WScript.Shell."""
    target, arguments = command[0], subprocess.list2cmdline(command[1:])
    lnk, folder = _ps_quote(str(path)), _ps_quote(str(Path(target).parent))
    return (f"$s = (New-Object -ComObject WScript.Shell).CreateShortcut({lnk}); "
            f"$s.TargetPath = {_ps_quote(target)}; $s.Arguments = {_ps_quote(arguments)}; "
            f"$s.WorkingDirectory = {folder}; $s.WindowStyle = 7; $s.Save()")


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
