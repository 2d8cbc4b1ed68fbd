"""Check the pt_BR catalog: every message in the code translated, and the .mo up to date.

Run by the tests and by `make translations`; prints what is missing and exits 1.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "app/translations/pt_BR/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
EXTRACT = ["extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
           "--ignore-dirs=.* __pycache__", "--sort-output", "--no-location", "."]


def extract_ids() -> set[str]:
    """Return every message id the code and templates use."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", *EXTRACT[:1],
                        *EXTRACT[1:-1], "-o", str(pot), EXTRACT[-1]],
                       cwd=ROOT, check=True, capture_output=True)
        with pot.open("rb") as handle:
            return {m.id for m in read_po(handle) if m.id and isinstance(m.id, str)}


def problems() -> list[str]:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m.string for m in catalog if m.id}
    found = []
    for msgid in sorted(extract_ids()):
        if not translated.get(msgid):
            found.append(f"untranslated: {msgid!r}")
    with MO.open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    for msgid, text in translated.items():
        if text and compiled.get(msgid) != text:
            found.append(f"messages.mo is stale (run make translations): {msgid!r}")
            break
    return found


if __name__ == "__main__":
    issues = problems()
    print("\n".join(issues) or "pt_BR catalog complete")
    sys.exit(1 if issues else 0)
