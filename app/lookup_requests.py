"""What the Consulta's views read from a request: the text, the page, and where a pick returns.

The Consulta grid page also works without JavaScript: the lupa beside a code field links to it
with `next` (the form's own address) and `param` (the query parameter that takes the pick), and
each row links back there with the picked value.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, request

PAGE_MAX = 10_000  # nobody pages further; larger numbers would overflow the row offset
SUGGESTIONS = 8
_PARAM = re.compile(r"^[a-z_]{1,20}$")


def requested_text() -> str:
    return request.args.get("q", "")[:500]


def requested_page() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), PAGE_MAX)


def requested_size(default: int = SUGGESTIONS) -> int:
    size = request.args.get("size", default, type=int) or default
    return min(max(size, 1), current_app.config["PAGE_SIZE"])


@dataclass
class PickTarget:
    """The form a Consulta page was opened from, and the parameter that carries the pick."""

    next: str
    param: str
    value: str  # what the parameter carries: the record's "code" or its "id"

    def url(self, code: str, record_id: int, **extra: str) -> str:
        picked = record_id if self.value == "id" else code
        separator = "&" if "?" in self.next else "?"
        return self.next + separator + urlencode({**extra, self.param: picked})


def _is_local_path(url: str) -> bool:
    return (url.startswith("/") and not url.startswith("//") and "\\" not in url
            and len(url) <= 1000 and not any(ord(c) < 32 for c in url))


def pick_target() -> PickTarget | None:
    """Where a picked row returns, when the page was opened from a form of this app."""
    next_url = request.args.get("next", "")
    param = request.args.get("param", "code")
    if not _is_local_path(next_url) or not _PARAM.match(param):
        return None
    value = "id" if request.args.get("value") == "id" else "code"
    return PickTarget(next_url, param, value)
