"""Processos → Follow Up."""

from flask import Blueprint

bp = Blueprint("followups", __name__)

from . import export, routes  # noqa: E402,F401
