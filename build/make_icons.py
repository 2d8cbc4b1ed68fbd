"""Render app/static/retorno.svg into the window icon (PNG) and the Windows icon (ICO).

Run from the checkout: `QT_QPA_PLATFORM=offscreen .venv/bin/python build/make_icons.py`
(needs PyQt6 from pywebview[qt] and ImageMagick's `convert`). The results are committed.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "app" / "static" / "retorno.svg"
PNG = ROOT / "app" / "desktop" / "retorno.png"
ICO = ROOT / "build" / "retorno.ico"


def render_png(size: int = 256) -> None:
    """Draw the SVG on a transparent square image."""
    from PyQt6.QtCore import Qt
    from PyQt6.QtGui import QGuiApplication, QImage, QPainter
    from PyQt6.QtSvg import QSvgRenderer

    _app = QGuiApplication(sys.argv)  # noqa: F841 - QPainter needs a GUI application
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(PNG)):
        raise SystemExit(f"could not write {PNG}")


if __name__ == "__main__":
    render_png()
    sizes = "icon:auto-resize=256,128,64,48,32,16"
    subprocess.run(["convert", str(PNG), "-define", sizes, str(ICO)], check=True)
    print(f"wrote {PNG.relative_to(ROOT)} and {ICO.relative_to(ROOT)}")
