"""Real-browser tests: the app served by waitress on a free port, Debian's Chromium via Playwright.

Never `playwright install`: the browser is /usr/bin/chromium (apt package `chromium`).
Outside CI a machine without it skips these tests; with CI=true a missing browser fails them.
"""

import os
import shutil
from pathlib import Path

import pytest
from waitress.server import create_server

from app.serving import BackgroundServer

CHROMIUM = os.environ.get("RETORNO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "pt-BR", "viewport": {"width": 1280, "height": 800}}


class LiveServer:
    """The app on 127.0.0.1, served and stopped as `retorno serve` does (app/serving.py): its
    stop closes the sockets from the server's own thread (closing them from this one raced
    with the loop's select: EBADF in the loop's thread)."""

    def __init__(self, app):
        self.app = app
        self.server = BackgroundServer(create_server(app, host="127.0.0.1", port=0, threads=4))
        self.url = f"http://127.0.0.1:{self.server.port}"
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def shot(page, request):
    """Save a full-page screenshot under test-output/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, base_url: str, login: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Usuário").fill(login)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()


__all__ = ["sign_in", "shutil"]
