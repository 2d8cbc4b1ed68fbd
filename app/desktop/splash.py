"""What the window shows before the app exists: the splash ("Abrindo o Retorno…") and, when the
app cannot start, why. The words come from the app's own catalog through the standard library's
gettext (no Flask yet), in the company's language; the page is one self-contained HTML string
(no network, no script; its own CSP allows only its inline style)."""

import gettext
import html
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..config import Config

PACKAGE = Path(__file__).resolve().parent.parent
LOGO = PACKAGE / "static" / "retorno.svg"
TRANSLATIONS = PACKAGE / "translations"

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Retorno</title>
<style>
html, body {{ height: 100%; margin: 0; }}
body {{ display: flex; flex-direction: column; align-items: center; justify-content: center;
       background: #f3f5f8; color: #1d2733;
       font-family: "Segoe UI", "DejaVu Sans", system-ui, sans-serif; }}
svg {{ width: 96px; height: 96px; }}
h1 {{ font-size: 2rem; margin: .8rem 0 .3rem; }}
p {{ color: #5f6b7a; margin: 0; max-width: 36rem; text-align: center; line-height: 1.4; }}
p.problem {{ color: #7a1a14; }}
</style></head>
<body>{logo}<h1>Retorno</h1><p class="{kind}">{text}</p></body></html>
"""


@cache
def words() -> Callable[[str], str]:
    """gettext in the company's language (BABEL_DEFAULT_LOCALE), from the app's catalog."""
    catalog = gettext.translation("messages", localedir=TRANSLATIONS,
                                  languages=[Config.BABEL_DEFAULT_LOCALE], fallback=True)
    return catalog.gettext


def _page(text: str, kind: str) -> str:
    try:
        logo = LOGO.read_text(encoding="utf-8")
    except OSError:  # the splash still says what happens without its logo
        logo = ""
    lang = Config.BABEL_DEFAULT_LOCALE.replace("_", "-")
    return PAGE.format(lang=lang, logo=logo, kind=kind, text=html.escape(text))


def splash_page() -> str:
    """The page the window paints at once, while the app starts behind it."""
    _ = words()
    return _page(_("Opening Retorno…"), "opening")


def problem_page(data_dir: Path) -> str:
    """The page that replaces the splash when the app could not start."""
    _ = words()
    return _page(_("Retorno could not start. What went wrong is written in %(log)s.")
                 % {"log": data_dir / "logs" / "retorno.log"}, "problem")
