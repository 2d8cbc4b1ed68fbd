"""Cadastro de Clientes e Fornecedores."""

from flask import Blueprint

bp = Blueprint("parties", __name__, url_prefix="/parties")

from . import routes  # noqa: E402,F401
