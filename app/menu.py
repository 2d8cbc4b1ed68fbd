"""The top menu: areas register their links here instead of editing base.html."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, url_for
from flask_login import current_user

from .models import User

# "direct": on the bar, outside the menus; "user": beside the user's name (Minha senha, …)
GROUPS = ("direct", "processes", "records", "admin", "user")


@dataclass(frozen=True)
class MenuLink:
    group: str
    endpoint: str
    label: object  # a lazy string, translated when shown
    visible: Callable[[User], bool] | None = None  # shown to whom (everyone signed in if None)
    values: tuple[tuple[str, str], ...] = ()  # the endpoint's URL values, e.g. (("slug", "x"),)


def add_menu_link(app: Flask, link: MenuLink) -> None:
    if link.group not in GROUPS:
        raise ValueError(f"unknown menu group {link.group!r}")
    app.extensions.setdefault("retorno_menu", []).append(link)


def install_menu(app: Flask) -> None:
    @app.context_processor
    def menu_links():
        def links(group: str) -> list[dict]:
            """The group's links this user may follow, in the order the areas added them."""
            return [{"url": url_for(link.endpoint, **dict(link.values)), "label": str(link.label)}
                    for link in app.extensions.get("retorno_menu", [])
                    if link.group == group and (link.visible is None or link.visible(current_user))]

        return {"menu_links": links}
