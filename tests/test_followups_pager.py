"""The list's pager: the next and previous pages keep every argument of the URL as plain text."""

import re
from datetime import date
from html import unescape


def pager_links(page: str) -> dict[str, str]:
    return {rel: unescape(href)
            for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)">', page)}


def listed_parties(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    return re.findall(r'<td><a href="/entries/\d+">([^<]+)</a></td>', body)


def test_pager_passes_arguments_named_like_url_for_options_as_text(signed_in, factory, admin,
                                                                   app):
    app.config["PAGE_SIZE"] = 1
    for n in range(3):
        factory.entry(factory.party(f"P{n}"), admin, return_date=date(2030, 1, 1 + n))
    response = signed_in.get("/followups/?page=2&_method=POST&endpoint=x&_anchor=y")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert listed_parties(page) == ["P1"]
    assert pager_links(page) == {
        "prev": "/followups/?page=1&_method=POST&endpoint=x&_anchor=y",
        "next": "/followups/?page=3&_method=POST&endpoint=x&_anchor=y"}
