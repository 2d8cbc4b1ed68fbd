"""Which web view the window uses on each platform, its icon, and the environment it needs.

Chosen here, apart from the window itself, so each `sys.platform` branch can be tested with the
platform faked.
"""

import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

ICON_DIR = Path(__file__).resolve().parent  # retorno.png; retorno.ico in the Windows build
TRAY_ICON = ICON_DIR / "retorno.png"  # read by Qt and by Pillow (pystray) alike
# The web view of each platform, forced: pywebview would otherwise try GTK first on Linux
# (two "GTK cannot be loaded" tracebacks in the log at every start) and fall back to
# Internet Explorer (MSHTML) on Windows without WebView2, where the pages break.
BACKENDS = {"win32": "edgechromium", "darwin": "cocoa"}
LINUX_BACKEND = "qt"
# The Qt bindings pywebview's Qt backend can drive (pywebview[qt] installs PyQt6).
QT_WEBENGINE = ("PyQt6.QtWebEngineWidgets", "PyQt5.QtWebEngineWidgets",
                "PySide6.QtWebEngineWidgets")
WEBVIEW2_MISSING = "the Microsoft Edge WebView2 Runtime is not installed"


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _webview2_installed() -> bool:
    """Windows: whether pywebview finds the Edge WebView2 Runtime (its own registry check)."""
    try:
        from webview.platforms import winforms  # Windows only: loads .NET through pythonnet
    except Exception:  # noqa: BLE001 - no pythonnet/.NET: no WebView2 window either
        log.warning("pywebview's Windows backend could not be loaded", exc_info=True)
        return False
    return winforms.renderer == "edgechromium"


def gui_backend(platform: str = sys.platform) -> str:
    """The pywebview GUI to force here: WebView2 on Windows, WebKit on macOS, Qt elsewhere."""
    return BACKENDS.get(platform, LINUX_BACKEND)


def window_icon(platform: str = sys.platform, folder: Path = ICON_DIR) -> str | None:
    """The window's icon file: an .ico on Windows (WinForms reads nothing else; without one,
    the executable's own icon), the PNG where the backend reads it (Qt, WebKit)."""
    if platform == "win32":
        ico = folder / "retorno.ico"
        return str(ico) if ico.is_file() else None
    return str(folder / "retorno.png")


def gui_unavailable_reason(environ: Mapping[str, str] = os.environ,
                           platform: str = sys.platform,
                           module_exists: Callable[[str], bool] = _module_exists,
                           webview2_installed: Callable[[], bool] = _webview2_installed,
                           ) -> str | None:
    """Say why no window can open here (no display, no pywebview, no web view); None if it can."""
    if platform.startswith(("linux", "freebsd", "openbsd")):
        offscreen = environ.get("QT_QPA_PLATFORM") == "offscreen"
        if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or offscreen):
            return "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
    if not module_exists("webview"):
        return "pywebview is not installed"
    if gui_backend(platform) == LINUX_BACKEND and not any(map(module_exists, QT_WEBENGINE)):
        return "no Qt WebEngine for pywebview (install pywebview[qt])"
    if platform == "win32" and not webview2_installed():
        return WEBVIEW2_MISSING
    return None


def window_environment(storage_dir: Path | None, platform: str = sys.platform,
                       is_root: bool = False) -> dict[str, str]:
    """Variables to set before pywebview starts: the forced backend, and on Linux Qt's disk
    cache inside the data folder (QtWebEngine writes under XDG_CACHE_HOME and XDG_DATA_HOME)."""
    backend = gui_backend(platform)
    env = {"PYWEBVIEW_GUI": backend}  # also for webview.screens, which starts no GUI of ours
    if backend == LINUX_BACKEND:
        if storage_dir is not None:
            env["XDG_CACHE_HOME"] = str(storage_dir / "cache")
            # Qt makes its default profile folder there before pywebview names ours.
            env["XDG_DATA_HOME"] = str(storage_dir / "share")
        if is_root:
            # QtWebEngine hangs as root unless its sandbox is off (containers, CI).
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return env


_user_values: dict[str, str | None] = {}  # what window_environment replaced, for user_environment


def apply_window_environment(values: Mapping[str, str]) -> None:
    """Set the window's variables in this process, remembering the user's own."""
    for name, value in values.items():
        _user_values.setdefault(name, os.environ.get(name))
        os.environ[name] = value


def user_environment() -> dict[str, str]:
    """This process's environment as the user had it: for the programs we start (xdg-open and
    the browser it opens must not keep their cache in Retorno's data folder)."""
    env = dict(os.environ)
    for name, value in _user_values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
