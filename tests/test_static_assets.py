"""Static assets, one story: base.html's head loads the base stylesheet and script, a page adds
its own through {% block styles %} / {% block scripts %}, and no JavaScript injects CSS."""

import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .route_map import urls_with_ids
from .waiting import wait_until

APP = Path(__file__).resolve().parents[1] / "app"
STATIC = APP / "static"
TEMPLATES = APP / "templates"
ASSET_FILES = {path.name for path in STATIC.iterdir() if path.suffix in (".css", ".js")}


class PageAssets(HTMLParser):
    """Collect the stylesheets and scripts a page loads, and what the CSP would refuse."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.stylesheets: list[tuple[str, bool]] = []  # (href, inside <head>)
        self.scripts: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append((attributes.get("href") or "", self.in_head))
        elif tag == "script":
            if attributes.get("src"):
                self.scripts.append(attributes["src"])
            else:
                self.inline.append("an inline <script>")
        elif tag == "style":
            self.inline.append("a <style> element")
        self.inline += [f'{name}= on <{tag}>' for name in attributes
                        if name == "style" or name.startswith("on")]

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def static_file(url: str) -> str | None:
    """The app/static file a URL names, or None when it names none."""
    path = urlsplit(url).path
    name = path.removeprefix("/static/")
    return name if path.startswith("/static/") and (STATIC / name).is_file() else None


def import_pages(web) -> dict[str, str]:
    """Cadastros → Importar's preview and dry-run pages (behind an upload, not in the URL map)."""
    sent = web.post("/imports/", {"target": "parties", "kind": "customer",
                                  "file": (io.BytesIO(b"Nome\r\nLoja\r\n"), "c.csv")},
                    content_type="multipart/form-data")
    preview = web.post(sent.headers["Location"], {"columns-0": "name"}).headers["Location"]
    job = web.post(preview + "/run", {"dry_run": "1"}).headers["Location"]
    wait_until(lambda: web.get(job + "/progress").get_json()["finished"], what="the dry run")
    return {preview: web.get(preview).get_data(as_text=True),
            job: web.get(job).get_data(as_text=True)}


@pytest.fixture
def pages(app, web, factory, admin) -> dict[str, str]:
    """The sign-in page, the login prompt and every page an administrator opens (ids 1 and 2)."""
    party = factory.party("Padaria Pão Quente")
    entry = factory.entry(party, admin, return_date=date.today() - timedelta(days=3))
    factory.document("quote", party, admin, follow_up=entry.follow_up)  # F5 links on the follow-up
    found = {"/login": web.get("/login").get_data(as_text=True)}
    prompt = web.get(web.login("admin").headers["Location"])
    assert b'class="card narrow login-prompt"' in prompt.data
    found["/after-login"] = prompt.get_data(as_text=True)
    assert web.post("/products/new", {"code": "FOR-45", "description": "Forno", "unit": "UN",
                                      "price": "899,90", "active": "y"}).status_code == 302
    found.update(import_pages(web))
    for route in urls_with_ids(app, "GET", range(1, 3)):
        if route.url.startswith("/static/") or route.url in found:
            continue
        response = web.get(route.url)
        if response.status_code == 200 and response.mimetype == "text/html":
            found[route.url] = response.get_data(as_text=True)
        response.close()  # a streamed download (the exports) ends here, not at collection
    return found


def test_pages_load_stylesheets_in_the_head_and_only_files_of_app_static(pages):
    problems, loaded = [], set()
    for url, page in pages.items():
        assets = PageAssets()
        assets.feed(page)
        problems += [f"{url}: stylesheet {href} outside <head>"
                     for href, in_head in assets.stylesheets if not in_head]
        for src in [href for href, _ in assets.stylesheets] + assets.scripts:
            name = static_file(src)
            if name is None:
                problems.append(f"{url}: {src} is no file of app/static")
            loaded.add(name)
        problems += [f"{url}: {what} (the CSP forbids it)" for what in assets.inline]
    assert problems == []
    # The pages seen load every stylesheet and script there is: none is left unchecked (or dead).
    assert loaded == ASSET_FILES


def _without(pattern: str, text: str) -> str:
    return re.sub(pattern, "", text, flags=re.S)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_name_assets_only_in_their_blocks_and_files_that_exist(template):
    source = template.read_text(encoding="utf-8")
    missing = [name for name in re.findall(r"url_for\('static', filename='([^']+)'\)", source)
               if not (STATIC / name).is_file()]
    assert missing == []
    outside = _without(r"{% block (styles|scripts) %}.*?{% endblock %}", source)
    if template.name == "base.html":
        outside = _without(r"<head>.*?</head>", outside)
    assert re.findall(r"<link[^>]*stylesheet[^>]*>|<script[^>]*>", outside) == []
    for tag in re.findall(r"<script[^>]*>", source):
        assert " defer" in tag, f"{tag} is not deferred"


@pytest.mark.parametrize("script", sorted(STATIC.glob("*.js")), ids=lambda path: path.name)
def test_no_script_injects_a_stylesheet(script):
    source = script.read_text(encoding="utf-8")
    injections = re.findall(r"""createElement\(\s*["'](?:link|style)["']\s*\)"""
                            r"|<\s*(?:link|style)\b|insertRule|adoptedStyleSheets", source)
    assert injections == []
