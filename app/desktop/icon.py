"""The app's icon file for the platform: an ICO on Windows (its API reads no PNG), else the PNG."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent  # <bundle>/app/desktop in the executable


def app_icon_path(platform: str = sys.platform) -> Path:
    """Return the icon a window or notification of this platform can load."""
    return HERE / ("retorno.ico" if platform == "win32" else "retorno.png")
