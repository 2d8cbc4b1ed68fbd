"""Merge new messages into the pt_BR catalog (keeping translations) and compile it.

Usage: python tools/i18n_update.py   — then fill the empty msgstr lines it lists.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from i18n_check import EXTRACT, MO, PO, ROOT, problems


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pot_path = Path(tmp) / "messages.pot"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", EXTRACT[0],
                        *EXTRACT[1:-1], "-o", str(pot_path), EXTRACT[-1]],
                       cwd=ROOT, check=True, capture_output=True)
        with pot_path.open("rb") as handle:
            template = read_po(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="pt_BR")
    catalog.update(template, no_fuzzy_matching=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, width=100,
                 ignore_obsolete=True)
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d",
                    str(PO.parent.parent.parent), "--statistics"], check=True)
    remaining = problems()
    print("\n".join(remaining) or f"pt_BR catalog complete ({MO})")
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
