"""Helpers for the cross-cutting tests: every route of the URL map, and database fingerprints."""

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from werkzeug.routing import IntegerConverter

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
SLUGS = ("customers", "suppliers", "quotes", "orders", "sales", "1")


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    method: str
    url: str


def _fill(rule, ids: dict | None = None, text: str = "1") -> str:
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = (ids or {}).get(name, 1)
        else:
            values[name] = text
    url = rule.rule
    for name, value in values.items():
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
    return url


def routes(app, methods=None, text: str = "1", ids: dict | None = None) -> Iterator[Route]:
    """Yield one concrete URL per (rule, method), converters filled with 1 (or given ids)."""
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if methods is None or method in methods:
                yield Route(rule.rule, rule.endpoint, method, _fill(rule, ids, text))


def endpoint_methods(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) the URL map answers, HEAD and OPTIONS aside."""
    return {(route.endpoint, route.method) for route in routes(app)}


def urls_with_ids(app, method: str, id_range: range, texts=SLUGS) -> Iterator[Route]:
    """Yield every URL of a method with each id of id_range (and each slug) in its converters."""
    seen = set()
    for rule in app.url_map.iter_rules():
        if method not in rule.methods or rule.endpoint == "static":
            continue
        for ident in id_range if rule.arguments else (1,):
            for text in texts if rule.arguments else ("1",):
                ids = {name: ident for name in rule.arguments}
                url = _fill(rule, ids, text)
                if url not in seen:
                    seen.add(url)
                    yield Route(rule.rule, rule.endpoint, method, url)


def database_file(app) -> Path:
    return Path(app.config["DATA_DIR"]) / "retorno.sqlite3"


def fingerprint(path: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    """Return {table: (row count, hash of every row)} for an SQLite file."""
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
        result = {}
        for table in tables:
            if table in skip:
                continue
            rows = connection.execute(f'select * from "{table}" order by 1').fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        connection.close()
