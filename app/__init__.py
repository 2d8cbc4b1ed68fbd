"""Retorno: a Flask app; its factory is `create_app` (app/factory.py).

The factory is loaded when first asked for, not when the package is: `retorno desktop` paints
its window before Flask, SQLAlchemy and the blueprints are imported (1–2 s), and every module
of the package would otherwise pay for them first.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """`from app import create_app` loads the factory module on first use (PEP 562)."""
    if name == "create_app":
        from .factory import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
