"""Fill pt_BR translations from a Python file defining a dict named T (msgid -> pt_BR).

Usage: python tools/i18n_fill.py my_translations.py && python tools/i18n_update.py
Only empty entries are filled; existing translations are kept.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po
from i18n_check import PO


def main(path: str) -> int:
    table = runpy.run_path(path)["T"]
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="pt_BR")
    filled = 0
    for message in catalog:
        if message.id and not message.string and message.id in table:
            message.string = table[message.id]
            filled += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, width=100)
    print(f"filled {filled} translation(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
