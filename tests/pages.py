"""Read what a user sees on a rendered page: flashed messages, messages beside fields, values."""

import re
from html import unescape

FLASH = re.compile(r'<div class="flash flash-(\w+)" role="\w+">(.*?)</div>', re.S)


def flashes(page: str) -> list[tuple[str, str]]:
    """Return (category, text) of every flashed message on the page, in order."""
    return [(category, unescape(text).strip()) for category, text in FLASH.findall(page)]


def field_error(page: str, field_id: str) -> str | None:
    """Return the message shown beside a field, or None when the field has none."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-msg"[^>]*>(.*?)</p>',
                      page, re.S)
    return unescape(match.group(1)).strip() if match else None


def input_value(page: str, name: str) -> str | None:
    """Return the value attribute of the input with this name, or None when there is none."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


def selected_option(page: str, select_id: str) -> str | None:
    """Return the value of the selected option of a <select>, or None when none is selected."""
    select = re.search(rf'<select[^>]*\bid="{re.escape(select_id)}"[^>]*>(.*?)</select>', page,
                       re.S)
    assert select, f"no <select id={select_id!r}> on the page"
    for option in re.findall(r"<option[^>]*>", select.group(1)):
        if re.search(r"\bselected\b", option):
            return unescape(re.search(r'\bvalue="([^"]*)"', option).group(1))
    return None


def landed(web, response) -> tuple[str, list[tuple[str, str]]]:
    """Follow a redirect as the browser does: where it went and the messages shown there."""
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    return location, flashes(web.get(location).get_data(as_text=True))
