"""The top menu: areas register their links here instead of editing base.html."""

from dataclasses import dataclass

from flask import Flask, url_for
from flask_login import current_user


@dataclass(frozen=True)
class MenuLink:
    group: str  # "processes", "records" or "admin"
    endpoint: str
    label: object  # a lazy string, translated when shown
    visible: object = None  # optional callable(user) -> bool


def add_menu_link(app: Flask, link: MenuLink) -> None:
    app.extensions.setdefault("retorno_menu", []).append(link)


def install_menu(app: Flask) -> None:
    @app.context_processor
    def menu_links():
        def links(group: str) -> list[dict]:
            return [{"url": url_for(link.endpoint), "label": str(link.label)}
                    for link in app.extensions.get("retorno_menu", [])
                    if link.group == group and (link.visible is None or link.visible(current_user))]

        return {"extra_process_links": lambda: links("processes"),
                "extra_record_links": lambda: links("records"),
                "extra_admin_links": lambda: links("admin")}
